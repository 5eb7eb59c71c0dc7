/**
 * Facet counts under the other active filters: for each facet, how many assets each value would
 * leave if ticked, counting over the results of every other filter but that facet's own selection
 * (so its other values stay reachable). One search answers all six facets: the filters that are
 * not facet selections (text, dates, durations, lineage, team, trash) run once through the engine,
 * and each facet's "everything but me" set is that result intersected with the other facets'
 * selections, straight on the facet bitsets.
 */
import type { LibraryIndex } from '../live/library-index';
import type { VideoAsset } from '../records/asset';
import { intersectInto, newBitset, popcount, type Bitset } from '../search/bitset';
import { runSearch } from '../search/engine';
import type { Facet, FacetIndex } from '../search/facet-index';
import type { SearchPlan } from '../search/plan';
import type { AvailableFilters } from './search';
import { toSearchPlan, type SearchFilters } from './search-filters';

type CountKey = keyof AvailableFilters['counts'];

/** Each facet: its key in the filters, its field in a plan, and whether its values combine as "all of". */
const FACETS: { facet: Facet; key: CountKey; plan: keyof SearchPlan; allOf: boolean }[] = [
  { facet: 'tag', key: 'tags', plan: 'tags', allOf: true },
  { facet: 'category', key: 'categories', plan: 'categories', allOf: false },
  { facet: 'mood', key: 'moods', plan: 'moods', allOf: false },
  { facet: 'scene_type', key: 'scene_types', plan: 'sceneTypes', allOf: false },
  { facet: 'engine', key: 'engines', plan: 'engines', allOf: false },
  { facet: 'creator', key: 'creators', plan: 'creators', allOf: false },
];

/**
 * The counts of `library` recounted under `filters`: each facet without its own selection. A facet
 * whose variant of the filters is invalid keeps the library's counts. Values stay those of
 * `library`; a count of 0 means ticking that value would leave nothing.
 *
 * @param library `availableFilters(index, filters.team_id)` of the index as it is now (a facet
 *   nothing else narrows gets exactly these counts).
 */
export function facetCountsWithin(
  index: LibraryIndex,
  library: AvailableFilters,
  filters: SearchFilters,
): AvailableFilters {
  const result: AvailableFilters = { ...library, counts: { ...library.counts } };
  let plan: SearchPlan | null = null;
  try {
    plan = toSearchPlan(filters);
  } catch {
    // One facet's selection may be what is invalid: the others are then counted without it.
  }
  if (plan) {
    Object.assign(result.counts, countAll(index, library, plan, FACETS));
    return result;
  }
  for (const entry of FACETS) {
    let without: SearchPlan;
    try {
      without = toSearchPlan({ ...filters, [entry.key]: [] });
    } catch {
      continue;
    }
    Object.assign(result.counts, countAll(index, library, without, [entry]));
  }
  return result;
}

function countAll(
  index: LibraryIndex,
  library: AvailableFilters,
  plan: SearchPlan,
  wanted: typeof FACETS,
): Partial<AvailableFilters['counts']> {
  const rest = matchesIgnoringFacets(index, plan);
  const selections = FACETS.map((entry) => selectionBits(index.facets, entry, plan, rest.length));
  const live = plan.teamId === undefined || plan.trashed ? null : liveBits(index, plan.teamId);
  // Facets with no selection of their own all count over the same set (every filter applied).
  const groups: { within: Bitset; entries: typeof FACETS }[] = [];
  let shared: (typeof groups)[number] | null = null;
  for (const entry of wanted) {
    const own = selections[FACETS.indexOf(entry)];
    if (own === null && shared) {
      shared.entries.push(entry);
      continue;
    }
    const within = rest.slice();
    FACETS.forEach((other, i) => {
      const bits = selections[i];
      if (other !== entry && bits) intersectInto(within, bits);
    });
    const group = { within, entries: [entry] };
    groups.push(group);
    if (own === null) shared = group;
  }
  const counts: Partial<AvailableFilters['counts']> = {};
  for (const { within, entries } of groups) {
    if (live && sameBits(within, live)) {
      // Nothing else narrows these facets: their counts are the library's.
      for (const entry of entries) counts[entry.key] = { ...library.counts[entry.key] };
    } else {
      Object.assign(counts, countValues(index, entries, library, within));
    }
  }
  return counts;
}

/** The team's assets outside the trash: what `availableFilters` counts over. */
function liveBits(index: LibraryIndex, teamId: string): Bitset {
  const bits = index.facets.bits('trashed', 'no').slice(0, index.bitCapacity >>> 5);
  intersectInto(bits, index.facets.bits('team', teamId));
  return bits;
}

function sameBits(a: Bitset, b: Bitset): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== (b[i] ?? 0)) return false;
  return true;
}

/** Word operations a Map increment is worth, for choosing how to count (measured, roughly). */
const SCAN_WEIGHT = 8;

