import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { searchLibrary } from '../../../src/lib/library/queries';
import type { IndexChange } from '../../../src/lib/library/live';
import { assetsOf } from '../../../src/lib/library/schema';
import { RoomBuilder } from '../queries/fixtures';

const ids = (index: Parameters<typeof searchLibrary>[0], filters: object) =>
  searchLibrary(index, { sort_by: 'name', ...filters }).results.map((r) => r.id);

describe('the index follows the doc', () => {
  it('a renamed asset is found by its new name and no longer by its old one', () => {
    const room = new RoomBuilder()
      .asset('a1', { name: 'Golden Sunset' })
      .asset('a2', { name: 'Blue Lagoon' });
    const index = room.index();
    expect(ids(index, { search_text: 'golden' })).toEqual(['a1']);
    room.setAssetField('a1', 'name', 'Silver Moonrise');
    expect(ids(index, { search_text: 'golden' })).toEqual([]);
    expect(ids(index, { search_text: 'moonrise' })).toEqual(['a1']);
    expect(ids(index, { search_text: 'silv' })).toEqual(['a1']);
  });

  it('keeps cached short prefixes exact through edits', () => {
    const room = new RoomBuilder().asset('a1', { name: 'Zebra' }).asset('a2', { name: 'Lion' });
    const index = room.index();
    expect(ids(index, { search_text: 'z' })).toEqual(['a1']);
    expect(ids(index, { search_text: 'zeb' })).toEqual(['a1']);
    room.setAssetField('a2', 'name', 'Zebu');
    room.setAssetField('a1', 'name', 'Horse');
    expect(ids(index, { search_text: 'z' })).toEqual(['a2']);
    expect(ids(index, { search_text: 'zeb' })).toEqual(['a2']);
    room.asset('a3', { name: 'Zed' });
    expect(ids(index, { search_text: 'z' })).toEqual(['a2', 'a3']);
    room.doc.transact(() => assetsOf(room.doc).delete('a2'));
    expect(ids(index, { search_text: 'z' })).toEqual(['a3']);
  });

  it('updates facets, sorts and counts when fields change', () => {
    const room = new RoomBuilder()
      .asset('a1', { tags: ['hero'], duration: 5, metadata: { mood: 'calm' } })
      .asset('a2', { tags: ['villain'], duration: 9 });
    const index = room.index();
    room.setTags('a2', ['hero', 'villain']);
    room.setAssetField('a1', 'mood', 'dramatic', true);
    room.setAssetField('a1', 'duration', 12);
    expect(ids(index, { tags: ['hero'], sort_by: 'duration' })).toEqual(['a1', 'a2']);
    expect(ids(index, { moods: ['calm'] })).toEqual([]);
    expect(ids(index, { moods: ['dramatic'] })).toEqual(['a1']);
    room.setAssetField('a1', 'trashed_at', '2025-07-01T00:00:00Z');
    expect(ids(index, { tags: ['hero'] })).toEqual(['a2']);
    expect(ids(index, { trashed: true })).toEqual(['a1']);
  });

  it('re-indexes an asset when its collection notes change', () => {
    const room = new RoomBuilder()
      .asset('a1')
      .collection('c1', [{ asset_id: 'a1', order_key: 'a0' }]);
    const index = room.index();
    expect(ids(index, { search_text: 'quokka' })).toEqual([]);
    room.doc.transact(() => {
      const items = (room.doc.getMap('collections').get('c1') as Y.Map<unknown>).get(
        'items',
      ) as Y.Map<unknown>;
      (items.get('a1') as Y.Map<unknown>).set('notes', 'the quokka shot');
    });
    expect(ids(index, { search_text: 'quokka' })).toEqual(['a1']);
  });

  it('notifies subscribers once per transaction with the changed ids', () => {
    const room = new RoomBuilder().asset('a1').asset('a2').asset('a3');
    const index = room.index();
    const changes: IndexChange[] = [];
    const stop = index.subscribe((change) => changes.push(change));
    room.doc.transact(() => {
      for (const id of ['a1', 'a2'])
        (assetsOf(room.doc).get(id) as Y.Map<unknown>).set('name', `New ${id}`);
    });
    room.edge('l1', 'a1', 'a3');
    expect(changes).toHaveLength(2);
    expect(changes[0]!.assets.sort()).toEqual(['a1', 'a2']);
    expect(changes[1]!.lineage).toEqual(['l1']);
    expect(changes[1]!.assets.sort()).toEqual(['a1', 'a3']);
    room.doc.transact(() => room.doc.getMap('unrelated').set('x', 1));
    expect(changes).toHaveLength(2);
    stop();
    room.setAssetField('a1', 'name', 'Quiet');
    expect(changes).toHaveLength(2);
  });

  it('applies remote updates from another peer', () => {
    const room = new RoomBuilder().asset('a1', { name: 'Before' });
    const index = room.index();
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(room.doc));
    (assetsOf(peer).get('a1') as Y.Map<unknown>).set('name', 'After remote');
    Y.applyUpdate(room.doc, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(room.doc)));
    expect(ids(index, { search_text: 'remote' })).toEqual(['a1']);
  });

  it('stays correct through many replacements (vacuuming)', () => {
    const room = new RoomBuilder();
    for (let i = 0; i < 60; i++) room.asset(`a${i}`, { name: `alpha ${i}` });
    const index = room.index();
    const words = ['amber', 'basalt', 'cobalt', 'dune', 'ember'];
    for (const word of words) {
      for (let i = 0; i < 60; i++) room.setAssetField(`a${i}`, 'name', `${word} ${i}`);
    }
    expect(searchLibrary(index, { search_text: 'alpha' }).total).toBe(0);
    expect(searchLibrary(index, { search_text: 'ember' }).total).toBe(60);
    expect(searchLibrary(index, { search_text: 'cobalt' }).total).toBe(0);
    expect(ids(index, { search_text: 'ember 17' })).toEqual(['a17']);
  });

  it('stops following a destroyed index', () => {
    const room = new RoomBuilder().asset('a1', { name: 'Kept' });
    const index = room.index();
    index.destroy();
    room.setAssetField('a1', 'name', 'Changed');
    expect(ids(index, { search_text: 'kept' })).toEqual(['a1']);
  });
});
