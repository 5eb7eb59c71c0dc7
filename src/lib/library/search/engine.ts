/**
 * Runs a search over the live index without touching every asset when it need not:
 *
 * 1. facet postings become bitsets and are intersected (tags: all of; other facets: any of);
 * 2. each query term is expanded on the vocabulary (prefix, and typos for 4+ letters) and its
 *    match set — a union of postings, cached for 1–3 letter prefixes — intersected in;
 * 3. the survivors are checked against the scalar filters (team, dates, duration, status, trash,
 *    lineage);
 * 4. only the requested page is ordered (bounded-heap selection). Field sorts need no scores.
 *    Relevance uses MiniSearch's BM25 when the postings to score are few; for common words and
 *    short prefixes (where BM25 is nearly flat and MiniSearch would score tens of thousands of
 *    documents) it ranks by where the terms occur — name, then tags and category — then recency.
 */
import type { IndexedAsset, LibraryIndex } from '../live/library-index';
import { forEachBit, hasBit, intersectInto, newBitset, setBit, type Bitset } from './bitset';
import type { Facet } from './facet-index';
import type { SearchHits, SearchPlan } from './plan';
import type { Expansion } from './text-index';
import { selectTop } from './top-k';

export function runSearch(index: LibraryIndex, plan: SearchPlan): SearchHits {
  const capacity = index.capacity;
  let candidates: Bitset | null = null;
  const narrow = (bits: Bitset) => {
    if (candidates === null) candidates = bits.slice();
    else intersectInto(candidates, bits);
  };
  for (const tag of plan.tags) narrow(facetBits(index, 'tag', [tag], capacity));
  const anyOf: [Facet, string[]][] = [
    ['category', plan.categories],
    ['mood', plan.moods],
    ['scene_type', plan.sceneTypes],
    ['engine', plan.engines],
    ['creator', plan.creators],
  ];
  for (const [facet, values] of anyOf) {
    if (values.length > 0) narrow(facetBits(index, facet, values, capacity));
  }
  const expansions: Expansion[] = [];
  for (const term of plan.terms) {
    const expansion = index.text.expand(term);
    if (expansion.size === 0) return { slots: [], total: 0 };
    expansions.push(expansion);
    narrow(index.text.matchBits(term, expansion, capacity));
  }

  const matches: number[] = [];
  const consider = (slot: number) => {
    const entry = index.assetAt(slot);
    if (entry && passesScalars(index, entry, plan)) matches.push(slot);
  };
  if (candidates === null) for (let slot = 0; slot < capacity; slot++) consider(slot);
  else forEachBit(candidates, consider);

  const k = plan.offset + plan.limit;
  const compare =
    plan.sortBy === 'relevance' && expansions.length > 0
      ? relevanceOrder(index, plan, expansions, matches, capacity)
      : fieldOrder(index, plan);
  return { slots: selectTop(matches, k, compare).slice(plan.offset), total: matches.length };
}

/** The filters that are not postings: checked per candidate. */
export function passesScalars(index: LibraryIndex, entry: IndexedAsset, plan: SearchPlan): boolean {
  const { asset } = entry;
  if ((asset.trashed_at !== null) !== plan.trashed) return false;
  if (plan.teamId !== undefined && asset.team_id !== plan.teamId) return false;
  if (plan.statuses.length > 0 && !plan.statuses.includes(asset.status)) return false;
  if (plan.fromMs !== undefined && !(entry.createdMs >= plan.fromMs)) return false;
  if (plan.toMs !== undefined && !(entry.createdMs <= plan.toMs)) return false;
  if (plan.durationMin !== undefined && asset.duration < plan.durationMin) return false;
  if (plan.durationMax !== undefined && asset.duration > plan.durationMax) return false;
  if (plan.hasLineage !== undefined && index.hasLineage(asset.id) !== plan.hasLineage) return false;
  return true;
}

/** Comparator of slots for a field sort; ties by asset id so every peer pages alike. */
export function fieldOrder(
  index: LibraryIndex,
  plan: SearchPlan,
): (a: number, b: number) => number {
  const sign = plan.order === 'asc' ? 1 : -1;
  const entry = (slot: number) => index.assetAt(slot)!;
  const byId = (a: IndexedAsset, b: IndexedAsset) =>
    a.asset.id < b.asset.id ? -1 : a.asset.id > b.asset.id ? 1 : 0;
  const numeric = (key: (e: IndexedAsset) => number) => (a: number, b: number) => {
    const ea = entry(a);
    const eb = entry(b);
    return sign * (key(ea) - key(eb)) || byId(ea, eb);
  };
  switch (plan.sortBy) {
    case 'name':
      return (a, b) => {
        const ea = entry(a);
        const eb = entry(b);
        if (ea.nameKey !== eb.nameKey) return ea.nameKey < eb.nameKey ? -sign : sign;
        return byId(ea, eb);
      };
    case 'duration':
      return numeric((e) => e.asset.duration);
    case 'views':
      return numeric((e) => e.asset.metadata.view_count);
    default:
      return numeric((e) => e.createdMs);
  }
}

function relevanceOrder(
  index: LibraryIndex,
  plan: SearchPlan,
  expansions: Expansion[],
  matches: number[],
  capacity: number,
): (a: number, b: number) => number {
  const scores = new Float64Array(capacity);
  if (index.text.work(expansions) <= index.rankBudget) {
    const matched = newBitset(capacity);
    for (const slot of matches) setBit(matched, slot);
    for (const [slot, score] of index.text.rank(expansions, (s) => hasBit(matched, s))) {
      scores[slot] = score;
    }
  } else {
    for (const expansion of expansions) {
      const inName = index.text.fieldBits(expansion, 'name', capacity);
      const inTags = index.text.fieldBits(expansion, 'tags', capacity);
      for (const slot of matches) {
        scores[slot]! += (hasBit(inName, slot) ? 2 : 0) + (hasBit(inTags, slot) ? 1 : 0);
      }
    }
  }
  const sign = plan.order === 'asc' ? -1 : 1;
  return (a, b) => {
    const diff = scores[b]! - scores[a]!;
    if (diff !== 0) return sign * diff;
    const ea = index.assetAt(a)!;
    const eb = index.assetAt(b)!;
    const ia = ea.asset.id;
    const ib = eb.asset.id;
    return eb.createdMs - ea.createdMs || (ia < ib ? -1 : ia > ib ? 1 : 0);
  };
}

function facetBits(index: LibraryIndex, facet: Facet, values: string[], capacity: number): Bitset {
  const bits = newBitset(capacity);
  for (const value of values)
    for (const slot of index.facets.slots(facet, value)) setBit(bits, slot);
  return bits;
}
