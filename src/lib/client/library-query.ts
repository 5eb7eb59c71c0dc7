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
