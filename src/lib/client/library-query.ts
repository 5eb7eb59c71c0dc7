/**
 * The grid's view of the core's live index: every matching asset slot in order (the grid renders
 * only the visible ones), plus facet values with counts.
 */
import type { IndexedAsset, LibraryIndex } from '../library/live/library-index';
import { availableFilters, type AvailableFilters } from '../library/queries/search';
import { toSearchRow, type SearchResultRow } from '../library/queries/rows';
import type { VideoAsset } from '../library/records/asset';
import { toSearchPlan } from '../library/queries/search-filters';
import { runSearch } from '../library/search/engine';
import type { SearchFilters } from '../library/queries/search-filters';
import { friendlyMessage } from './friendly-error';
import { facetCountsWithin } from '../library/queries/facet-counts';

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

/**
 * The library's facet values and counts, kept until the index next changes: with no filter active
 * they are the answer, and with filters they give the values to recount.
 */
const libraryFacets = new WeakMap<
  LibraryIndex,
  { teamId: string; value: AvailableFilters | null }
>();

export function facetsOf(index: LibraryIndex, teamId: string): AvailableFilters {
  let memo = libraryFacets.get(index);
  if (!memo) {
    const fresh = { teamId, value: null as AvailableFilters | null };
    index.subscribe(() => (fresh.value = null));
    libraryFacets.set(index, (memo = fresh));
  }
  if (memo.teamId !== teamId) memo.value = null;
  memo.teamId = teamId;
  return (memo.value ??= availableFilters(index, teamId));
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
  return facetCountsWithin(index, facetsOf(index, teamId), filters);
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

interface CardMemo {
  entry: IndexedAsset;
  revision: number;
  card: Card;
}

/** Cards handed out per index, by slot; bounded (a long scroll through 100k visits them all). */
const cardMemos = new WeakMap<LibraryIndex, Map<number, CardMemo>>();
const CARD_MEMO_LIMIT = 2000;

function sameRow(a: SearchResultRow, b: SearchResultRow): boolean {
  for (const key in a) {
    if (a[key as keyof SearchResultRow] !== b[key as keyof SearchResultRow]) return false;
  }
  return true;
}

/**
 * A card's data for the current revision. Derived counts (lineage, duplicates) change without the
 * asset record changing, so a new revision recomputes the row; when nothing a card shows changed,
 * the same object comes back, so the card (and its thumbnail) is not updated at all.
 */
export function cardAt(index: LibraryIndex, slot: number, revision: number): Card | undefined {
  const entry = index.assetAt(slot);
  if (!entry) return undefined;
  let memos = cardMemos.get(index);
  if (!memos) cardMemos.set(index, (memos = new Map()));
  const memo = memos.get(slot);
  if (memo && memo.entry === entry) {
    if (memo.revision === revision) return memo.card;
    const row = toSearchRow(index, entry);
    memo.revision = revision;
    if (sameRow(memo.card.row, row)) return memo.card;
    memo.card = { row, asset: entry.asset };
    return memo.card;
  }
  if (memos.size >= CARD_MEMO_LIMIT) memos.clear();
  const card = { row: toSearchRow(index, entry), asset: entry.asset };
  memos.set(slot, { entry, revision, card });
  return card;
}
