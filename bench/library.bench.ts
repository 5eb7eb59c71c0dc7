/**
 * Library core benchmark (`npm run bench`): generated libraries of 10k and 100k assets, measured
 * from encoded document to search latency, with a plain linear scan of the same queries as the
 * baseline. Writes the "Library core" section of BENCHMARKS.md.
 */
import * as Y from 'yjs';
import { spawnSync } from 'node:child_process';
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
import { machine, writeSection } from './library-report';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const SIZES = process.env.BENCH_SIZES?.split(',').map(Number) ?? [10_000, 100_000];
const QUERIES = 1000;
/** The linear scan is slow by design: at 100k it runs on the first part of the mix only. */
const BASELINE_QUERIES: Record<number, number> = { 10_000: 1000, 100_000: 100 };

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

export interface SizeResult {
  assets: number;
  lineageEdges: number;
  collections: number;
  docBytes: number;
  loadMs: number;
  buildMs: number;
  indexHeapMb: number;
  docHeapMb: number;
  search: Stats;
  byKind: Record<string, Stats>;
  baseline: Stats;
  baselineCount: number;
  sameMix: { engine: Stats; linear: Stats };
  mismatches: number;
  update: Stats;
  batchUpdatePerAsset: number;
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
  let t = performance.now();
  Y.applyUpdate(doc, update);
  const loadMs = performance.now() - t;
  const afterLoad = heapMb();
  t = performance.now();
  const index = new LibraryIndex([{ name: 'team/team1', kind: 'team', doc, writable: true }]);
  const buildMs = performance.now() - t;
  const afterBuild = heapMb();
  log(
    `load ${loadMs.toFixed(0)} ms, index ${buildMs.toFixed(0)} ms, problems ${index.problems.length}`,
  );

  const times: number[] = [];
  const byKind = new Map<string, number[]>();
  for (const query of mix) {
    const start = performance.now();
    searchLibrary(index, query.filters);
    const ms = performance.now() - start;
    times.push(ms);
    byKind.set(query.kind, [...(byKind.get(query.kind) ?? []), ms]);
  }
  log(`search p50 ${stats(times).p50.toFixed(2)} p95 ${stats(times).p95.toFixed(2)} ms`);

  const baselineCount = BASELINE_QUERIES[size] ?? 200;
  const linearTimes: number[] = [];
  let mismatches = 0;
  for (const query of mix.slice(0, baselineCount)) {
    const plan = toSearchPlan(query.filters);
    const start = performance.now();
    const linear = linearSearch(index, plan);
    linear.slots.map((slot) => index.assetAt(slot)!.asset.id);
    linearTimes.push(performance.now() - start);
    if (!sameResult(index, plan.sortBy, runSearch(index, plan), linear, query)) mismatches++;
  }
  log(`linear p50 ${stats(linearTimes).p50.toFixed(1)} ms, mismatches ${mismatches}`);

  // Incremental updates: one asset per transaction, then 100 per transaction.
  const assets = assetsOf(doc);
  const updateTimes: number[] = [];
  for (let i = 0; i < 300; i++) {
    const id = ids[(i * 7919) % ids.length]!;
    const record = assets.get(id) as Y.Map<unknown>;
    const start = performance.now();
    doc.transact(() => {
      record.set('name', `Renamed clip ${i} aurora`);
      record.set('tags', setToYMap(['updated', `tag${i % 17}`]));
    });
    updateTimes.push(performance.now() - start);
  }
  const batchStart = performance.now();
  doc.transact(() => {
    for (let i = 0; i < 100; i++) {
      (assets.get(ids[(i * 104729) % ids.length]!) as Y.Map<unknown>).set('prompt', `batch ${i}`);
    }
  });
  const batchUpdatePerAsset = (performance.now() - batchStart) / 100;
  log(`update p50 ${stats(updateTimes).p50.toFixed(3)} ms`);

  const result: SizeResult = {
    assets: size,
    lineageEdges,
    collections,
    docBytes: update.length,
    loadMs,
    buildMs,
    indexHeapMb: afterBuild - afterLoad,
    docHeapMb: afterLoad - before,
    search: stats(times),
    byKind: Object.fromEntries([...byKind].map(([kind, samples]) => [kind, stats(samples)])),
    baseline: stats(linearTimes),
    baselineCount,
    sameMix: { engine: stats(times.slice(0, baselineCount)), linear: stats(linearTimes) },
    mismatches,
    update: stats(updateTimes),
    batchUpdatePerAsset,
  };
  index.destroy();
  doc.destroy();
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
  writeSection(results, machine());
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
