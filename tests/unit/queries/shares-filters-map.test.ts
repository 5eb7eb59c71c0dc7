import { describe, expect, it } from 'vitest';
import {
  assetDetails,
  availableFilters,
  constellationMap,
  sharesOfAsset,
} from '../../../src/lib/library/queries';
import { RoomBuilder } from './fixtures';

describe('sharesOfAsset', () => {
  const room = new RoomBuilder()
    .asset('a1')
    .asset('a2')
    .share('s1', 'a1', {
      shared_with: 'u2',
      message: 'Check this',
      shared_at: '2025-06-01T10:00:00Z',
    })
    .share('s2', 'a1', {
      shared_with: 'u3',
      permission: 'edit',
      shared_at: '2025-06-02T10:00:00Z',
      expires_at: '2025-07-01T00:00:00Z',
    })
    .share('s3', 'a1', {
      shared_with: 'u4',
      shared_at: '2025-06-03T10:00:00Z',
      expires_at: '2025-06-10T00:00:00Z',
    })
    .share('s4', 'a2', { shared_with: 'u2' });
  const names: Record<string, string> = { u2: 'John Doe' };

  it('lists active shares newest first in the spec shape, names resolved', () => {
    const shares = sharesOfAsset(
      room.index(),
      'a1',
      new Date('2025-06-20T00:00:00Z'),
      (id) => names[id],
    );
    expect(shares).toEqual([
      {
        share_id: 's2',
        shared_with_id: 'u3',
        shared_with_name: null,
        permission: 'edit',
        message: '',
        shared_at: '2025-06-02T10:00:00Z',
        expires_at: '2025-07-01T00:00:00Z',
        shared_by: 'u1',
      },
      {
        share_id: 's1',
        shared_with_id: 'u2',
        shared_with_name: 'John Doe',
        permission: 'view',
        message: 'Check this',
        shared_at: '2025-06-01T10:00:00Z',
        expires_at: null,
        shared_by: 'u1',
      },
    ]);
  });

  it('leaves out shares from the instant they expire', () => {
    const index = room.index();
    expect(
      sharesOfAsset(index, 'a1', new Date('2025-06-09T23:59:59Z')).map((s) => s.share_id),
    ).toEqual(['s3', 's2', 's1']);
    expect(
      sharesOfAsset(index, 'a1', new Date('2025-06-10T00:00:00Z')).map((s) => s.share_id),
    ).toEqual(['s2', 's1']);
    expect(
      sharesOfAsset(index, 'a1', new Date('2026-01-01T00:00:00Z')).map((s) => s.share_id),
    ).toEqual(['s1']);
  });

  it('answers NOT_FOUND for an unknown asset', () => {
    expect(() => sharesOfAsset(room.index(), 'nope', new Date())).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', path: 'asset_id' }),
    );
  });
});

describe('availableFilters', () => {
  it('lists the values on the team library (not the trash) sorted, with counts', () => {
    const room = new RoomBuilder()
      .asset('a1', {
        tags: ['hero', 'action'],
        category: 'marketing',
        engine: 'runway',
        metadata: { mood: 'dramatic', scene_type: 'wide' },
      })
      .asset('a2', {
        tags: ['hero'],
        category: 'content',
        engine: 'pika',
        creator_id: 'u2',
        metadata: { mood: 'calm' },
      })
      .asset('a3', { tags: ['secret'], category: 'social', trashed_at: '2025-07-01T00:00:00Z' })
      .asset('a4', { tags: ['other-team'], team_id: 'team2' });
    expect(availableFilters(room.index(), 'team1')).toEqual({
      tags: ['action', 'hero'],
      categories: ['content', 'marketing'],
      moods: ['calm', 'dramatic'],
      scene_types: ['wide'],
      engines: ['pika', 'runway'],
      creators: ['u1', 'u2'],
      counts: {
        tags: { action: 1, hero: 2 },
        categories: { content: 1, marketing: 1 },
        moods: { calm: 1, dramatic: 1 },
        scene_types: { wide: 1 },
        engines: { pika: 1, runway: 1 },
        creators: { u1: 1, u2: 1 },
      },
    });
  });

  it('rejects a bad team id', () => {
    expect(() => availableFilters(new RoomBuilder().index(), '')).toThrow(
      expect.objectContaining({ code: 'INVALID', path: 'team_id' }),
    );
  });
});

describe('constellationMap', () => {
  const room = new RoomBuilder()
    .asset('a1', {
      name: 'Hero',
      tags: ['fantasy', 'hero'],
      metadata: {
        mood: 'dramatic',
        scene_type: 'wide',
        constellation_x: 245.5,
        constellation_y: -120.3,
        constellation_cluster: 'fantasy_cluster',
      },
    })
    .asset('a2', { tags: ['hero'], category: 'content' })
    .asset('a3', { tags: [] })
    .asset('t', { trashed_at: '2025-07-01T00:00:00Z' })
    .edge('l1', 'a1', 'a2', { evolution_type: 'remix' })
    .edge('l2', 'a2', 't');

  it('gives stars with positions and lineage edges', () => {
    const map = constellationMap(room.index());
    expect(map.nodes.map((n) => n.id)).toEqual(['a1', 'a2', 'a3']);
    expect(map.nodes[0]).toEqual({
      id: 'a1',
      name: 'Hero',
      thumbnail_url: '/t/a1.jpg',
      tags: ['fantasy', 'hero'],
      category: 'marketing',
      mood: 'dramatic',
      scene_type: 'wide',
      x: 245.5,
      y: -120.3,
      cluster: 'fantasy_cluster',
      has_lineage: true,
      pinned: true,
    });
    const a2 = map.nodes[1]!;
    expect(a2).toMatchObject({ pinned: false, cluster: 'hero', has_lineage: true });
    expect(Math.abs(a2.x)).toBeLessThanOrEqual(1000);
    expect(constellationMap(room.index()).nodes[1]).toEqual(a2);
    expect(map.nodes[2]!.cluster).toBe('marketing');
    expect(map.edges).toEqual([{ source: 'a1', target: 'a2', type: 'remix' }]);
  });

  it('narrows by search filters', () => {
    const map = constellationMap(room.index(), { tags: ['hero'], categories: ['content'] });
    expect(map.nodes.map((n) => n.id)).toEqual(['a2']);
    expect(map.edges).toEqual([]);
    expect(() => constellationMap(room.index(), { moods: 'calm' })).toThrow(
      expect.objectContaining({ code: 'INVALID', path: 'moods' }),
    );
  });
});

describe('assetDetails', () => {
  it('gives the whole asset with derived counts, NOT_FOUND when unknown', () => {
    const room = new RoomBuilder().asset('a1', {
      prompt: 'p',
      metadata: { views: { u1: 2, u2: 3 } },
    });
    const details = assetDetails(room.index(), 'a1');
    expect(details).toMatchObject({ id: 'a1', prompt: 'p', room: 'team/team1', team_id: 'team1' });
    expect(details.metadata).toMatchObject({
      asset_id: 'a1',
      view_count: 5,
      duplicate_count: 0,
      remix_count: 0,
      has_lineage: false,
    });
    expect(() => assetDetails(room.index(), 'zz')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });
});
