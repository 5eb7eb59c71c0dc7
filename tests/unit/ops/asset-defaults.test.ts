import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  createAsset,
  duplicateAsset,
  restoreAsset,
  trashAsset,
  updateAsset,
  updateConstellationPosition,
} from '../../../src/lib/library/index';
import { ASSET_DEFAULTS, METADATA_DEFAULTS } from '../../../src/lib/library/records/asset';
import { assetsOf } from '../../../src/lib/library/schema';
import { TestTeam, assetIn, recordTransactions } from '../helpers/library';

const rawAsset = (doc: Y.Doc, id: string) => assetsOf(doc).get(id) as Y.Map<unknown>;
const rawMeta = (doc: Y.Doc, id: string) => rawAsset(doc, id).get('metadata') as Y.Map<unknown>;
const keysOf = (map: Y.Map<unknown>) => [...map.keys()];

describe('stored assets leave defaults out', () => {
  it('a created asset and its copy hold no default-valued key, and read back whole', () => {
    const team = new TestTeam();
    const alice = team.ctx('alice', 'editor');
    const { asset_id: id } = createAsset(alice, { name: 'Forest', prompt: 'a misty forest' });
    const { duplicate_id: copy } = duplicateAsset(alice, { asset_id: id });
    for (const assetId of [id, copy]) {
      const asset = rawAsset(team.teamDoc, assetId);
      const meta = rawMeta(team.teamDoc, assetId);
      for (const [key, value] of Object.entries(ASSET_DEFAULTS)) {
        if (asset.has(key)) expect(asset.get(key), key).not.toEqual(value);
      }
      for (const [key, value] of Object.entries(METADATA_DEFAULTS)) {
        if (meta.has(key)) expect(meta.get(key), key).not.toEqual(value);
      }
    }
    expect(keysOf(rawAsset(team.teamDoc, id))).not.toContain('trashed_at');
    expect(keysOf(rawMeta(team.teamDoc, id))).not.toContain('lineage_version');
    expect(keysOf(rawMeta(team.teamDoc, copy))).toContain('lineage_version');
    expect(assetIn(team.teamDoc, id)).toMatchObject({ width: null, trashed_at: null });
    expect(assetIn(team.teamDoc, id).metadata).toMatchObject({
      lineage_version: 1,
      lineage_branch: 'main',
      can_remix: true,
      constellation_x: null,
    });
    expect(assetIn(team.teamDoc, copy).metadata).toMatchObject({
      lineage_version: 2,
      parent_asset_id: id,
    });
  });

  it('a patch to the value an absent field already means makes no transaction', () => {
    const team = new TestTeam();
    const alice = team.ctx('alice', 'editor');
    const { asset_id: id } = createAsset(alice, { name: 'Forest' });
    const { origins, result } = recordTransactions(team.docs(), () =>
      updateAsset(alice, {
        asset_id: id,
        width: null,
        seed: null,
        mood: null,
        lineage_branch: 'main',
        evolution_note: '',
        used_in_projects: 0,
        can_duplicate: true,
        can_remix: true,
      }),
    );
    expect(result.changed).toEqual([]);
    expect(origins).toHaveLength(0);
    const unpin = recordTransactions(team.docs(), () =>
      updateConstellationPosition(alice, { asset_id: id, x: null, y: null, cluster: null }),
    );
    expect(unpin.origins).toHaveLength(0);
  });

  it('a field set back to its default reads as the default, and round-trips again', () => {
    const team = new TestTeam();
    const alice = team.ctx('alice', 'editor');
    const { asset_id: id } = createAsset(alice, { name: 'Forest' });
    updateConstellationPosition(alice, { asset_id: id, x: 10, y: 20, cluster: 'woods' });
    updateConstellationPosition(alice, { asset_id: id, x: null, y: null, cluster: null });
    expect(assetIn(team.teamDoc, id).metadata).toMatchObject({
      constellation_x: null,
      constellation_y: null,
      constellation_cluster: null,
    });
    updateConstellationPosition(alice, { asset_id: id, x: 1, y: 2 });
    expect(assetIn(team.teamDoc, id).metadata).toMatchObject({
      constellation_x: 1,
      constellation_y: 2,
    });

    updateAsset(alice, {
      asset_id: id,
      mood: 'calm',
      used_in_projects: 3,
      can_remix: false,
      width: 640,
    });
    const cleared = updateAsset(alice, {
      asset_id: id,
      mood: null,
      used_in_projects: 0,
      can_remix: true,
      width: null,
    });
    expect(cleared.changed.sort()).toEqual(['can_remix', 'mood', 'used_in_projects', 'width']);
    expect(assetIn(team.teamDoc, id)).toMatchObject({ width: null });
    expect(assetIn(team.teamDoc, id).metadata).toMatchObject({
      mood: null,
      used_in_projects: 0,
      can_remix: true,
    });

    trashAsset(alice, { asset_id: id });
    expect(assetIn(team.teamDoc, id).trashed_at).not.toBeNull();
    restoreAsset(alice, { asset_id: id });
    expect(assetIn(team.teamDoc, id)).toMatchObject({ trashed_at: null, trashed_by: null });
  });
});
