/** Advanced library search and the filter values to offer (spec, "Library search & filter"). */
import type { LibraryIndex } from '../live/library-index';
import { idSchema, parseOrThrow } from '../records/common';
import { intersectInto, popcountAnd } from '../search/bitset';
import { runSearch } from '../search/engine';
import type { Facet } from '../search/facet-index';
import { toSearchRow, type SearchResultRow } from './rows';
import { toSearchPlan } from './search-filters';

export interface SearchResponse {
  results: SearchResultRow[];
  total: number;
  page: number;
  per_page: number;
  total_pages: number;
}

/**
 * Searches the library with the spec's filters (all optional; see `search-filters.ts`).
 * Throws INVALID naming the field for a bad filter.
 */
export function searchLibrary(index: LibraryIndex, filters: unknown = {}): SearchResponse {
  const plan = toSearchPlan(filters);
  const { slots, total } = runSearch(index, plan);
  return {
    results: slots.map((slot) => toSearchRow(index, index.assetAt(slot)!)),
    total,
    page: plan.offset / plan.limit + 1,
    per_page: plan.limit,
    total_pages: Math.ceil(total / plan.limit),
  };
}

export interface AvailableFilters {
  tags: string[];
  categories: string[];
  moods: string[];
  scene_types: string[];
  engines: string[];
  creators: string[];
  /** How many assets (in the library, not the trash) carry each value. */
  counts: {
    tags: Record<string, number>;
    categories: Record<string, number>;
    moods: Record<string, number>;
    scene_types: Record<string, number>;
    engines: Record<string, number>;
    creators: Record<string, number>;
  };
}

const FACET_KEYS: [Facet, keyof AvailableFilters['counts']][] = [
  ['tag', 'tags'],
  ['category', 'categories'],
  ['mood', 'moods'],
  ['scene_type', 'scene_types'],
  ['engine', 'engines'],
  ['creator', 'creators'],
];

/** The values present on the team's assets (trash excluded), sorted, with counts. */
export function availableFilters(index: LibraryIndex, teamId: unknown): AvailableFilters {
  const team = parseOrThrow(idSchema, teamId, 'team_id');
  const live = index.facets.bits('trashed', 'no').slice();
  intersectInto(live, index.facets.bits('team', team));
  const result = {
    counts: {} as AvailableFilters['counts'],
  } as AvailableFilters;
  for (const [facet, key] of FACET_KEYS) {
    const counts: Record<string, number> = {};
    for (const [value, bits] of index.facets.values(facet)) {
      const count = popcountAnd(bits, live);
      if (count > 0) counts[value] = count;
    }
    const values = Object.keys(counts).sort();
    result[key] = values;
    result.counts[key] = Object.fromEntries(values.map((value) => [value, counts[value]!]));
  }
  return result;
}
