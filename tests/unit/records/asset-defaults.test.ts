import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  ASSET_DEFAULTS,
  METADATA_DEFAULTS,
  readAsset,
  setToYMap,
} from '../../../src/lib/library/records/asset';

const NOW = '2026-01-01T10:00:00.000Z';

/** An asset holding only the fields that have no default, as a writer leaves it. */
function minimalAsset(
  extra: Record<string, unknown> = {},
  extraMeta: Record<string, unknown> = {},
) {
  const doc = new Y.Doc();
  const asset = new Y.Map<unknown>();
  doc.transact(() => {
    doc.getMap('assets').set('a1', asset);
    const fields = {
      id: 'a1',
      team_id: 't1',
      creator_id: 'alice',
      name: 'Forest',
      prompt: 'a misty forest',
      engine: 'runway',
      status: 'ready',
      duration: 4,
      category: 'nature',
      generation_params: {},
      created_at: NOW,
      updated_at: NOW,
      ...extra,
    };
    for (const [key, value] of Object.entries(fields)) asset.set(key, value);
    asset.set('tags', setToYMap(['forest']));
    const meta = new Y.Map<unknown>();
    asset.set('metadata', meta);
    const metaFields = { share_level: 'team', created_at: NOW, updated_at: NOW, ...extraMeta };
    for (const [key, value] of Object.entries(metaFields)) meta.set(key, value);
    meta.set('views', new Y.Map<unknown>());
  });
  return asset;
}

describe('absent fields of a stored asset', () => {
  it('read as their defaults', () => {
    const read = readAsset(minimalAsset());
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value).toMatchObject(ASSET_DEFAULTS);
    expect(read.value.metadata).toMatchObject({
      ...METADATA_DEFAULTS,
      asset_id: 'a1',
      share_level: 'team',
      view_count: 0,
    });
    expect(read.value.metadata).toMatchObject({
      mood: null,
      lineage_version: 1,
      lineage_branch: 'main',
      evolution_note: '',
      can_duplicate: true,
      can_remix: true,
      used_in_projects: 0,
      constellation_x: null,
    });
    expect(read.value).toMatchObject({
      width: null,
      seed: null,
      trashed_at: null,
      tags: ['forest'],
    });
  });

  it('are validated when present: a wrong type is still a problem naming the field', () => {
    expect(readAsset(minimalAsset({ width: 'wide' }))).toMatchObject({ ok: false, path: 'width' });
    expect(readAsset(minimalAsset({}, { lineage_version: 0 }))).toMatchObject({
      ok: false,
      path: 'metadata.lineage_version',
    });
    expect(readAsset(minimalAsset({}, { can_remix: null }))).toMatchObject({
      ok: false,
      path: 'metadata.can_remix',
    });
  });

  it('leave the fields without a default required', () => {
    const asset = minimalAsset();
    asset.doc!.transact(() => (asset.get('metadata') as Y.Map<unknown>).delete('share_level'));
    expect(readAsset(asset)).toMatchObject({ ok: false, path: 'metadata.share_level' });
    asset.doc!.transact(() => asset.delete('metadata'));
    expect(readAsset(asset)).toMatchObject({ ok: false, path: 'metadata' });
  });
});
