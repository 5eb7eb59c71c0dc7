/**
 * Library core benchmark (`npm run bench`): generated libraries of 10k and 100k assets, measured
 * from encoded document to search latency, with a plain linear scan of the same queries as the
 * baseline. Writes the "Library core" section of BENCHMARKS.md.
 *
 * BENCH_SIZES=10000 measures one size only; BENCH_WRITE=0 prints the section instead of writing it.
 */
import * as Y from 'yjs';
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LibraryIndex } from '../src/lib/library/live';
import { searchLibrary } from '../src/lib/library/queries';
import { toSearchPlan } from '../src/lib/library/queries/search-filters';
import { linearSearch } from '../src/lib/library/search/linear';
import { runSearch } from '../src/lib/library/search/engine';
import { assetsOf } from '../src/lib/library/schema';
import { setToYMap } from '../src/lib/library/records/asset';
import { generateLibrary, writeLibrary } from './data/generate';
import { queryMix, type MixQuery } from './data/query-mix';
import { machine, renderSection, writeSection } from './library-report';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const SIZES = process.env.BENCH_SIZES?.split(',').map(Number) ?? [10_000, 100_000];
const QUERIES = 1000;
/** The linear scan is slow by design: it runs on the first part of the mix only. */
const BASELINE_QUERIES: Record<number, number> = { 10_000: 500, 100_000: 60 };

interface Stats {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1)!, mean };
}

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
}

/** Wall time, and CPU time of this process (all its threads): the machine is shared. */
interface Timing {
  wall: number;
  cpu: number;
}

