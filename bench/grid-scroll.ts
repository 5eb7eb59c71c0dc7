/**
 * The library grid's scroll, side by side for two or more builds of the app in one run: each build
 * gets its own copy of a generated library, its own server and its own signed-in browser context,
 * and the scrolls alternate between them (round 1 A, B; round 2 A, B; …) so the machine's load
 * falls on all of them alike. Per scroll: frame times, thumbnail requests and failures, and (with
 * GRID_TRACE=1, one extra scroll per build) main-thread time by trace event (self time).
 *
 *   GRID_BUILDS=base=/tmp/build-a,new=/tmp/build-b GRID_SIZE=10000 npx tsx bench/grid-scroll.ts
 *
 * GRID_ROUNDS (3), GRID_FRAMES (300), GRID_STEP (240 px), GRID_VIEWPORT (1400x900),
 * GRID_DATA_DIR (the system temp directory's vl-grid-bench).
 */
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, PASSWORD, startServer, type TestServer } from '../tests/e2e/harness';
import { seededServer } from './browser/seed';

const LONG = 15 * 60_000;

interface Build {
  label: string;
  dir: string;
  server?: TestServer;
  context?: BrowserContext;
  page?: Page;
  thumbRequests: number;
  thumbFailures: number;
}

export interface GridScroll {
  frames: number;
  distancePx: number;
  meanFps: number;
  p50FrameMs: number;
  p95FrameMs: number;
  maxFrameMs: number;
  over50ms: number;
  longTaskMs: number;
  cardsInDom: number;
  /** Cards (and elements) added to the DOM during the scroll. */
  cardsMounted: number;
  nodesAdded: number;
}

/** Runs in the page: scrolls the grid's scroller `step` px per animation frame. */
async function scrollInPage({
  frames,
  step,
}: {
  frames: number;
  step: number;
}): Promise<GridScroll> {
  const grid = document.querySelector('[role="grid"]');
  if (!grid) throw new Error('no grid');
  const scroller = [grid, ...grid.querySelectorAll('*')].find((el) => {
    const style = getComputedStyle(el);
    return /(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight;
  });
  if (!scroller) throw new Error('no scrolling element in the grid');
  scroller.scrollTop = 0;
  await new Promise((resolve) => setTimeout(resolve, 500));
  let longTaskMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTaskMs += entry.duration;
  });
  try {
    observer.observe({ type: 'longtask' });
  } catch {
    // no long task timing
  }
  let mounted = 0;
  let nodes = 0;
  const mutations = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        nodes += 1 + node.querySelectorAll('*').length;
        mounted +=
          (node.matches('[data-asset-id]') ? 1 : 0) +
          node.querySelectorAll('[data-asset-id]').length;
      }
    }
  });
  mutations.observe(scroller, { childList: true, subtree: true });
  const start = scroller.scrollTop;
  const times: number[] = [];
  await new Promise<void>((resolve) => {
    let last = -1;
    let n = 0;
    const tick = (now: number) => {
      if (last >= 0) times.push(now - last);
      last = now;
      if (n++ >= frames) return resolve();
      scroller.scrollTop += step;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  observer.disconnect();
  mutations.disconnect();
  const sorted = [...times].sort((a, b) => a - b);
  const total = times.reduce((sum, t) => sum + t, 0);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    frames: times.length,
    distancePx: scroller.scrollTop - start,
    meanFps: (1000 * times.length) / total,
    p50FrameMs: at(0.5),
    p95FrameMs: at(0.95),
    maxFrameMs: sorted.at(-1)!,
    over50ms: times.filter((t) => t > 50).length,
    longTaskMs,
    cardsInDom: document.querySelectorAll('[data-asset-id]').length,
    cardsMounted: mounted,
    nodesAdded: nodes,
  };
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
  pid: number;
  args?: { name?: string };
}

/** Self time (ms) by event name on the renderer's main thread. */
function selfTimes(events: TraceEvent[]): Map<string, number> {
  // Several renderers may be traced: the busiest main thread is the page's.
  const busy = new Map<string, number>();
  const mains = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph === 'X' && mains.has(key)) busy.set(key, (busy.get(key) ?? 0) + (e.dur ?? 0));
  }
  const main = [...busy].sort((a, b) => b[1] - a[1])[0]?.[0];
  const slices = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined && `${e.pid}:${e.tid}` === main)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const stack: { end: number; name: string; child: number; dur: number }[] = [];
  const pop = () => {
    const done = stack.pop()!;
    self.set(done.name, (self.get(done.name) ?? 0) + (done.dur - done.child) / 1000);
    if (stack.length > 0) stack.at(-1)!.child += done.dur;
  };
  for (const e of slices) {
    while (stack.length > 0 && stack.at(-1)!.end <= e.ts) pop();
    stack.push({ end: e.ts + e.dur!, name: e.name, child: 0, dur: e.dur! });
  }
  while (stack.length > 0) pop();
  return self;
}

