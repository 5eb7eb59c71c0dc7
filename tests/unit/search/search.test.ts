import { describe, expect, it } from 'vitest';
import { searchLibrary } from '../../../src/lib/library/queries';
import { LibraryIndex } from '../../../src/lib/library/live';
import { RoomBuilder } from '../queries/fixtures';

/** A small library whose every filter has a yes and a no. */
function library() {
  return new RoomBuilder()
    .asset('a1', {
      name: 'Hero Introduction',
      prompt: 'hero standing on a mountain at sunset',
      tags: ['hero', 'intro', 'cinematic'],
      category: 'marketing',
      engine: 'runway',
      creator_id: 'u1',
      duration: 15,
      created_at: '2025-12-01T10:00:00Z',
      metadata: { mood: 'dramatic', scene_type: 'wide', views: { u1: 200, u2: 45 } },
    })
    .asset('a2', {
      name: 'Dragon Flight',
      prompt: 'a dragon flying over the castle',
      tags: ['fantasy', 'action'],
      category: 'content',
      engine: 'pika',
      creator_id: 'u2',
      duration: 30,
      created_at: '2025-06-15T08:00:00Z',
      metadata: { mood: 'intense', scene_type: 'aerial', views: { u1: 10 } },
    })
    .asset('a3', {
      name: 'Calm Ocean',
      prompt: 'waves at dawn',
      tags: ['nature', 'cinematic'],
      category: 'social',
      engine: 'luma',
      creator_id: 'u1',
      duration: 5,
      status: 'draft',
      created_at: '2025-12-31T23:30:00Z',
      metadata: { mood: 'calm', scene_type: 'static' },
    })
    .asset('a4', {
      name: 'Hero Remix',
      prompt: 'hero at night',
      tags: ['hero', 'fantasy'],
      category: 'marketing',
      engine: 'runway',
      creator_id: 'u3',
      duration: 20,
      created_at: '2025-01-02T00:00:00Z',
      metadata: { mood: 'dramatic', scene_type: 'close_up', views: { u3: 1000 } },
    })
    .asset('t1', {
      name: 'Trashed Hero',
      tags: ['hero'],
      trashed_at: '2025-12-02T00:00:00Z',
      trashed_by: 'u1',
    })
    .edge('l1', 'a1', 'a4', { evolution_type: 'remix' });
}

const ids = (filters: object, index = library().index()) =>
  searchLibrary(index, filters).results.map((row) => row.id);

