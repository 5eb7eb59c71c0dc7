/**
 * Who may do what through the API: viewers write nothing (views aside), an `edit` share lets its
 * grantee edit that one asset and no other, an `admin` share lets them manage it, `private`
 * assets are invisible to everyone but their creator, and an expired share grants nothing.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sharesOf } from '../../../src/lib/library/schema';
import { startServer, type TestServer } from '../harness';
import { closeRooms, lib, makeUser, newAsset, ok, openRoom, until, type User } from './client';

let server: TestServer;
let ann: User; // owner
let bob: User; // editor
let vic: User; // viewer
let assetA: string;
let assetB: string;
let collectionId: string;

beforeAll(async () => {
  server = await startServer();
  ann = await makeUser(server, 'ann', 'Studio', 'owner');
  bob = await makeUser(server, 'bob', ann.teamId, 'editor');
  vic = await makeUser(server, 'vic', ann.teamId, 'viewer');
  assetA = await newAsset(server, ann, { name: 'Alpha', tags: 'hero' });
  assetB = await newAsset(server, ann, { name: 'Beta', tags: 'hero' });
  ({ collection_id: collectionId } = await ok(server, ann, 'POST', '/collections/create', {
    name: 'Reel',
  }));
});

afterAll(async () => {
  closeRooms();
  await server?.stop();
});

async function expectForbidden(
  user: User,
  method: string,
  path: string,
  body: unknown,
  field: string,
): Promise<void> {
  const response = await lib(server, user, method, path, body);
  expect(response.status, `${method} ${path}`).toBe(403);
  expect(response.body.success).toBe(false);
  expect(response.body.error, `${method} ${path}`).toMatch(new RegExp(`^${field}: `));
}

describe('viewers', () => {
  test('read the library but cannot write it', async () => {
    const found = await ok(server, vic, 'POST', '/search', { search_text: 'Alpha' });
    expect(found.results.map((r: { id: string }) => r.id)).toEqual([assetA]);
    const before = await ok(server, ann, 'GET', `/assets/${assetA}`);

    await expectForbidden(vic, 'POST', '/assets', { name: 'Mine' }, 'share_level');
    await expectForbidden(vic, 'PATCH', `/assets/${assetA}`, { name: 'Hijacked' }, 'asset_id');
    await expectForbidden(vic, 'DELETE', `/assets/${assetA}`, undefined, 'asset_id');
    await expectForbidden(vic, 'POST', '/collections/create', { name: 'Mine' }, 'share_level');
    await expectForbidden(
      vic,
      'POST',
      `/collections/${collectionId}/add-video`,
      { asset_id: assetA },
      'collection_id',
    );
    await expectForbidden(
      vic,
      'PATCH',
      `/collections/${collectionId}`,
      { name: 'x' },
      'collection_id',
    );
    await expectForbidden(vic, 'POST', '/duplicate', { asset_id: assetA }, 'asset_id');
    await expectForbidden(vic, 'POST', '/remix', { asset_id: assetA, new_prompt: 'x' }, 'asset_id');
    await expectForbidden(
      vic,
      'POST',
      '/share',
      { asset_id: assetA, shared_with: bob.userId },
      'asset_id',
    );
    await expectForbidden(
      vic,
      'POST',
      '/update-share-level',
      { asset_id: assetA, share_level: 'public' },
      'asset_id',
    );
    await expectForbidden(
      vic,
      'POST',
      '/constellation/update-position',
      { asset_id: assetA, x: 1, y: 2 },
      'asset_id',
    );
    const after = await ok(server, ann, 'GET', `/assets/${assetA}`);
    expect(after).toEqual(before);
    const collection = await ok(server, ann, 'GET', `/collections/${collectionId}`);
    expect(collection.collection).toMatchObject({ name: 'Reel', video_count: 0 });
  });

  test('a view by a viewer is counted by the server', async () => {
    const viewed = await ok(server, vic, 'POST', `/assets/${assetB}/view`);
    expect(viewed.view_count).toBe(1);
    const details = await ok(server, ann, 'GET', `/assets/${assetB}`);
    expect(details.asset.metadata.view_count).toBe(1);
  });

  test('editors may curate but not manage what others created', async () => {
    await ok(server, bob, 'POST', `/collections/${collectionId}/add-video`, { asset_id: assetA });
    await expectForbidden(
      bob,
      'DELETE',
      `/collections/${collectionId}`,
      undefined,
      'collection_id',
    );
    await expectForbidden(
      bob,
      'POST',
      '/update-share-level',
      { asset_id: assetA, share_level: 'private' },
      'asset_id',
    );
  });
});

describe('an edit share', () => {
  test('lets a viewer edit that one asset and no other', async () => {
    await ok(server, ann, 'POST', '/share', {
      asset_id: assetA,
      shared_with: vic.userId,
      permission: 'edit',
    });
    const patched = await ok(server, vic, 'PATCH', `/assets/${assetA}`, { name: 'Alpha (vic)' });
    expect(patched.changed).toEqual(['name']);
    await ok(server, vic, 'POST', '/constellation/update-position', {
      asset_id: assetA,
      x: 10,
      y: 20,
    });
    const details = await ok(server, ann, 'GET', `/assets/${assetA}`);
    expect(details.asset.name).toBe('Alpha (vic)');
    expect(details.asset.metadata).toMatchObject({ constellation_x: 10, constellation_y: 20 });

    await expectForbidden(vic, 'PATCH', `/assets/${assetB}`, { name: 'Beta (vic)' }, 'asset_id');
    // Edit is not admin: who sees the asset stays with its creator.
    await expectForbidden(
      vic,
      'POST',
      '/update-share-level',
      { asset_id: assetA, share_level: 'public' },
      'asset_id',
    );
    await expectForbidden(
      vic,
      'PATCH',
      `/assets/${assetA}`,
      { can_duplicate: false },
      'can_duplicate',
    );
    // The grant is on the asset, not on the team library.
    await expectForbidden(vic, 'POST', '/assets', { name: 'Mine' }, 'share_level');
    await expectForbidden(
      vic,
      'PATCH',
      `/collections/${collectionId}`,
      { name: 'x' },
      'collection_id',
    );
    expect((await ok(server, ann, 'GET', `/assets/${assetB}`)).asset.name).toBe('Beta');
  });

  test('an admin share also lets the grantee change its share level; a view share edits nothing', async () => {
    const assetC = await newAsset(server, ann, { name: 'Gamma' });
    await ok(server, ann, 'POST', '/share', {
      asset_id: assetC,
      shared_with: vic.userId,
      permission: 'admin',
    });
    const level = await ok(server, vic, 'POST', '/update-share-level', {
      asset_id: assetC,
      share_level: 'public',
    });
    expect(level.share_level).toBe('public');

    const assetD = await newAsset(server, ann, { name: 'Delta' });
    await ok(server, ann, 'POST', '/share', { asset_id: assetD, shared_with: vic.userId });
    await expectForbidden(vic, 'PATCH', `/assets/${assetD}`, { name: 'x' }, 'asset_id');
  });

  test('a revoked share grants nothing, and the grantee may leave a share', async () => {
    const assetE = await newAsset(server, ann, { name: 'Epsilon' });
    const { share_id: first } = await ok(server, ann, 'POST', '/share', {
      asset_id: assetE,
      shared_with: vic.userId,
      permission: 'edit',
    });
    await ok(server, vic, 'PATCH', `/assets/${assetE}`, { prompt: 'edited by vic' });
    await ok(server, ann, 'POST', `/share/${first}/revoke`);
    await expectForbidden(vic, 'PATCH', `/assets/${assetE}`, { prompt: 'again' }, 'asset_id');

    const { share_id: second } = await ok(server, ann, 'POST', '/share', {
      asset_id: assetE,
      shared_with: vic.userId,
    });
    await ok(server, vic, 'DELETE', `/shares/${second}`);
    expect((await ok(server, ann, 'GET', `/shares/${assetE}`)).shares).toEqual([]);
  });
});

describe("a share of someone's private asset", () => {
  test('lets an editor edit it only with an edit grant', async () => {
    const hidden = await newAsset(server, ann, { name: 'Theta', share_level: 'private' });
    const other = await newAsset(server, ann, { name: 'Iota', share_level: 'private' });
    const { share_id: shareId } = await ok(server, ann, 'POST', '/share', {
      asset_id: hidden,
      shared_with: bob.userId,
      permission: 'view',
    });
    const shared = await openRoom(server, `shared/${bob.userId}`, bob.token);
    await until(shared, () => shared.getMap('assets').has(hidden));

    expect((await ok(server, bob, 'GET', `/assets/${hidden}`)).asset.name).toBe('Theta');
    // A view grant: Bob's editor role must not reach into Ann's private room.
    await expectForbidden(bob, 'PATCH', `/assets/${hidden}`, { name: 'Theta (bob)' }, 'asset_id');
    await ok(server, ann, 'PATCH', `/shares/${shareId}`, { permission: 'edit' });
    await ok(server, bob, 'PATCH', `/assets/${hidden}`, { name: 'Theta (bob)' });
    expect((await ok(server, ann, 'GET', `/assets/${hidden}`)).asset.name).toBe('Theta (bob)');
    expect((await lib(server, bob, 'PATCH', `/assets/${other}`, { name: 'x' })).status).toBe(404);
    expect((await ok(server, ann, 'GET', `/assets/${other}`)).asset.name).toBe('Iota');
  });
});

describe('a grantee outside the team', () => {
  test('edits the shared asset through the API, and sees nothing else', async () => {
    const gus = await makeUser(server, 'gus', ann.teamId, 'editor');
    const assetG = await newAsset(server, ann, { name: 'Eta' });
    await ok(server, ann, 'POST', '/share', {
      asset_id: assetG,
      shared_with: gus.userId,
      permission: 'edit',
    });
    const left = await server.admin('member', 'remove', '--team', ann.teamId, '--user', 'gus');
    expect(left.success).toBe(true);
    // The server's shared/<userId> projection is what Gus still reads.
    const shared = await openRoom(server, `shared/${gus.userId}`, gus.token);
    await until(shared, () => shared.getMap('assets').has(assetG));

    const read = await ok(server, gus, 'GET', `/assets/${assetG}`);
    expect(read.asset.name).toBe('Eta');
    await ok(server, gus, 'PATCH', `/assets/${assetG}`, { name: 'Eta (gus)' });
    expect((await ok(server, ann, 'GET', `/assets/${assetG}`)).asset.name).toBe('Eta (gus)');
    expect((await lib(server, gus, 'PATCH', `/assets/${assetB}`, { name: 'x' })).status).toBe(404);
    await expectForbidden(gus, 'POST', '/search', {}, 'team_id');
    await expectForbidden(gus, 'POST', '/duplicate', { asset_id: assetG }, 'asset_id');
  });
});

describe('an expired share', () => {
  test('grants nothing and is not listed', async () => {
    const assetF = await newAsset(server, ann, { name: 'Zeta' });
    // Written by a browser (the API refuses an expiry in the past): granted, then expired.
    const doc = await openRoom(server, `team/${ann.teamId}`, ann.token);
    const share = new Y.Map<unknown>();
    doc.transact(() => {
      share.set('id', 'expired-share');
      share.set('asset_id', assetF);
      share.set('shared_by', ann.userId);
      share.set('shared_with', vic.userId);
      share.set('permission', 'edit');
      share.set('message', '');
      share.set('shared_at', '2020-01-01T00:00:00.000Z');
      share.set('expires_at', '2020-02-01T00:00:00.000Z');
      sharesOf(doc).set('expired-share', share);
    });
    // Bob's client receiving it means the server has applied it.
    const bobs = await openRoom(server, `team/${ann.teamId}`, bob.token);
    await until(bobs, () => sharesOf(bobs).has('expired-share'));

    await expectForbidden(vic, 'PATCH', `/assets/${assetF}`, { name: 'Zeta (vic)' }, 'asset_id');
    expect((await ok(server, ann, 'GET', `/shares/${assetF}`)).shares).toEqual([]);
    expect((await ok(server, ann, 'GET', `/assets/${assetF}`)).asset.name).toBe('Zeta');
  });
});

describe('private assets', () => {
  test('are invisible to everyone but their creator', async () => {
    const secret = await newAsset(server, bob, {
      name: 'Secret draft',
      tags: 'hero',
      share_level: 'private',
    });
    // A private remix of a team clip stays out of everyone else's family tree.
    const { remix_id: privateRemix } = await ok(server, bob, 'POST', '/remix', {
      asset_id: secret,
      new_prompt: 'still secret',
    });
    const teamClip = await newAsset(server, ann, { name: 'Team clip' });
    const { duplicate_id: bobsCopy } = await ok(server, bob, 'POST', '/duplicate', {
      asset_id: teamClip,
    });
    await ok(server, bob, 'POST', '/update-share-level', {
      asset_id: bobsCopy,
      share_level: 'private',
    });

    // Bob sees all of it.
    const mine = await ok(server, bob, 'POST', '/search', { search_text: 'Secret' });
    expect(mine.results.map((r: { id: string }) => r.id).sort()).toEqual(
      [secret, privateRemix].sort(),
    );
    expect((await ok(server, bob, 'GET', `/lineage/${secret}`)).descendants).toHaveLength(1);
    const bobsTree = await ok(server, bob, 'GET', `/lineage/${teamClip}`);
    expect(bobsTree.descendants.map((d: { asset_id: string }) => d.asset_id)).toEqual([bobsCopy]);

    for (const other of [ann, vic]) {
      const search = await ok(server, other, 'POST', '/search', { per_page: 100 });
      const ids = search.results.map((r: { id: string }) => r.id);
      expect(ids).not.toContain(secret);
      expect(ids).not.toContain(privateRemix);
      expect(ids).not.toContain(bobsCopy);
      for (const id of [secret, privateRemix, bobsCopy]) {
        expect((await lib(server, other, 'GET', `/assets/${id}`)).status).toBe(404);
        expect((await lib(server, other, 'GET', `/lineage/${id}`)).status).toBe(404);
        expect((await lib(server, other, 'GET', `/shares/${id}`)).status).toBe(404);
        const patch = await lib(server, other, 'PATCH', `/assets/${id}`, { name: 'found it' });
        expect(patch.status).toBe(404);
      }
      const tree = await ok(server, other, 'GET', `/lineage/${teamClip}`);
      expect(tree.descendants).toEqual([]);
      const map = await ok(server, other, 'GET', '/constellation/map');
      const stars = map.nodes.map((n: { id: string }) => n.id);
      expect(stars).toContain(teamClip);
      expect(stars).not.toContain(secret);
      expect(stars).not.toContain(bobsCopy);
      const filters = await ok(server, other, 'GET', '/filters');
      expect(filters.filters.creators).not.toContain(bob.userId);
    }
  });
});
