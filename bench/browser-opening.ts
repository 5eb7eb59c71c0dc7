/**
 * `npx tsx bench/browser-opening.ts`: does the page stay usable while a large library opens from
 * IndexedDB? The built app (BUILD_DIR) on the real server and the bench's generated library
 * (bench/browser/seed.ts, OPENING_ASSETS clips, default 100,000) in headless Chromium: sign in
 * (the room stored as pieces), stop the server, open a fresh page and every OPENING_EVERY_MS
 * (default 4000) ask the page (OPENING_PATH, default `/`) to run a script: how late it ran, what the library showed (the
 * "Opening library…" progress), and a screenshot in bench/out/. A page whose main thread is held
 * answers late however short its tasks are.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { launchBrowser } from '../tests/e2e/harness';
import { probedContext, signInAndStore } from './browser/measure';
import { PASSWORD, seededServer, USERNAME } from './browser/seed';

const ASSETS = Number(process.env.OPENING_ASSETS ?? 100_000);
const EVERY = Number(process.env.OPENING_EVERY_MS ?? 4000);
const PATH = process.env.OPENING_PATH ?? '/';
const OUT = path.resolve('bench/out');

const probe = (
  await build({
    entryPoints: [path.resolve('bench/browser/probe-entry.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
  })
).outputFiles[0]!.text;
mkdirSync(OUT, { recursive: true });
const browser = await launchBrowser();
const { server, seeded } = await seededServer(ASSETS);
try {
  const context = await probedContext(browser, server, probe);
  const first = await context.newPage();
  await signInAndStore(first, USERNAME, PASSWORD, Math.floor(seeded.docBytes * 0.9));
  await server.stop();
  await first.close();

  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(PATH);
  for (let at = EVERY; ; at += EVERY) {
    await page.waitForTimeout(Math.max(0, at - (Date.now() - t0)));
    const asked = Date.now() - t0;
    // A string, not a function: the page runs it as written (no bundler helpers in it).
    const state = (await page.evaluate(`({
      library: document.querySelector('[data-library]')?.getAttribute('data-library') ?? null,
      progress: document.querySelector('[data-testid="opening-library"], [data-testid="opening-notice"]')?.textContent?.replace(/\\s+/g, ' ').trim() ?? null,
    })`)) as { library: string | null; progress: string | null };
    const answered = Date.now() - t0;
    await page.screenshot({ path: path.join(OUT, `opening-${ASSETS}-${at / 1000}s.png`) });
    console.log(
      `${(asked / 1000).toFixed(1)} s: answered after ${answered - asked} ms; ${state.library}${state.progress ? ` — ${state.progress}` : ''}`,
    );
    if (state.library === 'live' || (PATH !== '/' && state.progress === null)) break;
  }
} finally {
  await browser.close();
  await server.stop().catch(() => undefined);
}
process.exit(0);
