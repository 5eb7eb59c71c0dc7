/**
 * `npm run bench:browser:constellation`: in headless Chromium (Debian's, as the e2e tests use),
 * 1. the constellation map at 1k, 10k and 50k stars: time from handing the stars to the layout
 *    worker until the settled positions are back (goal: 10k under 3 s), and pan/zoom frame rate
 *    with the real view and renderer (goal: above 50 fps) — the map's code bundled with esbuild
 *    onto a blank page, so 50k stars need no 90 MB sync;
 * 2. the lineage tree of a 1,000-clip family in the real app (built app, real server, synced
 *    library): from a click on a link to the tree until all 1,000 cards are in the page.
 * Figures are printed and written to BENCHMARKS.md, "Constellation and lineage (browser)".
 * Knobs: BENCH_SIZES (default 1000,10000,50000), BENCH_PAN_ROUNDS (2), BENCH_TREE=0 (the map
 * alone, nothing written), BENCH_TRACE=1 (a CDP trace of one pan/zoom per size, summed by thread
 * and event), BENCH_NO_WRITE=1.
 */
import { build } from 'esbuild';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { assetToYMap } from '../src/lib/library/records/asset';
import type { VideoLineage } from '../src/lib/library/records/lineage';
import { assetsOf, lineageOf } from '../src/lib/library/schema';
import { connect } from '../tests/integration/sync/helpers';
import {
  createTeam,
  launchBrowser,
  newContext,
  PASSWORD,
  signIn,
  startServer,
} from '../tests/e2e/harness';
import { computeLayout } from '../src/lib/constellation/layout';
import { generateLibrary, plainToYMap } from './data/generate';
import type { ConstellationFigures, PanFigures, PanOptions } from './browser-constellation-page';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number);
const FAMILY = Number(process.env.BENCH_FAMILY ?? 1000);
/** Pan/zoom runs per size and variant (with and without the cached star layer). */
const PAN_ROUNDS = Number(process.env.BENCH_PAN_ROUNDS ?? 2);

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/**
 * The same layout in Node, timed by CPU time as well as the clock: on a shared machine the CPU
 * time is what the layout costs, the clock what it took while others ran.
 */
function layoutCpu(n: number): { cpuMs: number; wallMs: number } {
  const library = generateLibrary({ assets: n, seed: 3 });
  const input = {
    stars: library.assets.map((asset, i) => ({
      id: asset.id,
      tags: asset.tags,
      category: asset.category,
      pinned:
        i % 40 === 0
          ? { x: asset.metadata.constellation_x ?? 0, y: asset.metadata.constellation_y ?? 0 }
          : null,
    })),
    edges: library.lineage.map((edge) => [edge.parent_id, edge.child_id] as const),
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  computeLayout(input);
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - started };
}

/** The CDP trace of one pan/zoom run, summed by thread and event: where the frame time goes. */
async function tracePan(tab: Page, variant: Variant): Promise<string> {
  const cdp = await tab.context().newCDPSession(tab);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) =>
    events.push(...(data.value as unknown as TraceEvent[])),
  );
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'cc',
        'viz',
        'blink',
        'skia',
        'v8.execute',
      ],
    },
  });
  const pan = await tab.evaluate((options) => window.benchPan(options), VARIANTS[variant]);
  await cdp.send('Tracing.end');
  await done;
  await cdp.detach();
  const threads = new Map<string, string>();
  for (const event of events) {
    if (event.ph === 'M' && event.name === 'thread_name') {
      threads.set(`${event.pid}:${event.tid}`, String(event.args?.name ?? event.tid));
    }
  }
  const totals = new Map<string, { ms: number; count: number }>();
  for (const event of events) {
    if (event.ph !== 'X' || event.dur === undefined) continue;
    const key = `${threads.get(`${event.pid}:${event.tid}`) ?? event.tid} · ${event.name}`;
    const total = totals.get(key) ?? { ms: 0, count: 0 };
    total.ms += event.dur / 1000;
    total.count++;
    totals.set(key, total);
  }
  const top = [...totals]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 18)
    .map(
      ([key, { ms, count }]) =>
        `    ${ms.toFixed(0).padStart(6)} ms ${String(count).padStart(5)}× ${key}`,
    );
  return `  trace, ${variant} (${pan.fps.toFixed(1)} fps; totals include nested events):\n${top.join('\n')}`;
}

interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string };
}

async function constellation(browser: Browser): Promise<ConstellationFigures[]> {
  const [worker, skyWorker, page] = await Promise.all([
    bundle('src/lib/constellation/layout.worker.ts'),
    bundle('src/lib/constellation/sky.worker.ts'),
    bundle('bench/browser-constellation-page.ts'),
  ]);
  const figures: ConstellationFigures[] = [];
  for (const n of SIZES) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const tab = await context.newPage();
    await tab.setContent('<!doctype html><body style="margin:0;background:#07090d"></body>');
    await tab.evaluate(
      ([layout, sky]) => {
        window.workerSource = layout!;
        window.skyWorkerSource = sky!;
      },
      [worker, skyWorker],
    );
    await tab.addScriptTag({ content: page });
    const result = await tab.evaluate((count) => window.benchConstellation(count), n);
    // The three ways, alternating, so all share the machine's moods.
    const runs: Record<Variant, PanFigures[]> = { 'no cache': [], 'main thread': [], shipped: [] };
    for (let round = 0; round < PAN_ROUNDS; round++) {
      for (const variant of Object.keys(VARIANTS) as Variant[]) {
        const pan = await tab.evaluate((options) => window.benchPan(options), VARIANTS[variant]);
        runs[variant].push(pan);
        console.log(
          `constellation ${n} pan/zoom ${variant.padEnd(11)}: ${pan.fps.toFixed(1)} fps, ` +
            `frame p95 ${pan.frameP95Ms.toFixed(1)} ms, draw mean ${pan.drawMeanMs.toFixed(1)} ms p95 ${pan.drawP95Ms.toFixed(1)} ms, ` +
            `pictures ${pan.mainPictures} main thread + ${pan.workerPictures} worker`,
        );
      }
    }
    const shipped = median(runs.shipped);
    const uncached = median(runs['no cache']);
    const mainThread = median(runs['main thread']);
    Object.assign(result, {
      fps: shipped.fps,
      drawMeanMs: shipped.drawMeanMs,
      drawP95Ms: shipped.drawP95Ms,
      uncachedFps: uncached.fps,
      uncachedDrawMeanMs: uncached.drawMeanMs,
      mainThreadFps: mainThread.fps,
    });
    console.log(
      `constellation ${n}: settle ${result.settleMs.toFixed(0)} ms (worker ${result.layoutMs.toFixed(0)} ms), ` +
        `pan/zoom ${shipped.fps.toFixed(1)} fps (cache drawn on the main thread ${mainThread.fps.toFixed(1)}, no cache ${uncached.fps.toFixed(1)}), load ${loadavg()[0]!.toFixed(1)}`,
    );
    if (process.env.BENCH_TRACE) {
      for (const variant of Object.keys(VARIANTS) as Variant[]) {
        console.log(await tracePan(tab, variant));
      }
    }
    const node = layoutCpu(n);
    result.nodeCpuMs = node.cpuMs;
    console.log(
      `  layout in Node: ${node.cpuMs.toFixed(0)} ms CPU, ${node.wallMs.toFixed(0)} ms wall`,
    );
    figures.push(result);
    await context.close();
  }
  return figures;
}

/** The map as shipped, its cache drawn on the main thread, and no cache (as before). */
const VARIANTS = {
  'no cache': { layerCache: false, worker: false },
  'main thread': { layerCache: true, worker: false },
  shipped: { layerCache: true, worker: true },
} satisfies Record<string, PanOptions>;
type Variant = keyof typeof VARIANTS;

