/**
 * Runs a search over the live index as bitset algebra, touching single assets only where it must:
 *
 * 1. the trash state, team, statuses, facet values and has_lineage are bitsets, intersected
 *    (tags: all of; other facets: any of); date and duration ranges are read off the standing
 *    sorted orders into a bitset;
 * 2. each query term is expanded on the vocabulary (prefixes; typos from 4 letters) and its match
 *    set — a union of postings, cached for 1–3 letter prefixes — intersected in;
 * 3. the total is a popcount; a page of a field sort is read off a standing sorted order of all
 *    assets (or, for few matches, picked with a bounded heap), so nothing is sorted per query.
 *    Relevance is MiniSearch's BM25 when it would score few postings; past that (common words,
 *    short prefixes — where BM25 is nearly flat and MiniSearch alone takes ~250 ms at 100k because
 *    it scores every match) it ranks in tiers: every term in the name, then every term in the
 *    name, tags or category, then the rest; newest first within a tier.
 */
import type { IndexedAsset, LibraryIndex, SortField } from '../live/library-index';
import { hasBit, newBitset, popcount, type Bitset } from './bitset';
import type { SearchHits, SearchPlan } from './plan';
import type { Expansion } from './text-index';
import { selectTop } from './top-k';

/**
 * Reused bitsets: allocating several 12.5 KB buffers per query (at 100k assets) churns memory
 * the collector then has to chase through a multi-gigabyte heap of Y.Doc items.
 */
class BitsetPool {
  private readonly free: Bitset[] = [];
  private readonly used: Bitset[] = [];
  constructor(readonly capacity: number) {}
  take(): Bitset {
    const bits = this.free.pop() ?? newBitset(this.capacity);
    this.used.push(bits);
    return bits.fill(0);
  }
  releaseAll(): void {
    this.free.push(...this.used);
    this.used.length = 0;
  }
}

const pools = new WeakMap<LibraryIndex, BitsetPool>();

function poolOf(index: LibraryIndex): BitsetPool {
  let pool = pools.get(index);
  if (!pool || pool.capacity !== index.bitCapacity) {
    pool = new BitsetPool(index.bitCapacity);
    pools.set(index, pool);
  }
  return pool;
}

export function runSearch(index: LibraryIndex, plan: SearchPlan): SearchHits {
  const pool = poolOf(index);
  try {
    return search(index, plan, pool);
  } finally {
    pool.releaseAll();
  }
}

function search(index: LibraryIndex, plan: SearchPlan, pool: BitsetPool): SearchHits {
  const { facets } = index;
  const bits = pool.take();
  bits.set(facets.bits('trashed', plan.trashed ? 'yes' : 'no'));
  const scratch = pool.take();
  const and = (other: Bitset) => {
    for (let i = 0; i < bits.length; i++) bits[i]! &= other[i] ?? 0;
  };
  const andAnyOf = (facet: Parameters<typeof facets.bits>[0], values: readonly string[]) => {
    scratch.fill(0);
    for (const value of values) {
      const other = facets.bits(facet, value);
      for (let i = 0; i < other.length; i++) scratch[i]! |= other[i]!;
    }
    and(scratch);
  };
  if (plan.teamId !== undefined) and(facets.bits('team', plan.teamId));
  if (plan.statuses.length > 0) andAnyOf('status', plan.statuses);
  for (const tag of plan.tags) and(facets.bits('tag', tag));
  if (plan.categories.length > 0) andAnyOf('category', plan.categories);
  if (plan.moods.length > 0) andAnyOf('mood', plan.moods);
  if (plan.sceneTypes.length > 0) andAnyOf('scene_type', plan.sceneTypes);
  if (plan.engines.length > 0) andAnyOf('engine', plan.engines);
  if (plan.creators.length > 0) andAnyOf('creator', plan.creators);
  if (plan.hasLineage === true) and(index.hasLineageBits);
  if (plan.hasLineage === false) {
    const lineage = index.hasLineageBits;
    for (let i = 0; i < bits.length; i++) bits[i]! &= ~(lineage[i] ?? 0);
  }
  if (plan.fromMs !== undefined || plan.toMs !== undefined) {
    scratch.fill(0);
    and(index.rangeBits('created', plan.fromMs ?? -Infinity, plan.toMs ?? Infinity, scratch));
  }
  if (plan.durationMin !== undefined || plan.durationMax !== undefined) {
    scratch.fill(0);
    const max = plan.durationMax ?? Infinity;
    and(index.rangeBits('duration', plan.durationMin ?? -Infinity, max, scratch));
  }

  const expansions: Expansion[] = [];
  for (const term of plan.terms) {
    const expansion = index.text.expand(term);
    if (expansion.size === 0) return { slots: [], total: 0 };
    expansions.push(expansion);
    and(index.text.matchBits(term, expansion, scratch));
  }

  const total = popcount(bits);
  const k = Math.min(plan.offset + plan.limit, total);
  let slots: number[];
  if (plan.sortBy === 'relevance' && expansions.length > 0) {
    slots =
      index.text.work(expansions) <= index.rankBudget
        ? rankByBm25(index, plan, expansions, bits, k)
        : rankByTiers(index, plan, expansions, bits, k, pool);
  } else {
    const field = plan.sortBy === 'relevance' ? 'created' : plan.sortBy;
    slots = readOrder(index, field, plan.order, bits, total, k);
  }
  return { slots: slots.slice(plan.offset), total };
}

