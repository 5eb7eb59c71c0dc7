/** Every browser measurement for one library size, on its own server and browser context. */
import type { Browser, BrowserContext } from 'playwright-core';
import {
  clickFacets,
  coldOpen,
  OpenTimeout,
  probedContext,
  scrollFrames,
  signInAndStore,
  typeQueries,
  waitForFirstScreen,
  type OpenRun,
  type SearchSample,
} from './measure';
import { nodeBaseline, type NodeBaseline } from './node-baseline';
import { profileColdOpen, type ProfileGroup } from './profile';
import type { ScrollFigures } from './probe';
import { PASSWORD, seededServer, USERNAME, type SeededLibrary } from './seed';

/** Typed letter by letter: a head word, two words, a rarer word. */
export const QUERIES = ['hero', 'neon city', 'dragon'];
export const FACETS = [
  { facet: 'Moods', nth: 0 },
  { facet: 'Engines', nth: 1 },
];
const SCROLL_FRAMES = 300;
const SCROLL_STEP = 240;

export interface SizeFigures {
  seeded: SeededLibrary;
  /** Sign-in to "saved": the whole room over the socket into the page and IndexedDB. */
  firstSyncMs: number;
  offline: OpenRun[];
  online: OpenRun[];
  typing: SearchSample[];
  facets: SearchSample[];
  scroll: ScrollFigures | null;
  /** Why this size stopped early (a cold open that painted nothing in time). */
  failure?: string;
  node: NodeBaseline | null;
  /** Self time by function in one more cold open (server stopped), under the profiler. */
  profile: ProfileGroup[] | null;
}

function log(size: number, text: string): void {
  console.log(`[${size.toLocaleString('en')}] ${text}`);
}

function describe(run: OpenRun): string {
  const idb = run.idb
    ? `, IndexedDB read ${run.idb.start.toFixed(0)}–${run.idb.end.toFixed(0)} ms (${(run.idb.bytes / 1e6).toFixed(1)} MB)`
    : '';
  const from = run.firstScreen ? 'first screen' : 'live';
  return `first card (${from}) ${run.firstCard.toFixed(0)} ms, painted ${run.firstPaint.toFixed(0)} ms; live ${run.live.toFixed(0)} ms, painted ${run.livePaint.toFixed(0)} ms${idb}, longest task ${run.longestTaskMs.toFixed(0)} ms`;
}

/** Up to `runs` cold opens; stops at the first that paints nothing in time (noted in `failures`). */
async function openRuns(
  context: BrowserContext,
  runs: number,
  size: number,
  mode: 'offline' | 'online',
  failures: string[],
): Promise<OpenRun[]> {
  const done: OpenRun[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const run = await coldOpen(context);
      done.push(run);
      log(size, `${mode} cold open: ${describe(run)}`);
      if (run.notLive) {
        // The next ones would only wait as long again.
        log(size, `${mode} cold open: ${run.notLive}`);
        failures.push(`${mode === 'offline' ? 'server stopped' : 'server up'}: ${run.notLive}`);
        break;
      }
    }
  } catch (error) {
    if (!(error instanceof OpenTimeout)) throw error;
    log(size, `${mode} cold open failed: ${error.message}`);
    failures.push(`${mode === 'offline' ? 'server stopped' : 'server up'}: ${error.message}`);
  }
  return done;
}

export async function runSize(browser: Browser, size: number, probe: string): Promise<SizeFigures> {
  const runs = Number(process.env.BENCH_RUNS ?? (size <= 10_000 ? 5 : 2));
  const { server, seeded } = await seededServer(size);
  log(
    size,
    `library ready (${(seeded.docBytes / 1e6).toFixed(1)} MB encoded, seeded in ${(seeded.seedMs / 1000).toFixed(0)} s)`,
  );
  const context = await probedContext(browser, server, probe);
  try {
    const page = await context.newPage();
    const t0 = performance.now();
    await signInAndStore(page, USERNAME, PASSWORD, Math.floor(seeded.docBytes * 0.9));
    const firstSyncMs = performance.now() - t0;
    log(
      size,
      `signed in, room synced and stored in IndexedDB in ${(firstSyncMs / 1000).toFixed(1)} s`,
    );
    const remembered = await waitForFirstScreen(page);
    log(size, remembered ? 'first screen remembered' : 'no first screen remembered within 60 s');

    // Server stopped first: the headline figure, and no server busy with the room in the way.
    await server.stop();
    const failures: string[] = [];
    const offline = await openRuns(context, runs, size, 'offline', failures);
    let profile: ProfileGroup[] | null = null;
    const offlineLive = offline.length > 0 && offline.every((run) => !run.notLive);
    if (offlineLive && size <= Number(process.env.BENCH_PROFILE_MAX ?? 10_000)) {
      profile = await profileColdOpen(context);
      for (const f of profile)
        log(size, `profile: ${f.ms.toFixed(0)} ms ${(100 * f.share).toFixed(0)}% ${f.label}`);
    }
    await server.restart();
    const online = await openRuns(context, runs, size, 'online', failures);
    const failure = failures.length > 0 ? failures.join('; ') : undefined;
    if (online.length === 0 || online.some((run) => run.notLive)) {
      const rest = { typing: [], facets: [], scroll: null, node: null };
      return { seeded, firstSyncMs, offline, online, profile, failure, ...rest };
    }

    // The page of the last open, live on the server.
    const live = context.pages()[0]!;
    await live
      .getByTestId('sync-status')
      .filter({ hasText: 'saved' })
      .waitFor({ timeout: 600_000 });
    const typing = await typeQueries(live, QUERIES);
    for (const s of typing)
      log(
        size,
        `typed "${s.query}": ${s.dom.toFixed(0)} ms to DOM, ${s.paint.toFixed(0)} ms painted`,
      );
    const facets = await clickFacets(live, FACETS);
    for (const s of facets)
      log(size, `${s.query}: ${s.dom.toFixed(0)} ms to DOM, ${s.paint.toFixed(0)} ms painted`);
    const scroll = await scrollFrames(live, SCROLL_FRAMES, SCROLL_STEP);
    log(
      size,
      `scroll ${scroll.distancePx} px in ${scroll.frames} frames: ${scroll.meanFps.toFixed(1)} fps, p95 ${scroll.p95FrameMs.toFixed(1)} ms, ${scroll.over50ms} frames > 50 ms`,
    );

    const maxNode = Number(process.env.BENCH_NODE_MAX ?? 10_000);
    let node: NodeBaseline | null = null;
    if (size <= maxNode) {
      const texts = [...new Set(typing.map((s) => s.query))];
      node = nodeBaseline(size, seeded.teamId, texts);
      log(size, `Node: load ${node.loadMs.toFixed(0)} ms, index ${node.indexMs.toFixed(0)} ms`);
    }
    return { seeded, firstSyncMs, offline, online, typing, facets, scroll, node, profile, failure };
  } finally {
    await context.close();
    await server.stop();
  }
}
