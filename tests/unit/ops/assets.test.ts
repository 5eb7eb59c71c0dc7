import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createAsset,
  purgeAsset,
  recordView,
  restoreAsset,
  trashAsset,
  updateAsset,
} from '../../../src/lib/library/ops/assets';
import { addToCollection, createCollection } from '../../../src/lib/library/ops/index';
import { assetsOf, collectionsOf } from '../../../src/lib/library/schema';
import {
  TestTeam,
  assetIn,
  collectionIn,
  expectOneTransaction,
  expectRefused,
  recordTransactions,
} from '../helpers/library';

const SHA = 'a'.repeat(64);

function setup() {
  const team = new TestTeam();
  const alice = team.ctx('alice', 'editor');
  const bob = team.ctx('bob', 'editor');
  const viewer = team.ctx('vera', 'viewer');
  const admin = team.ctx('ada', 'admin');
  return { team, alice, bob, viewer, admin };
}

describe('createAsset', () => {
  it('creates a team asset with defaults, readable back through the record reader', () => {
    const { team, alice } = setup();
    const { asset_id: id } = expectOneTransaction(team.docs(), 'createAsset', 'alice', () =>
      createAsset(alice, {
        name: 'Hero Introduction',
        prompt: 'hero on a hill',
        engine: 'runway',
        duration: 15,
        tags: 'hero, Intro,cinematic,hero',
        video_sha256: SHA.toUpperCase(),
        mood: 'dramatic',
        creator_id: 'alice',
        team_id: 'team1',
      }),
    );
    const asset = assetIn(team.teamDoc, id);
    expect(asset).toMatchObject({
      id,
      team_id: 'team1',
      creator_id: 'alice',
      name: 'Hero Introduction',
      status: 'draft',
      duration: 15,
      tags: ['cinematic', 'hero', 'intro'],
      video_sha256: SHA,
      created_at: '2026-01-01T10:00:00.000Z',
      trashed_at: null,
    });
    expect(asset.metadata).toMatchObject({
      share_level: 'team',
      lineage_branch: 'main',
      lineage_version: 1,
      lineage_root_id: null,
      mood: 'dramatic',
      can_duplicate: true,
      can_remix: true,
      view_count: 0,
    });
  });

  it('puts a private asset in the creator’s private room', () => {
    const { team, alice } = setup();
    const { asset_id: id } = createAsset(alice, { name: 'secret', share_level: 'private' });
    expect(assetsOf(team.teamDoc).has(id)).toBe(false);
    expect(assetIn(team.privateDoc('alice'), id).metadata.share_level).toBe('private');
  });

  it('refuses bad input naming the field, and changes nothing', () => {
    const { team, alice } = setup();
    expectRefused(team.docs(), () => createAsset(alice, { name: '' }), 'INVALID', 'name');
    expectRefused(team.docs(), () => createAsset(alice, { tags: ['a', 'b,c'] }), 'INVALID');
    expectRefused(team.docs(), () => createAsset(alice, { duration: -1 }), 'INVALID', 'duration');
    expectRefused(
      team.docs(),
      () => createAsset(alice, { status: 'done' as never }),
      'INVALID',
      'status',
    );
    expectRefused(
      team.docs(),
      () => createAsset(alice, { video_sha256: 'xyz' }),
      'INVALID',
      'video_sha256',
    );
  });

  it('names the failing tag by index', () => {
    const { team, alice } = setup();
    expectRefused(
      team.docs(),
      () => createAsset(alice, { tags: ['ok', 'x'.repeat(51)] }),
      'INVALID',
      'tags.1',
    );
  });

  it('refuses viewers and acting in someone else’s name', () => {
    const { team, alice, viewer } = setup();
    expectRefused(team.docs(), () => createAsset(viewer, { name: 'x' }), 'FORBIDDEN');
    expectRefused(
      team.docs(),
      () => createAsset(alice, { name: 'x', creator_id: 'bob' }),
      'FORBIDDEN',
      'creator_id',
    );
    expectRefused(
      team.docs(),
      () => createAsset(alice, { name: 'x', team_id: 'other' }),
      'FORBIDDEN',
      'team_id',
    );
  });
});

