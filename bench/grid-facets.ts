/**
 * Facet counts on the core alone (Node): the way the grid used to count them (one full search per
 * facet, each without its own selection, results turned into a bitset) against
 * `facetCountsWithin` (one search for everything but the facets, then bitset algebra), on the
 * generated library, for a few search states. Checks both give the same counts.
 *
 *   GRID_FACET_SIZES=10000,100000 npx tsx bench/grid-facets.ts
 */
import { isDeepStrictEqual } from 'node:util';
import * as Y from 'yjs';
import { LibraryIndex } from '../src/lib/library/live';
import { facetCountsWithin } from '../src/lib/library/queries/facet-counts';
import { availableFilters, type AvailableFilters } from '../src/lib/library/queries/search';
import { toSearchPlan, type SearchFilters } from '../src/lib/library/queries/search-filters';
import { newBitset, popcountAnd, setBit } from '../src/lib/library/search/bitset';
import { runSearch } from '../src/lib/library/search/engine';
import type { Facet } from '../src/lib/library/search/facet-index';
import { generateLibrary, writeLibrary } from './data/generate';

const FACET_OF: [Facet, keyof AvailableFilters['counts']][] = [
  ['tag', 'tags'],
  ['category', 'categories'],
  ['mood', 'moods'],
  ['scene_type', 'scene_types'],
  ['engine', 'engines'],
  ['creator', 'creators'],
];

/** The grid's former way: six full searches. */
function sixSearches(
  index: LibraryIndex,
  teamId: string,
  filters: SearchFilters,
): AvailableFilters {
  const all = availableFilters(index, teamId);
  const result = { ...all, counts: { ...all.counts } };
  for (const [facet, key] of FACET_OF) {
    let slots: number[];
    try {
      const plan = toSearchPlan({ ...filters, [key]: [] });
      slots = runSearch(index, { ...plan, offset: 0, limit: Math.max(1, index.capacity) }).slots;
    } catch {
      continue;
    }
    const within = newBitset(index.bitCapacity);
    for (const slot of slots) setBit(within, slot);
    const counts: Record<string, number> = {};
    for (const [value, bits] of index.facets.values(facet)) {
      if (all.counts[key][value] !== undefined) counts[value] = popcountAnd(bits, within);
    }
    result.counts[key] = counts;
  }
  return result;
}

/**
 * Fastest of `runs` calls of each, alternating between them so load on a shared machine falls on
 * both alike (the minimum is what the code costs when nothing interrupts it).
 */
function timeBoth(a: () => unknown, b: () => unknown, runs = 15): [number, number] {
  let bestA = Infinity;
  let bestB = Infinity;
  // Compiled first: early calls pay for the JIT.
  for (let i = 0; i < 30; i++) {
    a();
    b();
  }
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    a();
    bestA = Math.min(bestA, performance.now() - t0);
    t0 = performance.now();
    b();
    bestB = Math.min(bestB, performance.now() - t0);
  }
  return [bestA, bestB];
}

function main(): void {
  const sizes = (process.env.GRID_FACET_SIZES ?? '10000,100000').split(',').map(Number);
  const teamId = 'team1';
  for (const size of sizes) {
    const doc = new Y.Doc();
    const t0 = performance.now();
    writeLibrary(doc, generateLibrary({ assets: size, seed: 1, teamId }));
    const index = new LibraryIndex([{ name: `team/${teamId}`, kind: 'team', doc, writable: true }]);
    console.log(
      `\n${size} assets (generated and indexed in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    const library = availableFilters(index, teamId);
    const top = (key: keyof AvailableFilters['counts'], n: number) =>
      Object.entries(library.counts[key])
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([value]) => value);
    const states: [string, SearchFilters][] = [
      ['text "neon"', { search_text: 'neon' }],
      ['one mood', { moods: top('moods', 1) }],
      [
        'mood + 2 engines + tag',
        { moods: top('moods', 1), engines: top('engines', 2), tags: top('tags', 1) },
      ],
      [
        'text "city" + mood + engine',
        { search_text: 'city', moods: top('moods', 1), engines: top('engines', 1) },
      ],
      [
        'duration 5–20 s + category',
        { duration_min: 5, duration_max: 20, categories: top('categories', 1) },
      ],
    ];
    const [libMs] = timeBoth(
      () => availableFilters(index, teamId),
      () => undefined,
    );
    console.log(
      `library counts (availableFilters): ${libMs.toFixed(2)} ms (now computed once per change)`,
    );
    console.log(
      'state | six searches ms (fastest of 15) | one search + bitsets ms | ratio | same counts',
    );
    for (const [label, raw] of states) {
      const filters = { team_id: teamId, ...raw };
      const [before, after] = timeBoth(
        () => sixSearches(index, teamId, filters),
        () => facetCountsWithin(index, library, filters),
      );
      const same = isDeepStrictEqual(
        sixSearches(index, teamId, filters),
        facetCountsWithin(index, library, filters),
      );
      console.log(
        `${label} | ${before.toFixed(2)} | ${after.toFixed(2)} | ${(before / after).toFixed(1)}× | ${same}`,
      );
    }
    index.destroy();
    doc.destroy();
  }
}

main();