/** The run with the median frame rate. */
function median(runs: PanFigures[]): PanFigures {
  const sorted = [...runs].sort((a, b) => a.fps - b.fps);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** One family: a root and FAMILY - 1 descendants, each under a random earlier clip; some merges. */
function family(teamId: string) {
  const library = generateLibrary({ assets: FAMILY, seed: 5, teamId });
  let state = 12345;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lineage: VideoLineage[] = [];
  library.assets.forEach((asset, i) => {
    asset.trashed_at = null;
    asset.metadata.constellation_x = null;
    asset.metadata.constellation_y = null;
    if (i === 0) {
      asset.metadata.parent_asset_id = null;
      return;
    }
    const parents = [Math.floor(random() * i)];
    if (i > 10 && random() < 0.03) parents.push(Math.floor(random() * i));
    for (const p of new Set(parents)) {
      const parent = library.assets[p]!;
      lineage.push({
        id: `f${i.toString(36).padStart(5, '0')}-${p}`,
        parent_id: parent.id,
        child_id: asset.id,
        evolution_type: (['duplicate', 'remix', 'evolve', 'extend', 'variation'] as const)[i % 5]!,
        evolution_params: {},
        original_prompt: parent.prompt,
        evolved_prompt: asset.prompt,
        prompt_delta: '',
        created_by: asset.creator_id,
        branch_name: i % 3 === 0 ? 'alternate' : 'main',
        is_merge: parents.length > 1,
        created_at: asset.created_at,
      });
    }
    asset.metadata.parent_asset_id = library.assets[parents[0]!]!.id;
  });
  return { assets: library.assets, lineage, root: library.assets[0]!.id };
}

async function lineageTree(browser: Browser): Promise<{ ms: number[]; nodes: number }> {
  const server = await startServer();
  try {
    const { teamId } = await createTeam(server, 'Family', [{ username: 'ada', role: 'owner' }]);
    const { token } = await server.login('ada', PASSWORD);
    const { assets, lineage, root } = family(teamId);
    const writer = connect(server.wsUrl, `team/${teamId}`, token);
    await writer.synced();
    for (let i = 0; i < assets.length; i += 200) {
      writer.doc.transact(() => {
        for (const asset of assets.slice(i, i + 200))
          assetsOf(writer.doc).set(asset.id, assetToYMap(asset));
      });
    }
    for (let i = 0; i < lineage.length; i += 500) {
      writer.doc.transact(() => {
        for (const edge of lineage.slice(i, i + 500))
          lineageOf(writer.doc).set(edge.id, plainToYMap(edge));
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    writer.destroy();

    const context = await newContext(browser, server);
    const page = await context.newPage();
    await signIn(page, 'ada', PASSWORD);
    const ms: number[] = [];
    let nodes = 0;
    for (let round = 0; round < 3; round++) {
      await page.goto('/trash');
      await page.waitForLoadState('networkidle');
      const result = await page.evaluate(
        async ({ href, expected }) => {
          const link = document.createElement('a');
          link.href = href;
          document.body.append(link);
          const start = performance.now();
          link.click();
          for (;;) {
            await new Promise((resolve) => requestAnimationFrame(resolve));
            const count = document.querySelectorAll('[data-testid="lineage-node"]').length;
            if (count >= expected || performance.now() - start > 60_000) {
              return { ms: performance.now() - start, count };
            }
          }
        },
        { href: `/lineage/${root}`, expected: FAMILY },
      );
      ms.push(result.ms);
      nodes = result.count;
      console.log(`lineage tree ${result.count} nodes: ${result.ms.toFixed(0)} ms`);
    }
    await context.close();
    return { ms, nodes };
  } finally {
    await server.stop();
  }
}

function report(figures: ConstellationFigures[], tree: { ms: number[]; nodes: number }): string {
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const chromium = process.env.CHROMIUM_VERSION ?? 'Debian Chromium';
  const rows = figures.map(
    (f) =>
      `| ${f.stars.toLocaleString('en')} | ${f.edges.toLocaleString('en')} | **${f.settleMs.toFixed(0)}** | ${f.layoutMs.toFixed(0)} | ${f.nodeCpuMs?.toFixed(0) ?? '–'} | ${f.sceneMs.toFixed(0)} | **${f.fps.toFixed(0)}** | ${f.mainThreadFps?.toFixed(0) ?? '–'} | ${f.uncachedFps?.toFixed(0) ?? '–'} | ${f.drawMeanMs.toFixed(1)} / ${f.drawP95Ms.toFixed(1)} |`,
  );
  const sorted = [...tree.ms].sort((a, b) => a - b);
  return `## Constellation and lineage (browser)

Measured ${when} UTC on ${cpus().length} cores (${cpu}), headless ${chromium} (software
rendering, \`--disable-gpu\`), Node ${process.version}, by \`npm run bench:browser:constellation\`
(\`bench/browser-constellation.ts\`); load average ${loadavg()[0]!.toFixed(1)} at the end of the run on
${cpus().length} cores (the bench's own browser and workers, or other work on the machine as well: a
load above the core count inflates every figure here). The renderer's own cost per frame is the
*draw* column; the frame rate is what the main thread managed around it.

**Constellation map.** The map's own code — layout worker, \`Scene\`, \`ConstellationView\`
(d3-zoom, quadtree hit-testing) and the canvas renderer — bundled onto a blank 1400×900 page
with a generated library (\`bench/data/generate.ts\`, one star in forty pinned). *Settle* is from
posting the stars to the Web Worker until the final positions are back on the main thread (a
fixed number of ticks, so this is the whole layout, not a first frame); *pan/zoom* is 180
animation frames of zooming in, panning and zooming out, one transform change per frame (the
median of ${PAN_ROUNDS} runs) as shipped: each frame transforms a cached picture of the sky, which
a worker redraws off the main thread; *main-thread cache* redraws that picture on the main
thread, *uncached* draws every star each frame (the map before the cache); the three alternate.
*Layout CPU* is the same layout run in Node and timed by CPU time, what it costs on an idle
machine. Goals:
10k settle under 3 s, pan/zoom above 50 fps.

| stars | lineage edges | settle ms | in worker ms | layout CPU ms (Node) | scene ms | pan/zoom fps | main-thread cache fps | uncached fps | draw mean / p95 ms |
|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

**Lineage tree.** The built app on the real server, a synced family of ${FAMILY.toLocaleString('en')} clips
(random tree, 3% merges): from a click on a link to \`/lineage/<root>\` until all
${tree.nodes.toLocaleString('en')} cards are in the page: ${sorted.map((ms) => ms.toFixed(0)).join(', ')} ms
(three runs; median **${sorted[1]?.toFixed(0) ?? sorted[0]?.toFixed(0)} ms**).
`;
}

function writeSection(section: string): void {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const heading = '## Constellation and lineage (browser)';
  const start = text.indexOf(heading);
  let next: string;
  if (start < 0) {
    next = `${text.trimEnd()}\n\n${section}`;
  } else {
    const after = text.indexOf('\n## ', start + heading.length);
    next = `${text.slice(0, start)}${section}${after < 0 ? '' : `\n${text.slice(after + 1)}`}`;
  }
  writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
}

const browser = await launchBrowser();
try {
  process.env.CHROMIUM_VERSION ??= `Chromium ${browser.version()}`;
  const figures = await constellation(browser);
  // BENCH_TREE=0: the map alone (no server, no build needed), nothing written.
  if (process.env.BENCH_TREE !== '0') {
    const tree = await lineageTree(browser);
    const section = report(figures, tree);
    console.log(`\n${section}`);
    if (!process.env.BENCH_NO_WRITE) writeSection(section);
  }
} finally {
  await browser.close();
}
