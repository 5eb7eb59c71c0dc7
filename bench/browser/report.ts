/** The "Browser app" section of BENCHMARKS.md from the measured figures. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenRun } from './measure';
import { FACETS, QUERIES, type SizeFigures } from './run-size';
import { ms, ratio, summary } from './stats';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HEADING = '## Browser app';
const GOAL_MS = 1500;

const k = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));
const spread = (values: number[]) => {
  const s = summary(values);
  return `**${ms(s.median)}** (${ms(s.min)}–${ms(s.max)})`;
};

function openRow(size: number, mode: string, runs: OpenRun[]): string {
  if (runs.length === 0)
    return `${k(size)} | ${mode} | 0 | not live in time (see below) | | | | | |`;
  const after = runs.map((r) => (r.idb ? r.live - r.idb.end : NaN)).filter(Number.isFinite);
  const heap = summary(runs.map((r) => r.heapMb ?? NaN)).median;
  return [
    k(size),
    mode,
    runs.length,
    spread(runs.map((r) => r.firstPaint)),
    `${runs.filter((r) => r.firstScreen).length} of ${runs.length}`,
    runs.some((r) => Number.isFinite(r.livePaint))
      ? spread(runs.map((r) => r.livePaint).filter(Number.isFinite))
      : 'never (see below)',
    ms(summary(runs.map((r) => r.idb?.end ?? NaN)).median),
    ms(summary(after).median),
    ms(summary(runs.map((r) => r.longestTaskMs)).median),
    Number.isFinite(heap) ? heap.toFixed(0) : '–',
  ].join(' | ');
}

/** Why the figures are what they are: read off the profile and the code (not measured per run). */
const FINDINGS = `**Where the cold open goes.** The *first card* is the remembered first screen
(\`src/lib/client/first-screen*.ts\`: the first 60 cards, the result count and the filter counts of
the default and the last shown search state, per person and team, 20–30 KiB in localStorage,
rebuilt when the library has settled and when the tab is hidden): read synchronously at page
start (2 ms median in this Chromium, against 10 ms for one IndexedDB open and get of the same
value), drawn inert under an "Opening library…" progress pill until every room is loaded. It does
not wait for the rooms, so it does not grow with the library. *Live* still does, but no longer
in one task: the local copy is stored as pieces of about 12,000 structs or 2 MB
(\`src/lib/sync/state-pieces.ts\`, written by each compaction and soon after a first sync), read
back a few at a time in turns of 25 ms, each turn one transaction that the live index takes in as
one batch (the sort orders are rebuilt once, when the grid first reads them; the text index follows
in idle slices). Each turn resumes in a task queued behind whatever else waits, so between turns
the page paints, answers input, reads the other rooms and moves the progress pill (clips indexed
so far); \`scheduler.yield()\` was tried first, and its continuations, which go ahead of every
other waiting task, left the page unable to run anything else for 17 s at 100k, with no long task
to show for it. The longest-task column is what is left in one piece: a major garbage collection
of the large heap, or the grid's first search with the sort orders rebuilt. What would shorten the
total: a lighter record shape (an asset as one map of plain values rather than nested \`Y.Map\`s
for metadata, tags and views: 40–52 Yjs items per clip now, most of the load being Yjs
integrating and collecting them), and building the index in a worker that hands the grid rows.
The browser contexts here are Playwright's (not persisted to disk), so the IndexedDB read is from
memory; from disk it only adds to the figures.`;