/** Date, duration and lineage filters on one asset. */
function passesPerAsset(index: LibraryIndex, entry: IndexedAsset, plan: SearchPlan): boolean {
  const { asset } = entry;
  if (plan.fromMs !== undefined && !(entry.createdMs >= plan.fromMs)) return false;
  if (plan.toMs !== undefined && !(entry.createdMs <= plan.toMs)) return false;
  if (plan.durationMin !== undefined && asset.duration < plan.durationMin) return false;
  if (plan.durationMax !== undefined && asset.duration > plan.durationMax) return false;
  if (plan.hasLineage !== undefined && index.hasLineage(asset.id) !== plan.hasLineage) return false;
  return true;
}

/** Every filter, checked on one asset (the linear scan's way). */
export function passesScalars(index: LibraryIndex, entry: IndexedAsset, plan: SearchPlan): boolean {
  const { asset } = entry;
  if ((asset.trashed_at !== null) !== plan.trashed) return false;
  if (plan.teamId !== undefined && asset.team_id !== plan.teamId) return false;
  if (plan.statuses.length > 0 && !plan.statuses.includes(asset.status)) return false;
  return passesPerAsset(index, entry, plan);
}

/**
 * The first `k` matches in a field's order. Walking the standing order costs about k × N / total
 * membership tests; for few matches, collecting them and picking with a heap is cheaper.
 */
function readOrder(
  index: LibraryIndex,
  field: SortField,
  direction: 'asc' | 'desc',
  bits: Bitset,
  total: number,
  k: number,
): number[] {
  if (k === 0) return [];
  const order = index.order(field);
  const n = order.length;
  const walkCost = (k * n) / total;
  if (walkCost > bits.length + total * 4) {
    const compare = fieldOrder(index, { sortBy: field, order: direction });
    return selectTop(collect(bits), k, compare);
  }
  const slots: number[] = [];
  if (direction === 'asc') {
    for (let i = 0; i < n && slots.length < k; i++)
      if (hasBit(bits, order[i]!)) slots.push(order[i]!);
  } else {
    for (let i = n - 1; i >= 0 && slots.length < k; i--) {
      if (hasBit(bits, order[i]!)) slots.push(order[i]!);
    }
  }
  return slots;
}

/**
 * Comparator of slots for a field sort. Ascending is by key then asset id; descending is its exact
 * reverse, so every peer (and the linear scan) pages alike.
 */
export function fieldOrder(
  index: LibraryIndex,
  plan: Pick<SearchPlan, 'sortBy' | 'order'>,
): (a: number, b: number) => number {
  const sign = plan.order === 'asc' ? 1 : -1;
  const entry = (slot: number) => index.assetAt(slot)!;
  const byId = (a: number, b: number) => {
    const ia = entry(a).asset.id;
    const ib = entry(b).asset.id;
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  };
  if (plan.sortBy === 'name') {
    return (a, b) => {
      const ka = entry(a).nameKey;
      const kb = entry(b).nameKey;
      if (ka !== kb) return ka < kb ? -sign : sign;
      return sign * byId(a, b);
    };
  }
  const keys = index.sortKeys(plan.sortBy === 'relevance' ? 'created' : plan.sortBy);
  return (a, b) => sign * (keys[a]! - keys[b]! || byId(a, b));
}

function rankByBm25(
  index: LibraryIndex,
  plan: SearchPlan,
  expansions: Expansion[],
  bits: Bitset,
  k: number,
): number[] {
  const scores = index.text.rank(expansions, (slot) => hasBit(bits, slot));
  const newest = fieldOrder(index, { sortBy: 'created', order: 'desc' });
  const sign = plan.order === 'asc' ? -1 : 1;
  return selectTop(collect(bits), k, (a, b) => {
    const diff = (scores.get(b) ?? 0) - (scores.get(a) ?? 0);
    return sign * (diff || newest(a, b));
  });
}

function rankByTiers(
  index: LibraryIndex,
  plan: SearchPlan,
  expansions: Expansion[],
  bits: Bitset,
  k: number,
  pool: BitsetPool,
): number[] {
  const allInName = pool.take();
  allInName.set(bits);
  const allInNameOrTags = pool.take();
  allInNameOrTags.set(bits);
  const nameScratch = pool.take();
  const tagScratch = pool.take();
  for (const expansion of expansions) {
    const name = index.text.fieldBits(expansion, 'name', nameScratch);
    const tags = index.text.fieldBits(expansion, 'tags', tagScratch);
    for (let i = 0; i < bits.length; i++) {
      allInName[i]! &= name[i]!;
      allInNameOrTags[i]! &= name[i]! | tags[i]!;
    }
  }
  const rest = pool.take();
  rest.set(bits);
  for (let i = 0; i < bits.length; i++) {
    rest[i]! &= ~allInNameOrTags[i]!;
    allInNameOrTags[i]! &= ~allInName[i]!;
  }
  const tiers = [allInName, allInNameOrTags, rest];
  if (plan.order === 'asc') tiers.reverse();
  const slots: number[] = [];
  for (const tier of tiers) {
    if (slots.length >= k) break;
    const count = popcount(tier);
    if (count === 0) continue;
    slots.push(
      ...readOrder(index, 'created', plan.order, tier, count, Math.min(count, k - slots.length)),
    );
  }
  return slots;
}

function collect(bits: Bitset): number[] {
  const slots: number[] = [];
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w]!;
    while (word !== 0) {
      const low = word & -word;
      slots.push((w << 5) + 31 - Math.clz32(low));
      word ^= low;
    }
  }
  return slots;
}
