import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LibraryIndex, type IndexProblem } from '../../../src/lib/library/live';
import {
  collectionWithVideos,
  lineageTree,
  searchLibrary,
  sharesOfAsset,
  teamCollections,
} from '../../../src/lib/library/queries';
import { assetsOf, collectionsOf, lineageOf, sharesOf } from '../../../src/lib/library/schema';
import { assetToYMap } from '../../../src/lib/library/records/asset';
import { assetRecord, RoomBuilder } from './fixtures';

/** Records a hostile (or buggy) peer could write: they sync like any other update. */
function hostileRoom() {
  const room = new RoomBuilder()
    .asset('good', { name: 'Good clip' })
    .asset('bad-type', { name: 'Bad type' })
    .asset('bad-meta', { name: 'Bad metadata' })
    .asset('bad-tags')
    .asset('other')
    .collection('c1', [
      { asset_id: 'good', order_key: 'a0' },
      { asset_id: 'bad-type', order_key: 'a1' },
      { asset_id: 'other', order_key: 'a2' },
    ])
    .share('s-good', 'good');
  const { doc } = room;
  doc.transact(() => {
    const assets = assetsOf(doc);
    (assets.get('bad-type') as Y.Map<unknown>).set('duration', 'long');
    (assets.get('bad-meta') as Y.Map<unknown>).set('metadata', 'not a map');
    (assets.get('bad-tags') as Y.Map<unknown>).set('tags', 'a,b');
    (assets.get('other') as Y.Map<unknown>).delete('name');
    assets.set('just-a-string', 'hello');
    // A well-formed asset filed under another asset's key.
    assets.set('wrong-key', assetToYMap(assetRecord('not-wrong-key')));
    const items = (collectionsOf(doc).get('c1') as Y.Map<unknown>).get('items') as Y.Map<unknown>;
    items.set('broken-item', 'x');
    collectionsOf(doc).set('c-string', 42);
    const badShare = new Y.Map();
    badShare.set('id', 's-bad');
    badShare.set('asset_id', 'good');
    sharesOf(doc).set('s-bad', badShare);
    const loop = new Y.Map();
    for (const [k, v] of Object.entries({
      id: 'l-self',
      parent_id: 'good',
      child_id: 'good',
      evolution_type: 'remix',
      evolution_params: {},
      original_prompt: '',
      evolved_prompt: '',
      prompt_delta: '',
      created_by: 'u1',
      branch_name: 'main',
      is_merge: false,
      created_at: '2025-01-01T00:00:00Z',
    })) {
      loop.set(k, v);
    }
    lineageOf(doc).set('l-self', loop);
  });
  return room;
}

describe('malformed records from another peer', () => {
  it('are skipped and reported with room, map, id and path; queries keep working', () => {
    const reported: IndexProblem[] = [];
    const room = hostileRoom();
    const index = new LibraryIndex([room.room], { onProblem: (p) => reported.push(p) });
    const problems = index.problems.map((p) => `${p.map}/${p.id}:${p.path}`).sort();
    expect(problems).toEqual([
      'assets/bad-meta:metadata',
      'assets/bad-tags:tags',
      'assets/bad-type:duration',
      'assets/just-a-string:',
      'assets/other:name',
      'assets/wrong-key:id',
      'collections/c-string:',
      'collections/c1:items.broken-item.',
      'lineage/l-self:child_id',
      'shares/s-bad:shared_by',
    ]);
    expect(index.problems.every((p) => p.room === 'team/team1' && p.message.length > 0)).toBe(true);
    expect(reported.length).toBe(problems.length);

    expect(searchLibrary(index, {}).results.map((r) => r.id)).toEqual(['good']);
    expect(collectionWithVideos(index, 'c1').videos.map((v) => v.asset_id)).toEqual(['good']);
    expect(teamCollections(index, 'team1').map((c) => c.id)).toEqual(['c1']);
    expect(sharesOfAsset(index, 'good', new Date()).map((s) => s.share_id)).toEqual(['s-good']);
    expect(lineageTree(index, 'good').ancestors).toEqual([]);
    expect(() => lineageTree(index, 'bad-type')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });

  it('come back when a peer repairs them, and their problem goes away', () => {
    const room = hostileRoom();
    const index = room.index();
    room.setAssetField('bad-type', 'duration', 12);
    expect(searchLibrary(index, { sort_by: 'name' }).results.map((r) => r.id)).toEqual([
      'bad-type',
      'good',
    ]);
    expect(index.problems.some((p) => p.id === 'bad-type')).toBe(false);
    room.doc.transact(() => assetsOf(room.doc).delete('just-a-string'));
    expect(index.problems.some((p) => p.id === 'just-a-string')).toBe(false);
  });

  it('a valid record turning malformed disappears from queries at once', () => {
    const room = new RoomBuilder().asset('a1', { name: 'Fine' });
    const index = room.index();
    room.setAssetField('a1', 'status', 'exploded');
    expect(searchLibrary(index, {}).total).toBe(0);
    expect(index.problems).toEqual([
      expect.objectContaining({ map: 'assets', id: 'a1', path: 'status' }),
    ]);
  });
});