describe('searchLibrary', () => {
  it('returns rows in the spec shape, newest first by default, trash left out', () => {
    const response = searchLibrary(library().index(), {});
    expect(response.results.map((r) => r.id)).toEqual(['a3', 'a1', 'a2', 'a4']);
    expect(response).toMatchObject({ total: 4, page: 1, per_page: 24, total_pages: 1 });
    expect(response.results[1]).toEqual({
      id: 'a1',
      name: 'Hero Introduction',
      thumbnail_url: '/t/a1.jpg',
      duration: 15,
      tags: 'cinematic,hero,intro',
      category: 'marketing',
      mood: 'dramatic',
      scene_type: 'wide',
      engine: 'runway',
      creator_id: 'u1',
      status: 'ready',
      created_at: '2025-12-01T10:00:00Z',
      view_count: 245,
      duplicate_count: 0,
      remix_count: 1,
      has_lineage: true,
      lineage_version: 1,
      share_level: 'team',
    });
  });

  it('filters by each filter alone', () => {
    expect(ids({ tags: ['hero'] })).toEqual(['a1', 'a4']);
    expect(ids({ tags: 'hero,fantasy' })).toEqual(['a4']);
    expect(ids({ categories: ['content', 'social'] })).toEqual(['a3', 'a2']);
    expect(ids({ moods: ['dramatic'] })).toEqual(['a1', 'a4']);
    expect(ids({ scene_types: ['aerial', 'static'] })).toEqual(['a3', 'a2']);
    expect(ids({ engines: ['pika'] })).toEqual(['a2']);
    expect(ids({ creators: ['u1'] })).toEqual(['a3', 'a1']);
    expect(ids({ date_from: '2025-06-15', date_to: '2025-12-01' })).toEqual(['a1', 'a2']);
    expect(ids({ date_to: '2025-12-31' })).toEqual(['a3', 'a1', 'a2', 'a4']);
    expect(ids({ date_from: '2025-12-01T10:00:01Z' })).toEqual(['a3']);
    expect(ids({ duration_min: 15, duration_max: 20 })).toEqual(['a1', 'a4']);
    expect(ids({ has_lineage: true })).toEqual(['a1', 'a4']);
    expect(ids({ has_lineage: false })).toEqual(['a3', 'a2']);
    expect(ids({ search_text: 'dragon' })).toEqual(['a2']);
    expect(ids({ status: 'draft' })).toEqual(['a3']);
    expect(ids({ status: ['ready'] })).toEqual(['a1', 'a2', 'a4']);
    expect(ids({ team_id: 'team2' })).toEqual([]);
    expect(ids({ trashed: true })).toEqual(['t1']);
  });

  it('combines filters (all must hold)', () => {
    expect(ids({ tags: ['hero'], moods: ['dramatic'], duration_min: 16 })).toEqual(['a4']);
    const filters = { categories: ['marketing'], engines: ['runway'], sort_by: 'name' };
    expect(ids({ search_text: 'hero', ...filters })).toEqual(['a1', 'a4']);
    expect(ids({ search_text: 'cinematic', creators: ['u1'], status: 'ready' })).toEqual(['a1']);
  });

  it('matches prefixes, typos from four letters, and every word', () => {
    expect(ids({ search_text: 'dra', sort_by: 'name' })).toEqual(['a2']);
    expect(ids({ search_text: 'h', sort_by: 'name' })).toEqual(['a1', 'a4']);
    expect(ids({ search_text: 'dragn' })).toEqual(['a2']);
    expect(ids({ search_text: 'drg' })).toEqual([]);
    expect(ids({ search_text: 'hero night' })).toEqual(['a4']);
    expect(ids({ search_text: 'HERO, Sunset!' })).toEqual(['a1']);
  });

  it('searches collection notes and evolution notes', () => {
    const room = library()
      .collection('c1', [
        { asset_id: 'a3', order_key: 'a0', notes: 'opening for the zephyr campaign' },
      ])
      .setAssetField('a2', 'evolution_note', 'changed lighting to moonlight', true);
    const index = room.index();
    expect(ids({ search_text: 'zephyr' }, index)).toEqual(['a3']);
    expect(ids({ search_text: 'moonlight' }, index)).toEqual(['a2']);
  });

  it('ranks by relevance when there is text, name matches first', () => {
    const room = library().setAssetField('a3', 'prompt', 'waves at dawn, a dragon far away');
    expect(ids({ search_text: 'dragon' }, room.index())).toEqual(['a2', 'a3']);
    expect(ids({ search_text: 'dragon', sort_order: 'asc' }, room.index())).toEqual(['a3', 'a2']);
    // Past the scoring budget (common words at scale) the order comes from where terms occur.
    const cheap = new LibraryIndex([room.room], { rankBudget: 0 });
    expect(ids({ search_text: 'dragon' }, cheap)).toEqual(['a2', 'a3']);
    expect(ids({ search_text: 'dra' }, cheap)).toEqual(['a2', 'a3']);
  });

  it('sorts by each field in both orders', () => {
    expect(ids({ sort_by: 'name' })).toEqual(['a3', 'a2', 'a1', 'a4']);
    expect(ids({ sort_by: 'name', sort_order: 'desc' })).toEqual(['a4', 'a1', 'a2', 'a3']);
    expect(ids({ sort_by: 'duration', sort_order: 'asc' })).toEqual(['a3', 'a1', 'a4', 'a2']);
    expect(ids({ sort_by: 'duration' })).toEqual(['a2', 'a4', 'a1', 'a3']);
    expect(ids({ sort_by: 'views' })).toEqual(['a4', 'a1', 'a2', 'a3']);
    expect(ids({ sort_by: 'views', sort_order: 'asc' })).toEqual(['a3', 'a2', 'a1', 'a4']);
    expect(ids({ sort_by: 'created', sort_order: 'asc' })).toEqual(['a4', 'a2', 'a1', 'a3']);
  });

  it('pages with totals', () => {
    const index = library().index();
    const page1 = searchLibrary(index, { per_page: 3 });
    const page2 = searchLibrary(index, { per_page: 3, page: 2 });
    const page3 = searchLibrary(index, { per_page: 3, page: 3 });
    expect(page1.results.map((r) => r.id)).toEqual(['a3', 'a1', 'a2']);
    expect(page2.results.map((r) => r.id)).toEqual(['a4']);
    expect(page3.results).toEqual([]);
    expect([page1.total, page1.total_pages, page2.page, page2.per_page]).toEqual([4, 2, 2, 3]);
  });

  it('rejects bad filters with INVALID naming the field', () => {
    const index = library().index();
    const cases: [object, string][] = [
      [{ page: 0 }, 'page'],
      [{ per_page: 101 }, 'per_page'],
      [{ sort_by: 'rating' }, 'sort_by'],
      [{ sort_order: 'up' }, 'sort_order'],
      [{ date_from: 'yesterday' }, 'date_from'],
      [{ date_from: '2025-02-01', date_to: '2025-01-01' }, 'date_to'],
      [{ duration_min: 10, duration_max: 5 }, 'duration_max'],
      [{ duration_min: -1 }, 'duration_min'],
      [{ tags: ['ok', 'a,b'] }, 'tags.1'],
      [{ creators: ['a b'] }, 'creators.0'],
      [{ has_lineage: 'yes' }, 'has_lineage'],
      [{ sort_by: 'relevance' }, 'sort_by'],
    ];
    for (const [filters, path] of cases) {
      expect(() => searchLibrary(index, filters), JSON.stringify(filters)).toThrow(
        expect.objectContaining({ code: 'INVALID', path }),
      );
    }
  });

  it('accepts nulls and numeric ids from JSON bodies', () => {
    expect(ids({ tags: null, search_text: null, creators: [1] })).toEqual([]);
  });
});
