import { describe, expect, it } from 'vitest';
import { collectionWithVideos, teamCollections } from '../../../src/lib/library/queries';
import { RoomBuilder } from './fixtures';

describe('collectionWithVideos', () => {
  it('returns the collection with its videos in order and derived counts', () => {
    const room = new RoomBuilder()
      .asset('a1', {
        name: 'Hero Intro',
        duration: 15,
        tags: ['hero', 'intro'],
        metadata: { mood: 'dramatic', scene_type: 'wide' },
      })
      .asset('a2', { duration: 0.1 })
      .asset('a3', { duration: 0.2 })
      .collection(
        'c1',
        [
          { asset_id: 'a3', order_key: 'a2' },
          { asset_id: 'a1', order_key: 'a0', notes: 'Opening sequence' },
          { asset_id: 'a2', order_key: 'a1' },
        ],
        { name: 'Epic Quest Campaign', tags: ['gaming', 'fantasy'] },
      );
    const result = collectionWithVideos(room.index(), 'c1');
    expect(result.collection).toEqual({
      id: 'c1',
      team_id: 'team1',
      name: 'Epic Quest Campaign',
      description: '',
      type: 'campaign',
      collection_type: 'campaign',
      video_count: 3,
      total_duration: 15.3,
      cover_image_url: null,
      tags: 'fantasy,gaming',
      category: 'marketing',
      share_level: 'team',
      is_public: false,
      creator_id: 'u1',
      created_at: '2025-06-01T12:00:00.000Z',
      updated_at: '2025-06-01T12:00:00.000Z',
      trashed_at: null,
      trashed_by: null,
    });
    expect(result.videos.map((v) => [v.asset_id, v.order_index])).toEqual([
      ['a1', 0],
      ['a2', 1],
      ['a3', 2],
    ]);
    expect(result.videos[0]).toEqual({
      asset_id: 'a1',
      name: 'Hero Intro',
      thumbnail_url: '/t/a1.jpg',
      duration: 15,
      tags: 'hero,intro',
      mood: 'dramatic',
      scene_type: 'wide',
      order_index: 0,
      order_key: 'a0',
      notes: 'Opening sequence',
      added_at: '2025-06-01T12:00:00.000Z',
      added_by: 'u1',
    });
  });

  it('skips trashed and missing videos and counts only what it shows', () => {
    const room = new RoomBuilder()
      .asset('a1', { duration: 5 })
      .asset('a2', { duration: 7, trashed_at: '2025-06-02T00:00:00Z', trashed_by: 'u1' })
      .collection('c1', [
        { asset_id: 'a1', order_key: 'a0' },
        { asset_id: 'a2', order_key: 'a1' },
        { asset_id: 'gone', order_key: 'a2' },
      ]);
    const result = collectionWithVideos(room.index(), 'c1');
    expect(result.videos.map((v) => v.asset_id)).toEqual(['a1']);
    expect(result.collection.video_count).toBe(1);
    expect(result.collection.total_duration).toBe(5);
  });

  it('orders items with equal keys by asset id (concurrent inserts)', () => {
    const room = new RoomBuilder()
      .asset('b')
      .asset('a')
      .collection('c1', [
        { asset_id: 'b', order_key: 'a0' },
        { asset_id: 'a', order_key: 'a0' },
      ]);
    expect(collectionWithVideos(room.index(), 'c1').videos.map((v) => v.asset_id)).toEqual([
      'a',
      'b',
    ]);
  });

  it('answers NOT_FOUND for an unknown collection and INVALID for a bad id', () => {
    const index = new RoomBuilder().index();
    expect(() => collectionWithVideos(index, 'nope')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(() => collectionWithVideos(index, 'a b')).toThrow(
      expect.objectContaining({ code: 'INVALID', path: 'collection_id' }),
    );
  });

  it('follows item changes live', () => {
    const room = new RoomBuilder()
      .asset('a1')
      .asset('a2')
      .collection('c1', [{ asset_id: 'a1', order_key: 'a0' }]);
    const index = room.index();
    expect(collectionWithVideos(index, 'c1').collection.video_count).toBe(1);
    room.collection('c1', [
      { asset_id: 'a2', order_key: 'a0' },
      { asset_id: 'a1', order_key: 'a1' },
    ]);
    expect(collectionWithVideos(index, 'c1').videos.map((v) => v.asset_id)).toEqual(['a2', 'a1']);
  });
});

describe('teamCollections', () => {
  it('lists the team collections, most recently updated first, with counts', () => {
    const room = new RoomBuilder()
      .asset('a1', { duration: 4 })
      .collection('old', [{ asset_id: 'a1', order_key: 'a0' }], {
        updated_at: '2025-01-01T00:00:00Z',
      })
      .collection('new', [], { updated_at: '2025-05-01T00:00:00Z' })
      .collection('other', [], { team_id: 'team2' });
    const list = teamCollections(room.index(), 'team1');
    expect(list.map((c) => [c.id, c.video_count, c.total_duration])).toEqual([
      ['new', 0, 0],
      ['old', 1, 4],
    ]);
  });
});
