import { describe, expect, it } from 'vitest';
import {
  createAsset,
  duplicateAsset,
  evolveAsset,
  extendAsset,
  linkLineage,
  mergeAssets,
  remixAsset,
  setShareLevel,
  trashAsset,
  updateAsset,
} from '../../../src/lib/library/index';
import { assetsOf } from '../../../src/lib/library/schema';
import { sharedRoom } from '../../../src/lib/library/rooms';
import * as Y from 'yjs';
import {
  TestTeam,
  assetIn,
  edgesIn,
  expectOneTransaction,
  expectRefused,
  newRoomDoc,
} from '../helpers/library';

const SHA = 'b'.repeat(64);

function setup() {
  const team = new TestTeam();
  const alice = team.ctx('alice', 'editor');
  const bob = team.ctx('bob', 'editor');
  const viewer = team.ctx('vera', 'viewer');
  const admin = team.ctx('ada', 'admin');
  const { asset_id: hero } = createAsset(alice, {
    name: 'Hero Introduction',
    prompt: 'Hero standing at night',
    status: 'ready',
    tags: ['hero', 'intro'],
    video_sha256: SHA,
    video_url: '/blobs/b',
    duration: 15,
    mood: 'dramatic',
  });
  return { team, alice, bob, viewer, admin, hero };
}

describe('duplicateAsset', () => {
  it('keeps a copy of a draft a draft: it has no video to be ready with', () => {
    const { alice } = setup();
    const { asset_id: draft } = createAsset(alice, { name: 'Storyboard idea', prompt: 'a fox' });
    const { duplicate_id } = duplicateAsset(alice, { asset_id: draft });
    const team = alice.rooms.find((room) => room.kind === 'team')!;
    expect(assetIn(team.doc, duplicate_id).status).toBe('draft');
  });

  it('copies the asset as ready, links it and bumps the version', () => {
    const { team, bob, hero } = setup();
    const response = expectOneTransaction(team.docs(), 'duplicateAsset', 'bob', () =>
      duplicateAsset(bob, { asset_id: hero, user_id: 'bob', branch_name: 'alternate_version' }),
    );
    expect(response.lineage_version).toBe(2);
    const copy = assetIn(team.teamDoc, response.duplicate_id);
    expect(copy).toMatchObject({
      name: 'Hero Introduction (Copy)',
      prompt: 'Hero standing at night',
      status: 'ready',
      creator_id: 'bob',
      tags: ['hero', 'intro'],
      video_sha256: SHA,
      duration: 15,
    });
    expect(copy.metadata).toMatchObject({
      parent_asset_id: hero,
      lineage_root_id: hero,
      lineage_version: 2,
      lineage_branch: 'alternate_version',
      evolution_type: 'duplicate',
      share_level: 'team',
      mood: 'dramatic',
    });
    expect(edgesIn(team.teamDoc)).toEqual([
      expect.objectContaining({
        parent_id: hero,
        child_id: response.duplicate_id,
        evolution_type: 'duplicate',
        branch_name: 'alternate_version',
        created_by: 'bob',
        is_merge: false,
        prompt_delta: '',
      }),
    ]);
    // A duplicate of the duplicate keeps the root and counts on.
    const again = duplicateAsset(bob, { asset_id: response.duplicate_id });
    expect(again.lineage_version).toBe(3);
    expect(assetIn(team.teamDoc, again.duplicate_id).metadata).toMatchObject({
      lineage_root_id: hero,
      lineage_branch: 'main',
    });
  });

  it('honours can_duplicate: only the creator and admins may then', () => {
    const { team, alice, bob, admin, hero } = setup();
    updateAsset(alice, { asset_id: hero, can_duplicate: false });
    expectRefused(
      team.docs(),
      () => duplicateAsset(bob, { asset_id: hero }),
      'FORBIDDEN',
      'asset_id',
    );
    duplicateAsset(alice, { asset_id: hero });
    duplicateAsset(admin, { asset_id: hero });
    expect(edgesIn(team.teamDoc)).toHaveLength(2);
  });

  it('refuses viewers, unknown and trashed assets, bad input, other users', () => {
    const { team, alice, bob, viewer, hero } = setup();
    const docs = team.docs();
    expectRefused(docs, () => duplicateAsset(viewer, { asset_id: hero }), 'FORBIDDEN');
    expectRefused(docs, () => duplicateAsset(bob, { asset_id: 'gone' }), 'NOT_FOUND', 'asset_id');
    expectRefused(
      docs,
      () => duplicateAsset(bob, { asset_id: hero, user_id: 'alice' }),
      'FORBIDDEN',
      'user_id',
    );
    expectRefused(
      docs,
      () => duplicateAsset(bob, { asset_id: hero, branch_name: '' }),
      'INVALID',
      'branch_name',
    );
    trashAsset(alice, { asset_id: hero });
    expectRefused(
      team.docs(),
      () => duplicateAsset(bob, { asset_id: hero }),
      'NOT_FOUND',
      'asset_id',
    );
  });

  it('puts a copy of a private clip, or of a clip the actor may only read, in their private room', () => {
    const { team, alice } = setup();
    const { asset_id: secret } = createAsset(alice, { name: 'S', share_level: 'private' });
    const { duplicate_id: copy } = duplicateAsset(alice, { asset_id: secret });
    expect(assetIn(team.privateDoc('alice'), copy).metadata.share_level).toBe('private');
    expect(edgesIn(team.privateDoc('alice'))).toHaveLength(1);

    // Carol sees one asset through her read-only shared/ projection.
    const projection = newRoomDoc();
    Y.applyUpdate(projection, Y.encodeStateAsUpdate(team.teamDoc));
    const carol = team.ctx('carol', 'editor', {
      extraRooms: [{ name: sharedRoom('carol'), kind: 'shared', doc: projection, writable: false }],
    });
    const ids = [...assetsOf(team.teamDoc).keys()];
    const { duplicate_id: own } = duplicateAsset(
      { ...carol, rooms: carol.rooms.filter((r) => r.kind !== 'team') },
      { asset_id: ids[0]! },
    );
    expect(assetIn(team.privateDoc('carol'), own).creator_id).toBe('carol');
  });
});