interface KeySample {
  text: string;
  /** Key event → result count naming the text; → the frame after it. */
  domMs: number;
  paintMs: number;
  /** Cards added to the DOM for this key (the rest were kept). */
  mounted: number;
}

/** Runs in the page: resolves when the result count names `text`, after the next frame. */
function armKey(text: string): void {
  const win = window as unknown as { __gridKey?: Promise<Omit<KeySample, 'text'>> };
  let input: number | null = null;
  // Cards on screen now are marked (a property, not an attribute): unmarked ones later are new.
  for (const card of document.querySelectorAll('[data-asset-id]'))
    (card as unknown as { __gridSeen: boolean }).__gridSeen = true;
  const onKey = (event: Event) => (input ??= event.timeStamp);
  window.addEventListener('keydown', onKey, { capture: true });
  win.__gridKey = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const count = document.querySelector('[data-testid="result-count"]')?.textContent ?? '';
      if (!count.includes(`matching “${text}”`)) return;
      const dom = performance.now();
      observer.disconnect();
      window.removeEventListener('keydown', onKey, { capture: true });
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          const start = input ?? dom;
          const cards = [...document.querySelectorAll('[data-asset-id]')];
          const mounted = cards.filter(
            (card) => !(card as unknown as { __gridSeen?: boolean }).__gridSeen,
          ).length;
          resolve({ domMs: dom - start, paintMs: performance.now() - start, mounted });
        };
        channel.port2.postMessage(0);
      });
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}

async function typeText(page: Page, query: string): Promise<KeySample[]> {
  const box = page.locator('input[aria-label="Search videos"]');
  await box.fill('');
  await page.waitForFunction(
    () =>
      !document.querySelector('[data-testid="result-count"]')?.textContent?.includes('matching'),
  );
  await page.waitForTimeout(300);
  await box.focus();
  const samples: KeySample[] = [];
  for (let i = 1; i <= query.length; i++) {
    const text = query.slice(0, i);
    if (text.endsWith(' ')) {
      await page.keyboard.press('Space');
      await page.waitForTimeout(300);
      continue;
    }
    await page.evaluate(armKey, text);
    await page.keyboard.press(query[i - 1]!);
    const sample = await page.evaluate(
      () => (window as unknown as { __gridKey: Promise<Omit<KeySample, 'text'>> }).__gridKey,
    );
    samples.push({ text, ...sample });
  }
  await box.fill('');
  return samples;
}

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** Sampled self time by function (name, file and position: the build is minified). */
function selfByFunction(profile: CpuProfile): [string, number][] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id);
    if (!frame || frame.functionName === '(idle)') return;
    const file = frame.url.split('/').pop() ?? '';
    const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
    totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