describe('updateAsset', () => {
  it('writes only the fields that changed, tags as a set difference', () => {
    const { team, alice, bob } = setup();
    const { asset_id: id } = createAsset(alice, { name: 'A', tags: ['x', 'y'], prompt: 'p' });
    team.tick();
    const result = expectOneTransaction(team.docs(), 'updateAsset', 'bob', () =>
      updateAsset(bob, {
        asset_id: id,
        name: 'A',
        prompt: 'new prompt',
        tags: 'y,z',
        mood: 'calm',
        generation_params: { steps: 30 },
      }),
    );
    expect(result.changed.sort()).toEqual(['generation_params', 'mood', 'prompt', 'tags']);
    const asset = assetIn(team.teamDoc, id);
    expect(asset).toMatchObject({
      name: 'A',
      prompt: 'new prompt',
      tags: ['y', 'z'],
      generation_params: { steps: 30 },
      updated_at: '2026-01-01T10:00:01.000Z',
    });
    expect(asset.metadata.mood).toBe('calm');
  });

  it('merges concurrent tag edits of two peers', () => {
    const { team, alice } = setup();
    const { asset_id: id } = createAsset(alice, { name: 'A', tags: ['x', 'y'] });
    const other = new TestTeam();
    Y.applyUpdate(other.teamDoc, Y.encodeStateAsUpdate(team.teamDoc));
    updateAsset(alice, { asset_id: id, tags: ['x', 'y', 'sunset'] });
    updateAsset(other.ctx('bob', 'editor'), { asset_id: id, tags: ['y'] });
    Y.applyUpdate(team.teamDoc, Y.encodeStateAsUpdate(other.teamDoc));
    expect(assetIn(team.teamDoc, id).tags).toEqual(['sunset', 'y']);
  });

  it('makes no transaction when nothing changes', () => {
    const { team, alice } = setup();
    const { asset_id: id } = createAsset(alice, { name: 'A', tags: ['x'] });
    const { origins, result } = recordTransactions(team.docs(), () =>
      updateAsset(alice, { asset_id: id, name: 'A', tags: ['x'] }),
    );
    expect(origins).toHaveLength(0);
    expect(result.changed).toEqual([]);
  });

  it('refuses bad input, unknown ids, viewers, trashed assets and share_level', () => {
    const { team, alice, viewer } = setup();
    const { asset_id: id } = createAsset(alice, { name: 'A' });
    const docs = team.docs();
    expectRefused(docs, () => updateAsset(alice, { asset_id: id, width: 1.5 }), 'INVALID', 'width');
    expectRefused(docs, () => updateAsset(alice, { asset_id: 'a/b' }), 'INVALID', 'asset_id');
    expectRefused(docs, () => updateAsset(alice, { asset_id: 'nope' }), 'NOT_FOUND', 'asset_id');
    expectRefused(docs, () => updateAsset(viewer, { asset_id: id, name: 'B' }), 'FORBIDDEN');
    expectRefused(
      docs,
      () => updateAsset(alice, { asset_id: id, share_level: 'private' }),
      'INVALID',
      'share_level',
    );
    trashAsset(alice, { asset_id: id });
    expectRefused(
      team.docs(),
      () => updateAsset(alice, { asset_id: id, name: 'B' }),
      'NOT_FOUND',
      'asset_id',
    );
  });

  it('lets only the creator or an admin change can_duplicate / can_remix', () => {
    const { team, alice, bob, admin } = setup();
    const { asset_id: id } = createAsset(alice, { name: 'A' });
    expectRefused(
      team.docs(),
      () => updateAsset(bob, { asset_id: id, can_remix: false }),
      'FORBIDDEN',
      'can_remix',
    );
    updateAsset(alice, { asset_id: id, can_remix: false });
    updateAsset(admin, { asset_id: id, can_duplicate: false });
    expect(assetIn(team.teamDoc, id).metadata).toMatchObject({
      can_remix: false,
      can_duplicate: false,
    });
  });
});

