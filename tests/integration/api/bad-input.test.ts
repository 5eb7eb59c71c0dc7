/**
 * Every route refuses bad input — missing fields, wrong types, unknown enum values, malformed
 * JSON, unknown ids, another user's id in the body, a team that is not the caller's — with the
 * right status, a message naming the field, and the library exactly as it was before.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type TestServer } from '../harness';
import { api } from '../server/http';
import { addMember, lib, makeUser, newAsset, ok, type User } from './client';

let server: TestServer;
let ann: User;
let bob: User;
let zed: User; // another team
let multi: User; // in two teams
let assetA: string;
let assetB: string;
let trashed: string;
let collectionId: string;
let shareId: string;

beforeAll(async () => {
  server = await startServer();
  ann = await makeUser(server, 'ann', 'Studio', 'owner');
  bob = await makeUser(server, 'bob', ann.teamId, 'editor');
  zed = await makeUser(server, 'zed', 'Elsewhere', 'owner');
  multi = await makeUser(server, 'multi', ann.teamId, 'editor');
  await addMember(server, 'multi', zed.teamId, 'editor');
  assetA = await newAsset(server, ann, { name: 'Alpha', tags: 'hero', duration: 10 });
  assetB = await newAsset(server, ann, { name: 'Beta', tags: 'villain', duration: 5 });
  trashed = await newAsset(server, ann, { name: 'Gamma' });
  await ok(server, ann, 'DELETE', `/assets/${trashed}`);
  ({ collection_id: collectionId } = await ok(server, ann, 'POST', '/collections/create', {
    name: 'Reel',
  }));
  await ok(server, ann, 'POST', `/collections/${collectionId}/add-video`, { asset_id: assetA });
  ({ share_id: shareId } = await ok(server, ann, 'POST', '/share', {
    asset_id: assetA,
    shared_with: bob.userId,
  }));
  await ok(server, ann, 'POST', '/duplicate', { asset_id: assetA });
});

afterAll(async () => {
  await server?.stop();
});

/** Everything a user could notice about the library, read through the API. */
async function snapshot(): Promise<unknown> {
  const team = `team_id=${ann.teamId}`;
  return {
    search: (await ok(server, ann, 'POST', '/search', { per_page: 100, sort_by: 'name' })).results,
    trash: (await ok(server, ann, 'GET', `/trash?${team}`)).results,
    collection: await ok(server, ann, 'GET', `/collections/${collectionId}`),
    collections: (await ok(server, ann, 'GET', `/collections/team/${ann.teamId}`)).collections,
    shares: (await ok(server, ann, 'GET', `/shares/${assetA}`)).shares,
    lineage: await ok(server, ann, 'GET', `/lineage/${assetA}`),
    map: await ok(server, ann, 'GET', `/constellation/map?${team}`),
    a: (await ok(server, ann, 'GET', `/assets/${assetA}`)).asset,
  };
}

type Case = [
  name: string,
  method: string,
  path: () => string,
  body: unknown,
  status: number,
  field: string,
  user?: () => User | null,
];

/**
 * The cases over the ids of `w` (a placeholder world gives their names before setup), one per
 * line: a table reads better than what the formatter would make of it.
 */