describe('remixAsset, evolveAsset, extendAsset', () => {
  it('remixes into a draft with the new prompt and a readable delta', () => {
    const { team, bob, hero } = setup();
    const response = expectOneTransaction(team.docs(), 'remixAsset', 'bob', () =>
      remixAsset(bob, {
        asset_id: hero,
        user_id: 'bob',
        new_prompt: 'Hero standing on mountain at sunset',
        evolution_note: 'Sunset',
        branch_name: 'sunset_version',
      }),
    );
    expect(response).toMatchObject({ lineage_version: 2 });
    const remix = assetIn(team.teamDoc, response.remix_id);
    expect(remix).toMatchObject({
      name: 'Hero Introduction (Remix)',
      prompt: 'Hero standing on mountain at sunset',
      status: 'draft',
      video_sha256: null,
      video_url: null,
    });
    expect(remix.metadata).toMatchObject({ evolution_type: 'remix', evolution_note: 'Sunset' });
    expect(edgesIn(team.teamDoc)[0]).toMatchObject({
      evolution_type: 'remix',
      original_prompt: 'Hero standing at night',
      evolved_prompt: 'Hero standing on mountain at sunset',
      prompt_delta: '+on +mountain -night +sunset',
      branch_name: 'sunset_version',
    });
  });

  it('needs a new prompt and honours can_remix', () => {
    const { team, alice, bob, hero } = setup();
    const docs = team.docs();
    expectRefused(
      docs,
      () => remixAsset(bob, { asset_id: hero } as never),
      'INVALID',
      'new_prompt',
    );
    expectRefused(
      docs,
      () => remixAsset(bob, { asset_id: hero, new_prompt: '  ' }),
      'INVALID',
      'new_prompt',
    );
    updateAsset(alice, { asset_id: hero, can_remix: false });
    expectRefused(
      team.docs(),
      () => remixAsset(bob, { asset_id: hero, new_prompt: 'x' }),
      'FORBIDDEN',
      'asset_id',
    );
    expectRefused(team.docs(), () => evolveAsset(bob, { asset_id: hero }), 'FORBIDDEN', 'asset_id');
    remixAsset(alice, { asset_id: hero, new_prompt: 'x' });
  });

  it('evolves and extends with evolution_params', () => {
    const { team, bob, hero } = setup();
    const evolved = evolveAsset(bob, {
      asset_id: hero,
      evolution_params: { motion: 'faster' },
    });
    const extended = expectOneTransaction(team.docs(), 'extendAsset', 'bob', () =>
      extendAsset(bob, {
        asset_id: evolved.asset_id,
        new_prompt: 'Hero standing at night, longer',
        evolution_params: { seconds: 10 },
      }),
    );
    expect(extended.lineage_version).toBe(3);
    expect(assetIn(team.teamDoc, evolved.asset_id)).toMatchObject({
      name: 'Hero Introduction (Evolved)',
      prompt: 'Hero standing at night',
      status: 'draft',
    });
    const edges = edgesIn(team.teamDoc);
    expect(edges.find((e) => e.child_id === evolved.asset_id)).toMatchObject({
      evolution_type: 'evolve',
      evolution_params: { motion: 'faster' },
    });
    expect(edges.find((e) => e.child_id === extended.asset_id)).toMatchObject({
      evolution_type: 'extend',
      evolution_params: { seconds: 10 },
      prompt_delta: '+longer',
    });
    expectRefused(
      team.docs(),
      () => extendAsset(bob, { asset_id: hero, evolution_params: [] as never }),
      'INVALID',
      'evolution_params',
    );
  });
});