describe('trash, restore, purge', () => {
  it('trashes and restores', () => {
    const { team, alice, bob } = setup();
    const { asset_id: id } = createAsset(alice, { name: 'A' });
    expectOneTransaction(team.docs(), 'trashAsset', 'bob', () => trashAsset(bob, { asset_id: id }));
    expect(assetIn(team.teamDoc, id)).toMatchObject({
      trashed_at: '2026-01-01T10:00:00.000Z',
      trashed_by: 'bob',
    });
    expectRefused(team.docs(), () => trashAsset(bob, { asset_id: id }), 'NOT_FOUND', 'asset_id');
    expectOneTransaction(team.docs(), 'restoreAsset', 'alice', () =>
      restoreAsset(alice, { asset_id: id }),
    );
    expect(assetIn(team.teamDoc, id).trashed_at).toBeNull();
    expectRefused(team.docs(), () => restoreAsset(alice, { asset_id: id }), 'CONFLICT', 'asset_id');
  });

  it('refuses viewers and unknown ids', () => {
    const { team, alice, viewer } = setup();
    const { asset_id: id } = createAsset(alice, { name: 'A' });
    expectRefused(team.docs(), () => trashAsset(viewer, { asset_id: id }), 'FORBIDDEN');
    expectRefused(team.docs(), () => trashAsset(alice, { asset_id: 'x' }), 'NOT_FOUND', 'asset_id');
    expectRefused(team.docs(), () => trashAsset(alice, {} as never), 'INVALID', 'asset_id');
    trashAsset(alice, { asset_id: id });
    expectRefused(team.docs(), () => restoreAsset(viewer, { asset_id: id }), 'FORBIDDEN');
  });

  it('purges only from the trash, only by creator or admin, with its items', () => {
    const { team, alice, bob, admin } = setup();
    const { asset_id: id } = createAsset(alice, { name: 'A' });
    const { asset_id: keep } = createAsset(alice, { name: 'B' });
    const { collection_id: c } = createCollection(alice, { name: 'C' });
    addToCollection(alice, { collection_id: c, asset_id: id });
    addToCollection(alice, { collection_id: c, asset_id: keep });
    expectRefused(team.docs(), () => purgeAsset(alice, { asset_id: id }), 'CONFLICT', 'asset_id');
    trashAsset(alice, { asset_id: id });
    expectRefused(team.docs(), () => purgeAsset(bob, { asset_id: id }), 'FORBIDDEN', 'asset_id');
    expectOneTransaction(team.docs(), 'purgeAsset', 'ada', () =>
      purgeAsset(admin, { asset_id: id }),
    );
    expect(assetsOf(team.teamDoc).has(id)).toBe(false);
    expect(collectionIn(team.teamDoc, c).items.map((item) => item.asset_id)).toEqual([keep]);
    expect(collectionsOf(team.teamDoc).size).toBe(1);
  });
});

describe('recordView', () => {
  it('counts views per writer and sums them on read', () => {
    const { team, alice, bob } = setup();
    const { asset_id: id } = createAsset(alice, { name: 'A' });
    expectOneTransaction(team.docs(), 'recordView', 'alice', () =>
      recordView(alice, { asset_id: id }),
    );
    recordView(alice, { asset_id: id });
    recordView(bob, { asset_id: id });
    expect(assetIn(team.teamDoc, id).metadata.view_count).toBe(3);
  });

  it('merges views recorded offline by two people', () => {
    const { team, alice } = setup();
    const { asset_id: id } = createAsset(alice, { name: 'A' });
    const other = new TestTeam();
    Y.applyUpdate(other.teamDoc, Y.encodeStateAsUpdate(team.teamDoc));
    recordView(alice, { asset_id: id });
    recordView(other.ctx('bob', 'editor'), { asset_id: id });
    Y.applyUpdate(team.teamDoc, Y.encodeStateAsUpdate(other.teamDoc));
    expect(assetIn(team.teamDoc, id).metadata.view_count).toBe(2);
  });

  it('refuses on a read-only room (viewers’ views go through the server), unknown and trashed', () => {
    const { team, alice, viewer } = setup();
    const { asset_id: id } = createAsset(alice, { name: 'A' });
    expectRefused(team.docs(), () => recordView(viewer, { asset_id: id }), 'FORBIDDEN');
    recordView(team.ctx('vera', 'viewer', { writableTeam: true }), { asset_id: id });
    expect(assetIn(team.teamDoc, id).metadata.view_count).toBe(1);
    expectRefused(team.docs(), () => recordView(alice, { asset_id: 'x' }), 'NOT_FOUND');
    trashAsset(alice, { asset_id: id });
    expectRefused(team.docs(), () => recordView(alice, { asset_id: id }), 'NOT_FOUND');
  });
});

describe('private rooms', () => {
  it('give team roles no rights over another member’s private assets', () => {
    const { team, alice } = setup();
    const { asset_id: id } = createAsset(alice, { name: 'mine', share_level: 'private' });
    // Even a context that holds Alice's private room writable (as a server might) does not help.
    const admin = team.ctx('ada', 'admin', { extraRooms: [team.privateRoom('alice')] });
    expectRefused(team.docs(), () => updateAsset(admin, { asset_id: id, name: 'x' }), 'FORBIDDEN');
    expectRefused(team.docs(), () => trashAsset(admin, { asset_id: id }), 'FORBIDDEN');
  });
});
