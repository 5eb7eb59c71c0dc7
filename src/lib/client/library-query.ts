/**
 * The grid's view of the core's live index: every matching asset slot in order (the grid renders
 * only the visible ones), plus facet values with counts.
 */
import type { IndexedAsset, LibraryIndex } from '$lib/library/live/library-index';
import { availableFilters, type AvailableFilters } from '$lib/library/queries/search';
import { toSearchRow, type SearchResultRow } from '$lib/library/queries/rows';
import type { VideoAsset } from '$lib/library/records/asset';
import { toSearchPlan } from '$lib/library/queries/search-filters';
import { runSearch } from '$lib/library/search/engine';
import type { SearchFilters } from '$lib/library/queries/search-filters';
import { friendlyMessage } from './friendly-error';
import { newBitset, popcountAnd, setBit } from '$lib/library/search/bitset';
import type { Facet } from '$lib/library/search/facet-index';

const FACET_OF: [Facet, keyof AvailableFilters['counts']][] = [
  ['tag', 'tags'],
  ['category', 'categories'],
  ['mood', 'moods'],
  ['scene_type', 'scene_types'],
  ['engine', 'engines'],
  ['creator', 'creators'],
];

export interface GridHits {
  slots: number[];
  total: number;
  error: string | null;
}

/** Runs the search over the whole library (not one page): the grid is virtualised. */
export function searchAll(index: LibraryIndex, filters: SearchFilters): GridHits {
  try {
    const plan = toSearchPlan(filters);
    const { slots, total } = runSearch(index, {
      ...plan,
      offset: 0,
      limit: Math.max(1, index.capacity),
    });
    return { slots, total, error: null };
  } catch (error) {
    const message =
      friendlyMessage(error) ?? (error instanceof Error ? error.message : String(error));
    return { slots: [], total: 0, error: message };
  }
}

export function facetsOf(index: LibraryIndex, teamId: string): AvailableFilters {
  return availableFilters(index, teamId);
}

/**
 * Facet counts that answer "how many would I get if I also ticked this": each facet counted over
 * the results of every other active filter (not its own, so its other values stay reachable). The
 * values are the library's; a count of 0 means that choice would empty the grid.
 */
export function facetsWithin(
  index: LibraryIndex,
  teamId: string,
  filters: SearchFilters,
): AvailableFilters {
  const all = availableFilters(index, teamId);
  const result = { ...all, counts: { ...all.counts } };
  for (const [facet, key] of FACET_OF) {
    const hits = searchAll(index, { ...filters, [key]: [] });
    if (hits.error) continue;
    const within = newBitset(index.bitCapacity);
    for (const slot of hits.slots) setBit(within, slot);
    const counts: Record<string, number> = {};
    for (const [value, bits] of index.facets.values(facet)) {
      if (all.counts[key][value] !== undefined) counts[value] = popcountAnd(bits, within);
    }
    result.counts[key] = counts;
  }
  return result;
}

/**
 * The asset in a slot. `revision` is not used: passing the workspace's revision from a template
 * makes Svelte read the entry again whenever the index changes (the index itself is not state).
 */
export function entryAt(
  index: LibraryIndex,
  slot: number,
  _revision: number,
): IndexedAsset | undefined {
  return index.assetAt(slot);
}

export interface Card {
  row: SearchResultRow;
  asset: VideoAsset;
}

/**
 * A card's data, fresh on every call: derived counts (lineage, duplicates) change without the
 * asset record changing, so the view must not keep an old row because the asset is the same.
 */
export function cardAt(index: LibraryIndex, slot: number, _revision: number): Card | undefined {
  const entry = index.assetAt(slot);
  return entry ? { row: toSearchRow(index, entry), asset: entry.asset } : undefined;
}