export function report(figures: SizeFigures[], chromium: string): string {
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const open = figures.flatMap((f) => [
    `| ${openRow(f.seeded.assets, 'server stopped', f.offline)} |`,
    `| ${openRow(f.seeded.assets, 'server up', f.online)} |`,
  ]);
  const sizes = figures.map(
    (f) =>
      `${k(f.seeded.assets)}: ${(f.seeded.docBytes / 1e6).toFixed(1)} MB encoded room, first sign-in (whole room over the socket into the page and IndexedDB) ${(f.firstSyncMs / 1000).toFixed(1)} s`,
  );
  const profiled = figures.find((f) => f.profile);
  const hot = profiled?.profile
    ? `Where the main thread spends a cold open (${k(profiled.seeded.assets)}, server stopped, one more run under
the CDP sampling profiler, 0.5 ms interval; busy time from navigation to the live grid painted,
each sample counted for the first group its call stack falls in):

| where | ms | share |
|---|---|---|
${profiled.profile.map((g) => `| ${g.label} | ${ms(g.ms)} | ${(100 * g.share).toFixed(0)}% |`).join('\n')}
`
    : '';
  const search = figures
    .filter((f) => f.typing.length > 0)
    .map((f) => {
      const dom = summary(f.typing.map((s) => s.dom));
      const paint = summary(f.typing.map((s) => s.paint));
      const facet = summary(f.facets.map((s) => s.paint));
      const node = f.node
        ? summary(f.typing.map((s) => f.node!.searchMs.get(s.query) ?? NaN))
        : null;
      return `| ${k(f.seeded.assets)} | ${dom.n} | ${ms(dom.median)} / ${ms(dom.p95)} | **${ms(paint.median)} / ${ms(paint.p95)}** | ${ms(facet.median)} / ${ms(facet.p95)} | ${node ? `${ms(node.median)} / ${ms(node.p95)}` : '–'} | ${node ? ratio(paint.median, node.median) : '–'} |`;
    });
  const scroll = figures.flatMap((f) =>
    !f.scroll
      ? []
      : `| ${k(f.seeded.assets)} | ${f.scroll.frames} | ${f.scroll.distancePx.toLocaleString('en')} | **${f.scroll.meanFps.toFixed(1)}** | ${ms(f.scroll.meanFrameMs)} | **${ms(f.scroll.p95FrameMs)}** | ${ms(f.scroll.maxFrameMs)} | ${f.scroll.over50ms} |`,
  );
  const comparisons: string[] = [];
  const small = figures[0];
  const large = figures.at(-1);
  for (const f of figures) {
    if (f.failure) comparisons.push(`- ${k(f.seeded.assets)}: ${f.failure.slice(0, 600)}`);
  }
  if (small && large && small !== large && large.offline.length > 0) {
    const a = summary(small.offline.map((r) => r.firstPaint)).median;
    const b = summary(large.offline.map((r) => r.firstPaint)).median;
    const la = summary(small.offline.map((r) => r.livePaint).filter(Number.isFinite)).median;
    const lb = summary(large.offline.map((r) => r.livePaint).filter(Number.isFinite)).median;
    comparisons.push(
      `- Cold open, server stopped: first card at ${k(large.seeded.assets)} takes ${ratio(b, a)} the time of ${k(small.seeded.assets)} (${ms(b)} vs ${ms(a)} ms); live ${ratio(lb, la)} (${ms(lb)} vs ${ms(la)} ms).`,
    );
    const sa = summary(small.typing.map((s) => s.paint)).median;
    const sb = summary(large.typing.map((s) => s.paint)).median;
    comparisons.push(
      `- Search as you type, median key press → painted: ${k(large.seeded.assets)} ${ratio(sb, sa)} of ${k(small.seeded.assets)}.`,
    );
  }
  if (large && large.offline.length > 0) {
    const worst = summary(large.offline.map((r) => r.firstPaint)).median;
    const live = summary(large.offline.map((r) => r.livePaint).filter(Number.isFinite)).median;
    comparisons.push(
      (worst <= GOAL_MS
        ? `- Goal (${k(large.seeded.assets)} cold open to first grid paint under ${GOAL_MS} ms): met, ${ms(worst)} ms (first card painted, server stopped).`
        : `- Goal (${k(large.seeded.assets)} cold open to first grid paint under ${GOAL_MS} ms): **not met**, ${ms(worst)} ms is ${ratio(worst, GOAL_MS)} the goal.`) +
        (Number.isFinite(live)
          ? ` The library is live (editable) at ${ms(live)} ms.`
          : ' The library did not go live in time (see above).'),
    );
  }
  for (const f of figures) {
    if (!f.node) continue;
    comparisons.push(
      `- Node, same ${k(f.seeded.assets)} library, core only: Y.applyUpdate ${ms(f.node.loadMs)} ms, LibraryIndex build ${ms(f.node.indexMs)} ms (together ${ms(f.node.loadMs + f.node.indexMs)} ms, against ${ms(summary(f.offline.map((r) => r.livePaint).filter(Number.isFinite)).median)} ms from navigation to the live grid painted in the browser, server stopped).`,
    );
  }

  return `${HEADING}

Measured ${when} UTC on ${cpus().length} cores (${cpu}), headless Chromium ${chromium} (software
rendering, \`--disable-gpu\`), Node ${process.version}, by \`npm run bench:browser\`
(\`bench/browser.ts\`, \`bench/browser/\`), with nothing else running (the load average, 0.3–4, is
the bench's own browser, server and Node; still a shared cloud machine: read ratios more than
absolutes). The built app (\`vite build\`) served by the real
server; the library is the core benchmark's generator (\`bench/data/generate.ts\`, seed 1) written
into the server's room persistence as the team room's snapshot, then synced once into a signed-in
browser context (kept in IndexedDB) — ${sizes.join('; ')}.

**Cold open.** A fresh page (new document) at \`/\` in that context; times from navigation start
(\`performance.now()\` in the page), each to the first task after the next animation frame
(painted). *First card*: a MutationObserver sees the first \`[data-asset-id]\` card — the
remembered first screen's when the app has one (*from first screen*: how many runs), shown inert
while the rooms load; *live*: \`[data-library="live"]\`, every room loaded and indexed, the live
grid interactive. *Server stopped*: the service worker serves the app and the cached \`me\`, the
room comes from IndexedDB only; *server up*: the same plus the socket. *IndexedDB read* is when
the last \`getAll\` of the local copies' stored updates returned (of the last of the rooms: the
team room's pieces are applied in turns meanwhile, so that read can end late); *read → live* is
what follows it: what is left of the applying and indexing, the grid's first search and render.
Median (min–max) in ms.

| assets | server | runs | first card painted ms | from first screen | live painted ms | IndexedDB read done ms | read → live ms | longest task ms | JS heap MB |
|---|---|---|---|---|---|---|---|---|---|
${open.join('\n')}

${hot}
**Search as you type.** In the header's search box, ${QUERIES.map((q) => `“${q}”`).join(', ')}
typed one key at a time (real key events), each key pressed after the previous result is on
screen: from the key event's timestamp to the result count naming the typed text (DOM) and to
its paint. Facets: ${FACETS.map((f) => `${f.facet} value ${f.nth + 1}`).join(', ')} checked and
unchecked, click → changed count, painted. *Node*: the grid's query (\`runSearch\` for every
match, as \`searchAll\` asks) on the core alone for the same typed texts (median of 5 each).

| assets | keys | key → DOM p50 / p95 ms | key → painted p50 / p95 ms | facet click → painted p50 / p95 ms | Node, same texts p50 / p95 ms | browser ÷ Node (p50) |
|---|---|---|---|---|---|---|
${search.join('\n')}

**Scroll.** The grid's scroller (virtua \`VList\`) moved ${'`'}scrollTop${'`'} one step per
animation frame, a long fling down the unfiltered library; frame time is the gap between
successive animation frames.

| assets | frames | distance px | mean fps | mean frame ms | p95 frame ms | max frame ms | frames > 50 ms |
|---|---|---|---|---|---|---|---|
${scroll.join('\n')}

${comparisons.join('\n')}

${FINDINGS}
`;
}

/** Replaces the "Browser app" section of BENCHMARKS.md (or appends it), leaving the others. */
export function writeSection(section: string): void {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = text.indexOf(`${HEADING}\n`);
  let next: string;
  if (start < 0) {
    next = `${text.trimEnd()}\n\n${section}`;
  } else {
    const after = text.indexOf('\n## ', start + HEADING.length);
    next = `${text.slice(0, start)}${section}${after < 0 ? '' : `\n${text.slice(after + 1)}`}`;
  }
  writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
}