describe('mergeAssets', () => {
  it('makes one child with one merge edge per parent', () => {
    const { team, alice, bob, hero } = setup();
    const { asset_id: other } = createAsset(alice, { name: 'Villain', tags: ['villain'] });
    const { duplicate_id: v2 } = duplicateAsset(alice, { asset_id: other });
    const merged = expectOneTransaction(team.docs(), 'mergeAssets', 'bob', () =>
      mergeAssets(bob, { parent_ids: [hero, v2], new_prompt: 'hero meets villain' }),
    );
    expect(merged.lineage_version).toBe(3);
    expect(assetIn(team.teamDoc, merged.asset_id)).toMatchObject({
      tags: ['hero', 'intro', 'villain'],
      status: 'draft',
    });
    const edges = edgesIn(team.teamDoc).filter((e) => e.child_id === merged.asset_id);
    expect(edges.map((e) => e.parent_id).sort()).toEqual([hero, v2].sort());
    expect(edges.every((e) => e.is_merge)).toBe(true);
  });

  it('refuses fewer than two parents, repeats, unknown parents', () => {
    const { team, bob, hero } = setup();
    const docs = team.docs();
    expectRefused(docs, () => mergeAssets(bob, { parent_ids: [hero] }), 'INVALID', 'parent_ids');
    expectRefused(
      docs,
      () => mergeAssets(bob, { parent_ids: [hero, hero] }),
      'INVALID',
      'parent_ids.1',
    );
    expectRefused(
      docs,
      () => mergeAssets(bob, { parent_ids: [hero, 'nope'] }),
      'NOT_FOUND',
      'parent_ids.1',
    );
  });
});

describe('linkLineage', () => {
  it('links two assets and adopts the parent when the child had none', () => {
    const { team, alice, hero } = setup();
    const { asset_id: later } = createAsset(alice, { name: 'Later', prompt: 'Hero at dawn' });
    expectOneTransaction(team.docs(), 'linkLineage', 'alice', () =>
      linkLineage(alice, { parent_id: hero, child_id: later, evolution_type: 'variation' }),
    );
    expect(assetIn(team.teamDoc, later).metadata).toMatchObject({
      parent_asset_id: hero,
      lineage_root_id: hero,
      lineage_version: 2,
    });
    expect(edgesIn(team.teamDoc)[0]).toMatchObject({ prompt_delta: '-standing -night +dawn' });
  });

  it('refuses cycles over every room, self links, repeats, viewers', () => {
    const { team, alice, viewer, hero } = setup();
    const { duplicate_id: a } = duplicateAsset(alice, { asset_id: hero });
    const { asset_id: p } = createAsset(alice, { name: 'P', share_level: 'private' });
    linkLineage(alice, { parent_id: a, child_id: p }); // a → p, stored in the private room
    const docs = team.docs();
    expectRefused(
      docs,
      () => linkLineage(alice, { parent_id: p, child_id: hero }),
      'CONFLICT',
      'parent_id',
    );
    expectRefused(
      docs,
      () => linkLineage(alice, { parent_id: hero, child_id: hero }),
      'CONFLICT',
      'parent_id',
    );
    expectRefused(
      docs,
      () => linkLineage(alice, { parent_id: hero, child_id: a }),
      'CONFLICT',
      'child_id',
    );
    expectRefused(
      docs,
      () => linkLineage(alice, { parent_id: hero, child_id: 'x' }),
      'NOT_FOUND',
      'child_id',
    );
    expectRefused(
      docs,
      () => linkLineage(alice, { parent_id: 'x', child_id: hero }),
      'NOT_FOUND',
      'parent_id',
    );
    expectRefused(
      docs,
      () => linkLineage(viewer, { parent_id: a, child_id: hero }),
      'FORBIDDEN',
      'child_id',
    );
    expectRefused(
      docs,
      () => linkLineage(alice, { parent_id: a, child_id: hero, evolution_type: 'fork' as never }),
      'INVALID',
      'evolution_type',
    );
  });
});

describe('share level of derived clips', () => {
  it('never inherits public: a copy of a public clip is a team clip', () => {
    const { team, alice, bob, hero } = setup();
    setShareLevel(alice, { asset_id: hero, share_level: 'public' });
    const { duplicate_id: copy } = duplicateAsset(bob, { asset_id: hero });
    expect(assetIn(team.teamDoc, copy).metadata.share_level).toBe('team');
  });
});