function timed(fn: () => void): Timing {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

export interface Dual {
  wall: Stats;
  cpu: Stats;
}

function dual(samples: Timing[]): Dual {
  return { wall: stats(samples.map((s) => s.wall)), cpu: stats(samples.map((s) => s.cpu)) };
}

export interface SizeResult {
  assets: number;
  lineageEdges: number;
  collections: number;
  docBytes: number;
  load: Timing;
  build: Timing;
  indexHeapMb: number;
  docHeapMb: number;
  search: Dual;
  byKind: Record<string, Dual>;
  baselineCount: number;
  sameMix: { engine: Dual; linear: Dual };
  mismatches: number;
  update: Dual;
  batchUpdatePerAsset: Timing;
  deferred: DeferredResult;
  loadAverage: number[];
}

/** A cold build with the text left for later (`deferText`), against a full one, same phase. */
export interface DeferredResult {
  /** Builds of each kind (medians by CPU are reported). */
  builds: number;
  recordsOnly: Timing;
  full: Timing;
  sliceBudgetMs: number;
  slices: number;
  slice: Dual;
  /** All slices together. */
  slicedTotal: Timing;
  /** A text search right after a deferred build: it indexes all the text first. */
  firstTextSearch: Timing;
  /** Mix queries whose page or total differ between the sliced index and a full one. */
  mismatches: number;
}

/** Generates the library and its encoded doc; everything else is garbage once this returns. */
function prepare(size: number) {
  const library = generateLibrary({ assets: size, seed: 1 });
  const source = new Y.Doc();
  writeLibrary(source, library);
  const update = Y.encodeStateAsUpdate(source);
  source.destroy();
  return {
    update,
    mix: queryMix(library, QUERIES),
    ids: library.assets.map((a) => a.id),
    lineageEdges: library.lineage.length,
    collections: library.collections.length,
  };
}

function measure(size: number): SizeResult {
  const log = (msg: string) => console.log(`[${size}] ${msg}`);
  const { update, mix, ids, lineageEdges, collections } = prepare(size);
  log(`doc ${(update.length / 1e6).toFixed(1)} MB`);

  const before = heapMb();
  const doc = new Y.Doc();
  const load = timed(() => Y.applyUpdate(doc, update));
  const afterLoad = heapMb();
  let index!: LibraryIndex;
  const build = timed(() => {
    index = new LibraryIndex([{ name: 'team/team1', kind: 'team', doc, writable: true }]);
  });
  const afterBuild = heapMb();
  log(
    `load ${load.wall.toFixed(0)} ms, index ${build.wall.toFixed(0)} ms, problems ${index.problems.length}`,
  );

  // One untimed pass warms the JIT as a running app would be; the timed pass follows.
  // A full collection leaves sweeping to do; let it finish inside the warm-up, not the timing.
  gc();
  for (const query of mix.slice(0, 200)) searchLibrary(index, query.filters);
  const times: Timing[] = [];
  const byKind = new Map<string, Timing[]>();
  for (const query of mix) {
    const timing = timed(() => searchLibrary(index, query.filters));
    times.push(timing);
    byKind.set(query.kind, [...(byKind.get(query.kind) ?? []), timing]);
  }
  const search = dual(times);
  log(
    `search wall p50 ${search.wall.p50.toFixed(2)} p95 ${search.wall.p95.toFixed(2)} ms, cpu p95 ${search.cpu.p95.toFixed(2)}`,
  );

  const baselineCount = BASELINE_QUERIES[size] ?? 200;
  const linearTimes: Timing[] = [];
  let mismatches = 0;
  for (const query of mix.slice(0, baselineCount)) {
    const plan = toSearchPlan(query.filters);
    let linear!: ReturnType<typeof linearSearch>;
    linearTimes.push(
      timed(() => {
        linear = linearSearch(index, plan);
        linear.slots.map((slot) => index.assetAt(slot)!.asset.id);
      }),
    );
    if (!sameResult(index, plan.sortBy, runSearch(index, plan), linear, query)) mismatches++;
  }
  log(
    `linear p50 ${stats(linearTimes.map((t) => t.wall)).p50.toFixed(1)} ms, mismatches ${mismatches}`,
  );

  // Incremental updates: one asset per transaction, then 100 per transaction.
  const assets = assetsOf(doc);
  const rename = (i: number) => {
    const record = assets.get(ids[(i * 7919) % ids.length]!) as Y.Map<unknown>;
    doc.transact(() => {
      record.set('name', `Renamed clip ${i} aurora`);
      record.set('tags', setToYMap(['updated', `tag${i % 17}`]));
    });
  };
  // Warm-up, as in a running app; then the timed updates.
  gc();
  for (let i = 0; i < 1000; i++) rename(i + 1000);
  const updateTimes: Timing[] = [];
  for (let i = 0; i < 500; i++) updateTimes.push(timed(() => rename(i)));
  const batch = timed(() =>
    doc.transact(() => {
      for (let i = 0; i < 100; i++) {
        (assets.get(ids[(i * 104729) % ids.length]!) as Y.Map<unknown>).set('prompt', `batch ${i}`);
      }
    }),
  );
  const updates = dual(updateTimes);
  log(`update wall p50 ${updates.wall.p50.toFixed(3)} ms, cpu p50 ${updates.cpu.p50.toFixed(3)}`);

  index.destroy();
  const deferred = measureDeferred(size, doc, mix, log);

  const result: SizeResult = {
    assets: size,
    lineageEdges,
    collections,
    docBytes: update.length,
    load,
    build,
    indexHeapMb: afterBuild - afterLoad,
    docHeapMb: afterLoad - before,
    search,
    byKind: Object.fromEntries([...byKind].map(([kind, samples]) => [kind, dual(samples)])),
    baselineCount,
    sameMix: { engine: dual(times.slice(0, baselineCount)), linear: dual(linearTimes) },
    mismatches,
    update: updates,
    batchUpdatePerAsset: { wall: batch.wall / 100, cpu: batch.cpu / 100 },
    deferred,
    loadAverage: loadavg(),
  };
  doc.destroy();
  return result;
}

const SLICE_MS = 8;

/** The median of timings by CPU (wall taken from the same run). */
function medianByCpu(samples: Timing[]): Timing {
  return [...samples].sort((a, b) => a.cpu - b.cpu)[Math.floor(samples.length / 2)]!;
}

/**
 * Cold builds over the same (already loaded) doc, alternating a full build and one that defers
 * the text, then the deferred text indexed in slices of {@link SLICE_MS} as the app's idle
 * callbacks do, and a text search arriving before any slice.
 */
function measureDeferred(
  size: number,
  doc: Y.Doc,
  mix: MixQuery[],
  log: (msg: string) => void,
): DeferredResult {
  const room = { name: 'team/team1', kind: 'team' as const, doc, writable: true };
  const builds = size <= 20_000 ? 5 : 1;
  const recordsOnly: Timing[] = [];
  const full: Timing[] = [];
  for (let i = 0; i < builds; i++) {
    for (const deferText of [true, false]) {
      gc();
      let built!: LibraryIndex;
      const timing = timed(() => (built = new LibraryIndex([room], { deferText })));
      (deferText ? recordsOnly : full).push(timing);
      built.destroy();
    }
  }
  gc();
  const reference = new LibraryIndex([room]);
  const sliced = new LibraryIndex([room], { deferText: true });
  const sliceTimes: Timing[] = [];
  let done = false;
  while (!done) sliceTimes.push(timed(() => (done = sliced.indexTextSlice(SLICE_MS))));
  let mismatches = 0;
  for (const query of mix) {
    const a = searchLibrary(sliced, query.filters);
    const b = searchLibrary(reference, query.filters);
    const ids = (r: typeof a) => `${r.total}:${r.results.map((row) => row.id).join()}`;
    if (ids(a) !== ids(b)) mismatches++;
  }
  sliced.destroy();
  reference.destroy();
  const textQuery = mix.find((query) => query.kind === 'common word')!;
  const firstSearches: Timing[] = [];
  for (let i = 0; i < Math.min(builds, 3); i++) {
    gc();
    const early = new LibraryIndex([room], { deferText: true });
    firstSearches.push(timed(() => searchLibrary(early, textQuery.filters)));
    early.destroy();
  }
  const firstTextSearch = medianByCpu(firstSearches);

  const sum = (key: keyof Timing) => sliceTimes.reduce((total, t) => total + t[key], 0);
  const result: DeferredResult = {
    builds,
    recordsOnly: medianByCpu(recordsOnly),
    full: medianByCpu(full),
    sliceBudgetMs: SLICE_MS,
    slices: sliceTimes.length,
    slice: dual(sliceTimes),
    slicedTotal: { wall: sum('wall'), cpu: sum('cpu') },
    firstTextSearch,
    mismatches,
  };
  log(
    `build cpu: full ${result.full.cpu.toFixed(0)} ms, records only ${result.recordsOnly.cpu.toFixed(0)} ms; ` +
      `${result.slices} slices, p95 ${result.slice.wall.p95.toFixed(1)} ms, total ${result.slicedTotal.cpu.toFixed(0)} ms cpu; ` +
      `first text search ${firstTextSearch.cpu.toFixed(0)} ms cpu; mismatches ${mismatches}`,
  );
  return result;
}

/** Totals and pages must agree; relevance order has no linear equivalent, so compare it as sets. */
function sameResult(
  index: LibraryIndex,
  sortBy: string,
  engine: { slots: number[]; total: number },
  linear: { slots: number[]; total: number },
  query: MixQuery,
): boolean {
  if (engine.total !== linear.total) {
    console.log('total mismatch', JSON.stringify(query), engine.total, linear.total);
    return false;
  }
  if (sortBy === 'relevance') return true;
  const a = engine.slots.map((s) => index.assetAt(s)!.asset.id).join();
  const b = linear.slots.map((s) => index.assetAt(s)!.asset.id).join();
  if (a !== b) console.log('order mismatch', JSON.stringify(query));
  return a === b;
}

/** A 100k-asset Y.Doc needs more than Node's default heap: rerun with room to spare. */
const HEAP_MB = 10_000;
if (getHeapStatistics().heap_size_limit < HEAP_MB * 0.9 * 2 ** 20) {
  const args = [`--max-old-space-size=${HEAP_MB}`, ...process.execArgv, ...process.argv.slice(1)];
  const child = spawnSync(process.execPath, args, { stdio: 'inherit' });
  process.exit(child.status ?? 1);
} else {
  const started = Date.now();
  const results = SIZES.map(measure);
  // BENCH_WRITE=0: print the section instead of writing it into BENCHMARKS.md.
  if (process.env.BENCH_WRITE === '0') console.log(renderSection(results, machine()));
  else writeSection(results, machine());
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