// prettier-ignore
const caseList = (w: World): Case[] => [
  // assets
  ['create: name of the wrong type', 'POST', () => '/assets', { name: 5 }, 400, 'name'],
  ['create: unknown share level', 'POST', () => '/assets', { share_level: 'secret' }, 400, 'share_level'],
  ['create: tags of the wrong type', 'POST', () => '/assets', { tags: 5 }, 400, 'tags'],
  ['create: duration not a number', 'POST', () => '/assets', { duration: 'long' }, 400, 'duration'],
  ['create: unknown status', 'POST', () => '/assets', { status: 'done' }, 400, 'status'],
  ['create: someone else as creator', 'POST', () => '/assets', { creator_id: w.zed.userId }, 403, 'creator_id'],
  ['create: creator_id not an id', 'POST', () => '/assets', { creator_id: { id: 1 } }, 400, 'creator_id'],
  ['create: another team', 'POST', () => '/assets', { team_id: w.zed.teamId }, 403, 'team_id'],
  ['create: team_id not an id', 'POST', () => '/assets', { team_id: [1] }, 400, 'team_id'],
  ['create: no team_id with two teams', 'POST', () => '/assets', { name: 'x' }, 400, 'team_id', () => w.multi],
  ['create: signed out', 'POST', () => '/assets', { name: 'x' }, 401, '', () => null],
  ['patch: unknown asset', 'PATCH', () => '/assets/nope', { name: 'x' }, 404, 'asset_id'],
  ['patch: empty name', 'PATCH', () => `/assets/${w.assetA}`, { name: ' ' }, 400, 'name'],
  ['patch: unknown status', 'PATCH', () => `/assets/${w.assetA}`, { status: 'done' }, 400, 'status'],
  ['patch: share level here', 'PATCH', () => `/assets/${w.assetA}`, { share_level: 'private' }, 400, 'share_level'],
  ['patch: a bad tag', 'PATCH', () => `/assets/${w.assetA}`, { tags: ['ok', 'a,b'] }, 400, 'tags.1'],
  ['get: unknown asset', 'GET', () => '/assets/nope', undefined, 404, 'asset_id'],
  ['get: malformed id', 'GET', () => '/assets/no%20pe', undefined, 400, 'asset_id'],
  ['trash: unknown asset', 'DELETE', () => '/assets/nope', undefined, 404, 'asset_id'],
  ['trash: already in the trash', 'DELETE', () => `/assets/${w.trashed}`, undefined, 404, 'asset_id'],
  ['restore: not in the trash', 'POST', () => `/assets/${w.assetA}/restore`, undefined, 409, 'asset_id'],
  ['purge: not in the trash', 'POST', () => `/assets/${w.assetA}/purge`, undefined, 409, 'asset_id'],
  ['view: in the trash', 'POST', () => `/assets/${w.trashed}/view`, undefined, 404, 'asset_id'],
  ['trash list: another team', 'GET', () => `/trash?team_id=${w.zed.teamId}`, undefined, 403, 'team_id'],
  // collections
  ['collection: unknown type', 'POST', () => '/collections/create', { collection_type: 'movie' }, 400, 'collection_type'],
  ['collection: name of the wrong type', 'POST', () => '/collections/create', { name: 123 }, 400, 'name'],
  ['collection: someone else as creator', 'POST', () => '/collections/create', { creator_id: w.zed.userId }, 403, 'creator_id'],
  ['collection: another team', 'POST', () => '/collections/create', { team_id: w.zed.teamId }, 403, 'team_id'],
  ['collection: unknown share level', 'POST', () => '/collections/create', { share_level: 'x' }, 400, 'share_level'],
  ['collection get: unknown', 'GET', () => '/collections/nope', undefined, 404, 'collection_id'],
  ['team collections: another team', 'GET', () => `/collections/team/${w.zed.teamId}`, undefined, 403, 'team_id'],
  ['add: missing asset_id', 'POST', () => `/collections/${w.collectionId}/add-video`, {}, 400, 'asset_id'],
  ['add: unknown asset', 'POST', () => `/collections/${w.collectionId}/add-video`, { asset_id: 'nope' }, 404, 'asset_id'],
  ['add: w.trashed asset', 'POST', () => `/collections/${w.collectionId}/add-video`, { asset_id: w.trashed }, 404, 'asset_id'],
  ['add: already there', 'POST', () => `/collections/${w.collectionId}/add-video`, { asset_id: w.assetA }, 409, 'asset_id'],
  ['add: negative order_index', 'POST', () => `/collections/${w.collectionId}/add-video`, { asset_id: w.assetB, order_index: -1 }, 400, 'order_index'],
  ['add: order_index a word', 'POST', () => `/collections/${w.collectionId}/add-video`, { asset_id: w.assetB, order_index: 'first' }, 400, 'order_index'],
  ['add: someone else as added_by', 'POST', () => `/collections/${w.collectionId}/add-video`, { asset_id: w.assetB, added_by: w.zed.userId }, 403, 'added_by'],
  ['add: unknown collection', 'POST', () => '/collections/nope/add-video', { asset_id: w.assetB }, 404, 'collection_id'],
  ['remove: missing asset_id', 'POST', () => `/collections/${w.collectionId}/remove-video`, {}, 400, 'asset_id'],
  ['remove: not in the collection', 'POST', () => `/collections/${w.collectionId}/remove-video`, { asset_id: w.assetB }, 404, 'asset_id'],
  ['reorder: missing asset_ids', 'POST', () => `/collections/${w.collectionId}/reorder`, {}, 400, 'asset_ids'],
  ['reorder: not a list', 'POST', () => `/collections/${w.collectionId}/reorder`, { asset_ids: 'a,b' }, 400, 'asset_ids'],
  ['reorder: not every item', 'POST', () => `/collections/${w.collectionId}/reorder`, { asset_ids: [] }, 400, 'asset_ids'],
  ['reorder: an id not in it', 'POST', () => `/collections/${w.collectionId}/reorder`, { asset_ids: [w.assetB] }, 400, 'asset_ids.0'],
  ['update collection: empty name', 'PATCH', () => `/collections/${w.collectionId}`, { name: '' }, 400, 'name'],
  ['delete collection: unknown', 'DELETE', () => '/collections/nope', undefined, 404, 'collection_id'],
  // search and filters
  ['search: unknown sort', 'POST', () => '/search', { sort_by: 'random' }, 400, 'sort_by'],
  ['search: unknown order', 'POST', () => '/search', { sort_order: 'up' }, 400, 'sort_order'],
  ['search: per_page too large', 'POST', () => '/search', { per_page: 1000 }, 400, 'per_page'],
  ['search: page zero', 'POST', () => '/search', { page: 0 }, 400, 'page'],
  ['search: tags of the wrong type', 'POST', () => '/search', { tags: 5 }, 400, 'tags'],
  ['search: not a date', 'POST', () => '/search', { date_from: 'yesterday' }, 400, 'date_from'],
  ['search: negative duration', 'POST', () => '/search', { duration_min: -1 }, 400, 'duration_min'],
  ['search: has_lineage a word', 'POST', () => '/search', { has_lineage: 'yes' }, 400, 'has_lineage'],
  ['search: another team', 'POST', () => '/search', { team_id: w.zed.teamId }, 403, 'team_id'],
  ['search: no team_id with two teams', 'POST', () => '/search', {}, 400, 'team_id', () => w.multi],
  ['filters: another team', 'GET', () => `/filters?team_id=${w.zed.teamId}`, undefined, 403, 'team_id'],
  // sharing
  ['share: unknown permission', 'POST', () => '/share', { asset_id: w.assetB, shared_with: w.bob.userId, permission: 'owner' }, 400, 'permission'],
  ['share: missing shared_with', 'POST', () => '/share', { asset_id: w.assetB }, 400, 'shared_with'],
  ['share: unknown user', 'POST', () => '/share', { asset_id: w.assetB, shared_with: 'nobody' }, 404, 'shared_with'],
  ['share: not a team member', 'POST', () => '/share', { asset_id: w.assetB, shared_with: w.zed.userId }, 404, 'shared_with'],
  ['share: someone else as shared_by', 'POST', () => '/share', { asset_id: w.assetB, shared_by: w.zed.userId, shared_with: w.bob.userId }, 403, 'shared_by'],
  ['share: expiry not a date', 'POST', () => '/share', { asset_id: w.assetB, shared_with: w.bob.userId, expires_at: 'tomorrow' }, 400, 'expires_at'],
  ['share: expiry in the past', 'POST', () => '/share', { asset_id: w.assetB, shared_with: w.bob.userId, expires_at: '2020-01-01T00:00:00' }, 400, 'expires_at'],
  ['share: unknown asset', 'POST', () => '/share', { asset_id: 'nope', shared_with: w.bob.userId }, 404, 'asset_id'],
  ['share: already shared', 'POST', () => '/share', { asset_id: w.assetA, shared_with: w.bob.userId }, 409, 'shared_with'],
  ['share: with yourself', 'POST', () => '/share', { asset_id: w.assetA, shared_with: w.ann.userId }, 400, 'shared_with'],
  ['shares: unknown asset', 'GET', () => '/shares/nope', undefined, 404, 'asset_id'],
  ['share level: unknown level', 'POST', () => '/update-share-level', { asset_id: w.assetA, share_level: 'world' }, 400, 'share_level'],
  ['share level: missing asset_id', 'POST', () => '/update-share-level', { share_level: 'team' }, 400, 'asset_id'],
  ['share level: unknown asset', 'POST', () => '/update-share-level', { asset_id: 'nope', share_level: 'team' }, 404, 'asset_id'],
  ['revoke: unknown share', 'POST', () => '/share/nope/revoke', undefined, 404, 'share_id'],
  ['change share: unknown permission', 'PATCH', () => `/shares/${w.shareId}`, { permission: 'owner' }, 400, 'permission'],
  // lineage
  ['duplicate: someone else as user_id', 'POST', () => '/duplicate', { asset_id: w.assetA, user_id: w.zed.userId }, 403, 'user_id'],
  ['duplicate: missing asset_id', 'POST', () => '/duplicate', { branch_name: 'x' }, 400, 'asset_id'],
  ['duplicate: unknown asset', 'POST', () => '/duplicate', { asset_id: 'nope' }, 404, 'asset_id'],
  ['duplicate: asset_id of the wrong type', 'POST', () => '/duplicate', { asset_id: true }, 400, 'asset_id'],
  ['duplicate: branch of the wrong type', 'POST', () => '/duplicate', { asset_id: w.assetA, branch_name: 7 }, 400, 'branch_name'],
  ['remix: missing new_prompt', 'POST', () => '/remix', { asset_id: w.assetA }, 400, 'new_prompt'],
  ['remix: empty new_prompt', 'POST', () => '/remix', { asset_id: w.assetA, new_prompt: '  ' }, 400, 'new_prompt'],
  ['remix: someone else as user_id', 'POST', () => '/remix', { asset_id: w.assetA, user_id: w.zed.userId, new_prompt: 'x' }, 403, 'user_id'],
  ['evolve: unknown asset', 'POST', () => '/evolve', { asset_id: 'nope' }, 404, 'asset_id'],
  ['extend: w.trashed asset', 'POST', () => '/extend', { asset_id: w.trashed }, 404, 'asset_id'],
  ['lineage: unknown asset', 'GET', () => '/lineage/nope', undefined, 404, 'asset_id'],
  // constellation
  ['position: x a word', 'POST', () => '/constellation/update-position', { asset_id: w.assetA, x: 'a', y: 1 }, 400, 'x'],
  ['position: x without y', 'POST', () => '/constellation/update-position', { asset_id: w.assetA, x: 1, y: null }, 400, 'y'],
  ['position: unknown asset', 'POST', () => '/constellation/update-position', { asset_id: 'nope', x: 1, y: 1 }, 404, 'asset_id'],
  ['map: another team', 'GET', () => `/constellation/map?team_id=${w.zed.teamId}`, undefined, 403, 'team_id'],
  ['map: bad filter', 'GET', () => `/constellation/map?duration_min=abc`, undefined, 400, 'duration_min'],
];