/**
 * How many of `within` carry each known value of each facet. Per facet, either one AND-popcount
 * per value over the words where `within` has matches, or a tally while reading the matches'
 * values (one pass for every facet counted that way): a facet with thousands of values (tags,
 * creators) over many matches is far cheaper the second way.
 */
function countValues(
  index: LibraryIndex,
  entries: typeof FACETS,
  library: AvailableFilters,
  within: Bitset,
): Partial<AvailableFilters['counts']> {
  const words: number[] = [];
  for (let i = 0; i < within.length; i++) if (within[i] !== 0) words.push(i);
  const matches = popcount(within);
  const out: Partial<AvailableFilters['counts']> = {};
  const tallies: { entry: (typeof FACETS)[number]; tally: Map<string, number> }[] = [];
  for (const entry of entries) {
    const values = Object.keys(library.counts[entry.key]);
    const perAsset = entry.facet === 'tag' ? 4 : 1;
    if (values.length * words.length > matches * perAsset * SCAN_WEIGHT) {
      tallies.push({ entry, tally: new Map(values.map((value) => [value, 0])) });
      continue;
    }
    const counts: Record<string, number> = {};
    for (const value of values) {
      const bits = index.facets.bits(entry.facet, value);
      let count = 0;
      for (const w of words) count += popcountWord((bits[w] ?? 0) & within[w]!);
      counts[value] = count;
    }
    out[entry.key] = counts;
  }
  if (tallies.length === 0) return out;
  for (const w of words) {
    let word = within[w]!;
    while (word !== 0) {
      const low = word & -word;
      const slot = (w << 5) + 31 - Math.clz32(low);
      word ^= low;
      const asset = index.assetAt(slot)?.asset;
      if (!asset) continue;
      for (const { entry, tally } of tallies) {
        for (const value of facetValues(entry.facet, asset)) {
          const count = tally.get(value);
          if (count !== undefined) tally.set(value, count + 1);
        }
      }
    }
  }
  for (const { entry, tally } of tallies) out[entry.key] = Object.fromEntries(tally);
  return out;
}

/** An asset's values of a facet, as the live index files them (`live/library-index.ts`). */
function facetValues(facet: Facet, asset: VideoAsset): readonly string[] {
  switch (facet) {
    case 'tag':
      return asset.tags;
    case 'category':
      return asset.category ? [asset.category] : [];
    case 'mood':
      return asset.metadata.mood ? [asset.metadata.mood] : [];
    case 'scene_type':
      return asset.metadata.scene_type ? [asset.metadata.scene_type] : [];
    case 'engine':
      return asset.engine ? [asset.engine] : [];
    case 'creator':
      return [asset.creator_id];
  }
}

function popcountWord(word: number): number {
  let x = word - ((word >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Slots matching every filter of `plan` except the facet selections, as a bitset. */
function matchesIgnoringFacets(index: LibraryIndex, plan: SearchPlan): Bitset {
  const onlyScope =
    plan.terms.length === 0 &&
    plan.statuses.length === 0 &&
    plan.hasLineage === undefined &&
    plan.fromMs === undefined &&
    plan.toMs === undefined &&
    plan.durationMin === undefined &&
    plan.durationMax === undefined;
  if (onlyScope) {
    // Just the trash state and the team, as the engine starts every search.
    const bits = newBitset(index.bitCapacity);
    bits.set(index.facets.bits('trashed', plan.trashed ? 'yes' : 'no').subarray(0, bits.length));
    if (plan.teamId !== undefined) intersectInto(bits, index.facets.bits('team', plan.teamId));
    return bits;
  }
  const { slots } = runSearch(index, {
    ...plan,
    tags: [],
    categories: [],
    moods: [],
    sceneTypes: [],
    engines: [],
    creators: [],
    // Membership is all that counts: the cheapest order, whatever the grid shows.
    sortBy: 'created',
    order: 'asc',
    offset: 0,
    limit: Math.max(1, index.capacity),
  });
  const bits = newBitset(index.bitCapacity);
  for (const slot of slots) bits[slot >>> 5]! |= 1 << (slot & 31);
  return bits;
}

/** The slots a facet's selection admits (as the engine combines it), or null when none is made. */
function selectionBits(
  facets: FacetIndex,
  entry: (typeof FACETS)[number],
  plan: SearchPlan,
  words: number,
): Bitset | null {
  const values = plan[entry.plan] as string[];
  if (values.length === 0) return null;
  const bits = new Uint32Array(words);
  if (entry.allOf) {
    bits.fill(0xffffffff);
    for (const value of values) intersectInto(bits, facets.bits(entry.facet, value));
    return bits;
  }
  for (const value of values) {
    const other = facets.bits(entry.facet, value);
    for (let i = 0; i < words && i < other.length; i++) bits[i]! |= other[i]!;
  }
  return bits;
}