/** The grid at rest, with a card hovered (its quick actions), scrolled a way down, and on a phone. */
async function screenshots(page: Page, prefix: string, viewport: string): Promise<void> {
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${prefix}-desktop.png` });
  await page.locator('[data-asset-id]').nth(1).hover();
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${prefix}-hover.png` });
  await page.mouse.move(5, 5);
  await page.evaluate(scrollInPage, { frames: 20, step: 240 });
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${prefix}-scrolled.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${prefix}-phone.png` });
  const [width, height] = viewport.split('x').map(Number) as [number, number];
  await page.setViewportSize({ width, height });
  await page.waitForTimeout(500);
}

async function open(browser: Browser, build: Build, size: number, viewport: string) {
  const [width, height] = viewport.split('x').map(Number) as [number, number];
  const context = await browser.newContext({
    baseURL: build.server!.url,
    viewport: { width, height },
    serviceWorkers: 'block',
  });
  context.setDefaultTimeout(LONG);
  // tsx keeps function names with a `__name` helper that functions sent to the page then call.
  await context.addInitScript({ content: 'window.__name = (fn) => fn;' });
  context.on('request', (request) => {
    if (request.url().includes('/blobs/thumb-')) build.thumbRequests++;
  });
  context.on('requestfinished', (request) => {
    if (!request.url().includes('/blobs/thumb-')) return;
    void request.response().then((response) => {
      if (response && !response.ok()) build.thumbFailures++;
    });
  });
  context.on('requestfailed', (request) => {
    if (request.url().includes('/blobs/thumb-')) build.thumbFailures++;
  });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Username').fill('ada');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  console.log(`${build.label}: signed in, waiting for the room`);
  const watch = setInterval(() => {
    void page
      .evaluate(() =>
        ['sync-status', 'result-count'].map((id) =>
          document.querySelector(`[data-testid="${id}"]`)?.textContent?.replace(/\s+/g, ' '),
        ),
      )
      .then((state) => console.log(`${build.label}: still opening: ${JSON.stringify(state)}`))
      .catch(() => undefined);
  }, 30_000);
  await page.getByTestId('sync-status').filter({ hasText: 'saved' }).waitFor();
  const count = page.getByTestId('result-count');
  await page.waitForFunction(
    () =>
      /\d video/.test(document.querySelector('[data-testid="result-count"]')?.textContent ?? ''),
    undefined,
    { polling: 500 },
  );
  console.log(`${build.label}: ${(await count.textContent())?.replace(/\s+/g, ' ').trim()}`);
  await page.locator('[data-asset-id]').first().waitFor();
  clearInterval(watch);
  build.context = context;
  build.page = page;
}

function line(label: string, s: GridScroll, thumbs: string): string {
  return (
    `${label.padEnd(6)} ${s.meanFps.toFixed(1).padStart(5)} fps  p50 ${s.p50FrameMs.toFixed(1)} ms  ` +
    `p95 ${s.p95FrameMs.toFixed(1)} ms  max ${s.maxFrameMs.toFixed(0)} ms  >50 ms: ${s.over50ms}  ` +
    `long tasks ${s.longTaskMs.toFixed(0)} ms  cards ${s.cardsInDom}, mounted ${s.cardsMounted} (${s.nodesAdded} elements)  ${thumbs}`
  );
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function printScrolls(builds: Build[], results: Map<string, GridScroll[]>): void {
  console.log('\nmedians over rounds:');
  const summary = new Map<string, { fps: number; p95: number; over: number; long: number }>();
  for (const build of builds) {
    const runs = results.get(build.label)!;
    const m = {
      fps: median(runs.map((r) => r.meanFps)),
      p95: median(runs.map((r) => r.p95FrameMs)),
      over: median(runs.map((r) => r.over50ms)),
      long: median(runs.map((r) => r.longTaskMs)),
    };
    summary.set(build.label, m);
    console.log(
      `${build.label.padEnd(8)} ${m.fps.toFixed(1)} fps, p95 ${m.p95.toFixed(1)} ms, ${m.over} frames > 50 ms, long tasks ${m.long.toFixed(0)} ms`,
    );
  }
  if (builds.length > 1) {
    const first = summary.get(builds[0]!.label)!;
    for (const build of builds.slice(1)) {
      const m = summary.get(build.label)!;
      console.log(
        `${build.label} ÷ ${builds[0]!.label}: fps ×${(m.fps / first.fps).toFixed(2)}, p95 ×${(m.p95 / first.p95).toFixed(2)}, long tasks ×${(m.long / Math.max(1, first.long)).toFixed(2)}`,
      );
    }
  }
}

async function main(): Promise<void> {
  const size = Number(process.env.GRID_SIZE ?? 10_000);
  const rounds = Number(process.env.GRID_ROUNDS ?? 3);
  const frames = Number(process.env.GRID_FRAMES ?? 300);
  const step = Number(process.env.GRID_STEP ?? 240);
  const viewport = process.env.GRID_VIEWPORT ?? '1400x900';
  const builds: Build[] = (process.env.GRID_BUILDS ?? 'current=build').split(',').map((spec) => {
    const [label, dir] = spec.split('=') as [string, string];
    return { label, dir: path.resolve(dir), thumbRequests: 0, thumbFailures: 0 };
  });
  const base = process.env.GRID_DATA_DIR ?? path.join(tmpdir(), 'vl-grid-bench');
  process.env.BENCH_DATA_DIR = base;
  const { server, seeded } = await seededServer(size);
  await server.stop();
  console.log(`library of ${size} ready (${(seeded.docBytes / 1e6).toFixed(1)} MB)`);

  const browser = await launchBrowser();
  try {
    for (const build of builds) {
      const copy = path.join(base, `copy-${size}-${build.label}`);
      if (existsSync(copy)) rmSync(copy, { recursive: true, force: true });
      cpSync(seeded.dataDir, copy, { recursive: true });
      build.server = await startServer({
        dataDir: copy,
        timeoutMs: 600_000,
        env: { BUILD_DIR: build.dir },
      });
      const t0 = performance.now();
      await open(browser, build, size, viewport);
      console.log(
        `${build.label}: signed in, synced in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
    const shots = process.env.GRID_SHOTS;
    if (shots) {
      mkdirSync(shots, { recursive: true });
      for (const build of builds)
        await screenshots(build.page!, path.join(shots, build.label), viewport);
    }
    const results = new Map<string, GridScroll[]>(builds.map((b) => [b.label, []]));
    for (let round = 1; round <= (process.env.GRID_SCROLL === '0' ? 0 : rounds); round++) {
      for (const build of builds) {
        const before = { req: build.thumbRequests, fail: build.thumbFailures };
        const s = await build.page!.evaluate(scrollInPage, { frames, step });
        await build.page!.waitForTimeout(300);
        results.get(build.label)!.push(s);
        const thumbs = `thumb requests ${build.thumbRequests - before.req} (failed ${build.thumbFailures - before.fail})`;
        console.log(`round ${round} ${line(build.label, s, thumbs)}`);
      }
    }
    if (process.env.GRID_SCROLL !== '0') printScrolls(builds, results);

    if (process.env.GRID_TYPE) {
      const queries = ['neon city', 'dragon', 'hero'];
      const typed = new Map<string, KeySample[]>(builds.map((b) => [b.label, []]));
      for (let round = 1; round <= rounds; round++) {
        for (const build of builds) {
          for (const query of queries)
            typed.get(build.label)!.push(...(await typeText(build.page!, query)));
        }
      }
      console.log('\nsearch as you type (key → result count / → painted, cards added per key):');
      const p = (values: number[], q: number) =>
        [...values].sort((a, b) => a - b)[
          Math.min(values.length - 1, Math.floor(q * values.length))
        ]!;
      for (const build of builds) {
        const samples = typed.get(build.label)!;
        const dom = samples.map((x) => x.domMs);
        const paint = samples.map((x) => x.paintMs);
        const mounted = samples.map((x) => x.mounted);
        if (process.env.GRID_TYPE === 'all')
          console.log(
            samples.map((x) => `${x.text}:${x.paintMs.toFixed(0)}ms/${x.mounted}`).join(' '),
          );
        console.log(
          `${build.label.padEnd(8)} ${samples.length} keys: DOM p50 ${p(dom, 0.5).toFixed(0)} / p95 ${p(dom, 0.95).toFixed(0)} ms, ` +
            `painted p50 ${p(paint, 0.5).toFixed(0)} / p95 ${p(paint, 0.95).toFixed(0)} ms, cards added p50 ${p(mounted, 0.5)} (max ${Math.max(...mounted)})`,
        );
      }
    }
    if (process.env.GRID_PROFILE) {
      for (const build of builds) {
        const cdp = await build.context!.newCDPSession(build.page!);
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
        await build.page!.evaluate(scrollInPage, { frames, step });
        const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
        await cdp.detach();
        console.log(`\n${build.label}: JS self time by function over one scroll (ms)`);
        for (const [name, ms] of selfByFunction(profile).slice(0, 25))
          console.log(`  ${ms.toFixed(0).padStart(6)}  ${name}`);
      }
    }
    if (process.env.GRID_TRACE) {
      for (const build of builds) {
        await browser.startTracing(build.page!, {
          categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8'],
        });
        await build.page!.evaluate(scrollInPage, { frames, step });
        const buffer = await browser.stopTracing();
        const { traceEvents } = JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] };
        const self = [...selfTimes(traceEvents)].sort((a, b) => b[1] - a[1]).slice(0, 14);
        console.log(`\n${build.label}: main-thread self time by trace event over one scroll (ms)`);
        for (const [name, ms] of self) console.log(`  ${ms.toFixed(0).padStart(6)}  ${name}`);
      }
    }
  } finally {
    for (const build of builds) {
      await build.context?.close().catch(() => undefined);
      await build.server?.stop().catch(() => undefined);
    }
    await browser.close();
  }
}

await main();