interface World {
  ann: User;
  bob: User;
  zed: User;
  multi: User;
  assetA: string;
  assetB: string;
  trashed: string;
  collectionId: string;
  shareId: string;
}

const placeholder = new Proxy({}, { get: () => 'placeholder' }) as unknown as World;
const world = (): World => ({
  ann,
  bob,
  zed,
  multi,
  assetA,
  assetB,
  trashed,
  collectionId,
  shareId,
});

describe('bad input changes nothing', () => {
  test.each(caseList(placeholder).map((c, i) => [c[0], i] as const))('%s', async (_name, i) => {
    const [, method, path, body, status, field, user] = caseList(world())[i]!;
    const before = await snapshot();
    const caller = user ? user() : ann;
    const response = await lib(server, caller, method, path(), body);
    expect(response.status).toBe(status);
    expect(response.body.success).toBe(false);
    if (field) expect(response.body.error).toMatch(new RegExp(`^${field.replace('.', '\\.')}: `));
    expect(await snapshot()).toEqual(before);
  });

  test('malformed JSON, a JSON array and a non-JSON body on every kind of write', async () => {
    const before = await snapshot();
    const writes = [
      ['POST', '/assets'],
      ['PATCH', `/assets/${assetA}`],
      ['POST', '/collections/create'],
      ['POST', `/collections/${collectionId}/add-video`],
      ['POST', `/collections/${collectionId}/reorder`],
      ['POST', '/search'],
      ['POST', '/share'],
      ['POST', '/update-share-level'],
      ['POST', '/duplicate'],
      ['POST', '/remix'],
      ['POST', '/constellation/update-position'],
    ];
    for (const [method, path] of writes) {
      const url = `/api/library${path}`;
      const broken = await api(server, method!, url, {
        token: ann.token,
        rawBody: '{"asset_id": ',
      });
      expect(broken.status, `${method} ${path}`).toBe(400);
      expect(broken.body).toEqual({ success: false, error: '(body): malformed JSON' });
      const list = await api(server, method!, url, { token: ann.token, rawBody: '[1, 2]' });
      expect(list.status, `${method} ${path}`).toBe(400);
      expect(list.body.error).toMatch(/^\(body\): /);
      const form = await api(server, method!, url, {
        token: ann.token,
        rawBody: 'asset_id=1',
        type: 'application/x-www-form-urlencoded',
      });
      expect(form.status, `${method} ${path}`).toBe(415);
    }
    expect(await snapshot()).toEqual(before);
  });

  test('a body over the size limit is 413 and changes nothing', async () => {
    const before = await snapshot();
    const body = JSON.stringify({ name: 'Huge', prompt: 'x'.repeat(1024 * 1024 + 1) });
    // node:http rather than fetch: the server answers before reading the whole upload, which
    // fetch reports as a failed request instead of showing the answer (curl shows it too).
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${server.url}/api/library/assets`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${ann.token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', (error) => {
        if (!req.writableEnded) reject(error);
      });
      req.end(body);
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text).error).toMatch(/^\(body\): /);
    expect(await snapshot()).toEqual(before);
  });

  test('every route answers 401 without credentials', async () => {
    const routes = [
      ['GET', `/assets/${assetA}`],
      ['GET', `/collections/${collectionId}`],
      ['GET', `/collections/team/${ann.teamId}`],
      ['POST', '/search'],
      ['GET', '/filters'],
      ['GET', `/shares/${assetA}`],
      ['GET', `/lineage/${assetA}`],
      ['GET', '/constellation/map'],
      ['POST', '/duplicate'],
    ];
    for (const [method, path] of routes) {
      const response = await lib(server, null, method!, path!, method === 'POST' ? {} : undefined);
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.body.success).toBe(false);
    }
  });

  test('an unknown library path is a 404 naming the path', async () => {
    const response = await lib(server, ann, 'GET', '/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ success: false, error: 'path: no such endpoint' });
  });
});
