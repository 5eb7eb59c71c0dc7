/** Writes the "Library core" section of BENCHMARKS.md, keeping every other section. */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus } from 'node:os';
import type { SizeResult } from './library.bench';

export interface Machine {
  cores: number;
  cpu: string;
  node: string;
  date: string;
}

export function machine(): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpu = line.split(':')[1]!.trim();
  } catch {
    // Not Linux: keep what os.cpus() says.
  }
  return {
    cores: cpus().length,
    cpu,
    node: process.version,
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  };
}

const FILE = 'BENCHMARKS.md';
const HEADING = '## Library core';
const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(0));

export function writeSection(results: SizeResult[], m: Machine): void {
  const col = (f: (r: SizeResult) => string) => results.map(f).join(' | ');
  const head = `| | ${col((r) => `${r.assets / 1000}k assets`)} |\n|---|${results.map(() => '---').join('|')}|`;
  const kinds = Object.keys(results[0]!.byKind).sort();
  const lines = [
    HEADING,
    '',
    `Measured ${m.date} on ${m.cores} cores (${m.cpu}), Node ${m.node}, by \`npm run bench\``,
    '(`bench/library.bench.ts`). Generated libraries (`bench/data/generate.ts`): a vocabulary of',
    'real prompt words plus a long tail of made-up ones with a Zipf spread, Zipf-spread tags,',
    'categories, moods and creators, lineage families (a third of clips derive from an earlier one,',
    'some merges), collections with notes, shares. Search times are `searchLibrary` end to end',
    '(validation, matching, ordering, rows) over 1,000 mixed queries (`bench/data/query-mix.ts`):',
    'the ten commonest words, 1–3 letter prefixes as typed, typos, two words, facets alone and',
    'combined with text, half with an explicit sort (created / name / duration / views, both',
    'orders), pages 1–5.',
    '',
    head,
    `| lineage edges / collections | ${col((r) => `${r.lineageEdges} / ${r.collections}`)} |`,
    `| encoded doc (Y.encodeStateAsUpdate) | ${col((r) => `${(r.docBytes / 1e6).toFixed(1)} MB`)} |`,
    `| load encoded doc (Y.applyUpdate) | ${col((r) => `${ms(r.loadMs)} ms`)} |`,
    `| index build (validate, facets, postings, MiniSearch) | ${col((r) => `${ms(r.buildMs)} ms`)} |`,
    `| heap: Y.Doc / index | ${col((r) => `${r.docHeapMb.toFixed(0)} MB / ${r.indexHeapMb.toFixed(0)} MB`)} |`,
    `| **search p50 / p95** | ${col((r) => `**${ms(r.search.p50)} / ${ms(r.search.p95)} ms**`)} |`,
    `| search p99 / max | ${col((r) => `${ms(r.search.p99)} / ${ms(r.search.max)} ms`)} |`,
    ...kinds.map(
      (kind) =>
        `| — ${kind}: p50 / p95 | ${col((r) => `${ms(r.byKind[kind]!.p50)} / ${ms(r.byKind[kind]!.p95)} ms`)} |`,
    ),
    `| linear scan, same queries: p50 / p95 | ${col((r) => `${ms(r.sameMix.linear.p50)} / ${ms(r.sameMix.linear.p95)} ms (first ${r.baselineCount})`)} |`,
    `| index, same queries: p50 / p95 | ${col((r) => `${ms(r.sameMix.engine.p50)} / ${ms(r.sameMix.engine.p95)} ms`)} |`,
    `| linear ÷ index at p95 | ${col((r) => `${(r.sameMix.linear.p95 / r.sameMix.engine.p95).toFixed(0)}×`)} |`,
    `| results differing from linear scan | ${col((r) => String(r.mismatches))} |`,
    `| **incremental update, one asset per transaction: p50 / p95** | ${col((r) => `**${ms(r.update.p50)} / ${ms(r.update.p95)} ms**`)} |`,
    `| incremental update, 100 assets in one transaction, per asset | ${col((r) => `${ms(r.batchUpdatePerAsset)} ms`)} |`,
    '',
    'Goal at 100k: search p95 under 15 ms, index update under 1 ms per asset. How: facet postings',
    'intersected as bitsets first; each term expanded on a radix-tree vocabulary (prefixes; typos',
    'only from 4 letters) and its match set unioned from postings (cached and kept current for 1–3',
    'letter prefixes); field sorts need no scores and page with a bounded heap; relevance is',
    "MiniSearch's BM25 when it would score few postings, otherwise where the terms occur (name,",
    'then tags/category) then recency — for the commonest words BM25 is nearly flat anyway, and',
    'MiniSearch alone takes ~250 ms there because it scores every match.',
    '',
  ];
  const section = lines.join('\n');
  const existing = existsSync(FILE) ? readFileSync(FILE, 'utf8') : '# Benchmarks\n';
  const start = existing.indexOf(HEADING);
  let next: string;
  if (start === -1) {
    next = `${existing.trimEnd()}\n\n${section}`;
  } else {
    const after = existing.indexOf('\n## ', start + HEADING.length);
    next =
      existing.slice(0, start) + section + (after === -1 ? '' : `\n${existing.slice(after + 1)}`);
  }
  writeFileSync(FILE, next.trimEnd() + '\n');
}
