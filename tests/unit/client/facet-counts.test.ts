import { describe, expect, it } from 'vitest';
import { facetCountsWithin } from '../../../src/lib/library/queries/facet-counts';
import { availableFilters, type AvailableFilters } from '../../../src/lib/library/queries/search';
import { toSearchPlan, type SearchFilters } from '../../../src/lib/library/queries/search-filters';
import { runSearch } from '../../../src/lib/library/search/engine';
import type { LibraryIndex } from '../../../src/lib/library/live';
import { Prng } from '../helpers/prng';
import { RoomBuilder } from '../queries/fixtures';

type Key = keyof AvailableFilters['counts'];
const KEYS: Key[] = ['tags', 'categories', 'moods', 'scene_types', 'engines', 'creators'];

/** How many results the grid would show with only `value` picked in that facet, the rest kept. */
function resultsWithOnly(index: LibraryIndex, filters: SearchFilters, key: Key, value: string) {
  const plan = toSearchPlan({ ...filters, [key]: [value] });
  return runSearch(index, { ...plan, offset: 0, limit: 1 }).total;
}

/**
 * A library wide enough that both ways of counting run: thousands of values across a few hundred
 * clips (tags, creators) and facets with a handful of values.
 */
function library(seed: number) {
  const random = new Prng(seed);
  const tags = Array.from({ length: 300 }, (_, i) => `tag${i}`);
  const words = ['neon', 'city', 'dragon', 'forest', 'hero', 'night', 'ocean'];
  const room = new RoomBuilder();
  for (let i = 0; i < 700; i++) {
    room.asset(`a${i}`, {
      name: `${random.pick(words)} ${random.pick(words)} ${i}`,
      tags: random.sample(tags.slice(0, random.bool(0.5) ? 12 : 300), 1 + random.int(4)),
      category: random.pick(['marketing', 'content', 'social']),
      engine: random.pick(['runway', 'pika', 'sora', 'kling']),
      creator_id: `u${random.int(60)}`,
      duration: 1 + random.int(60),
      team_id: random.bool(0.05) ? 'team2' : 'team1',
      trashed_at: random.bool(0.05) ? '2025-07-01T00:00:00Z' : null,
      metadata: {
        mood: random.bool(0.2) ? null : random.pick(['calm', 'dramatic', 'playful']),
        scene_type: random.bool(0.3) ? null : random.pick(['wide', 'close_up', 'aerial']),
      },
    });
  }
  return room.index();
}

function randomFilters(random: Prng, all: AvailableFilters): SearchFilters {
  const filters: SearchFilters = { team_id: 'team1' };
  for (const key of KEYS) {
    if (random.bool(0.4)) filters[key] = random.sample(all[key], 1 + random.int(3));
  }
  if (random.bool(0.3)) filters.search_text = random.pick(['neon', 'city dra', 'ocea', 'hero']);
  if (random.bool(0.2)) {
    filters.duration_min = random.int(20);
    filters.duration_max = 20 + random.int(40);
  }
  if (random.bool(0.1)) filters.sort_by = 'name';
  return filters;
}

describe('facet counts under the other filters', () => {
  it('count each value as the results of picking only it in its facet, keeping every other filter', () => {
    const index = library(7);
    const all = availableFilters(index, 'team1');
    const random = new Prng(11);
    for (let round = 0; round < 12; round++) {
      const filters = randomFilters(random, all);
      const counted = facetCountsWithin(index, all, filters);
      for (const key of KEYS) {
        expect(counted[key]).toEqual(all[key]);
        const expected = Object.fromEntries(
          all[key].map((value) => [value, resultsWithOnly(index, filters, key, value)]),
        );
        expect(counted.counts[key], `${key} under ${JSON.stringify(filters)}`).toEqual(expected);
      }
    }
  });

  it('give the library counts when nothing narrows a facet', () => {
    const index = library(3);
    const all = availableFilters(index, 'team1');
    const mood = all.moods[0]!;
    const counted = facetCountsWithin(index, all, { team_id: 'team1', moods: [mood] });
    expect(counted.counts.moods).toEqual(all.counts.moods);
    expect(counted.counts.engines).not.toEqual(all.counts.engines);
  });

  it('count a facet whose own selection is invalid over the others; the rest keep the library counts', () => {
    const index = library(5);
    const all = availableFilters(index, 'team1');
    const filters: SearchFilters = {
      team_id: 'team1',
      engines: ['runway'],
      creators: ['not a valid id!'],
    };
    const counted = facetCountsWithin(index, all, filters);
    expect(counted.counts.creators).toEqual(
      Object.fromEntries(
        all.creators.map((value) => [value, resultsWithOnly(index, filters, 'creators', value)]),
      ),
    );
    for (const key of KEYS.filter((key) => key !== 'creators')) {
      expect(counted.counts[key]).toEqual(all.counts[key]);
    }
  });

  it('keep the library counts when the search itself is invalid', () => {
    const index = library(9);
    const all = availableFilters(index, 'team1');
    const filters = { team_id: 'team1', moods: ['calm'], duration_min: 30, duration_max: 5 };
    expect(facetCountsWithin(index, all, filters)).toEqual(all);
  });

  it('count zero for every value when the text matches no clip', () => {
    const index = library(13);
    const all = availableFilters(index, 'team1');
    const counted = facetCountsWithin(index, all, { team_id: 'team1', search_text: 'zzzqqq' });
    for (const key of KEYS) {
      expect(Object.values(counted.counts[key]).every((count) => count === 0)).toBe(true);
    }
  });
});
