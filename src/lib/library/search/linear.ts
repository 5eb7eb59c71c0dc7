/**
 * The plain way: look at every asset, test every filter and every token, sort all matches. Used
 * as the oracle that the engine's results are checked against and as the benchmark baseline.
 * Relevance has no linear equivalent; it is ordered like the `created` sort here, so compare
 * relevance results as sets.
 */
import type { LibraryIndex } from '../live/library-index';
import type { IndexedAsset } from '../live/library-index';
import { passesScalars } from './engine';
import type { SearchHits, SearchPlan } from './plan';
import { matchKind } from './tokenize';

export function linearSearch(index: LibraryIndex, plan: SearchPlan): SearchHits {
  const matches: number[] = [];
  for (const entry of index.allAssets()) {
    const { asset } = entry;
    if (!plan.tags.every((tag) => asset.tags.includes(tag))) continue;
    if (!anyOf(plan.categories, asset.category)) continue;
    if (!anyOf(plan.moods, asset.metadata.mood)) continue;
    if (!anyOf(plan.sceneTypes, asset.metadata.scene_type)) continue;
    if (!anyOf(plan.engines, asset.engine)) continue;
    if (!anyOf(plan.creators, asset.creator_id)) continue;
    if (!passesScalars(index, entry, plan)) continue;
    const tokens = index.text.tokensOf(entry.slot);
    if (!plan.terms.every((term) => tokens.some((token) => matchKind(term, token) !== null))) {
      continue;
    }
    matches.push(entry.slot);
  }
  matches.sort(recordOrder(index, plan));
  return { slots: matches.slice(plan.offset, plan.offset + plan.limit), total: matches.length };
}

const anyOf = (values: readonly string[], value: string | null) =>
  values.length === 0 || (value !== null && values.includes(value));

/** The sort, read from the records themselves (not the index's key arrays). */
function recordOrder(index: LibraryIndex, plan: SearchPlan): (a: number, b: number) => number {
  const key = (e: IndexedAsset): number | string => {
    switch (plan.sortBy) {
      case 'name':
        return e.asset.name.toLowerCase();
      case 'duration':
        return e.asset.duration;
      case 'views':
        return e.asset.metadata.view_count;
      default:
        return Date.parse(
          e.asset.created_at.endsWith('Z') ? e.asset.created_at : `${e.asset.created_at}Z`,
        );
    }
  };
  const sign = plan.order === 'asc' ? 1 : -1;
  return (a, b) => {
    const ea = index.assetAt(a)!;
    const eb = index.assetAt(b)!;
    const ka = key(ea);
    const kb = key(eb);
    if (ka !== kb) return ka < kb ? -sign : sign;
    return ea.asset.id < eb.asset.id ? -sign : ea.asset.id > eb.asset.id ? sign : 0;
  };
}
