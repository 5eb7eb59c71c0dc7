/**
 * `npm run bench:browser`: the browser app in headless Chromium (Debian's, as the e2e tests use),
 * the built app served by the real server, a generated library (`bench/data/generate.ts`) at 10k
 * and 100k clips stored in the server's room persistence (bench/browser/seed.ts):
 * 1. cold open: a fresh page load to the first card in the DOM and its paint (the remembered
 *    first screen, when the app has one), and to the library live (every room loaded, the grid
 *    interactive), with the server stopped (service worker + IndexedDB only) and with it running;
 * 2. search-as-you-type: key press → result count naming the typed text, and facet clicks;
 * 3. scroll: the virtualised grid flung a long way, one step per animation frame.
 * Then runs the constellation and lineage benchmark (`bench/browser-constellation.ts`) unless
 * BENCH_SKIP_CONSTELLATION is set. Figures go to BENCHMARKS.md, "Browser app".
 *
 * Environment: BENCH_SIZES (default 10000,100000), BENCH_RUNS (cold opens per size and mode,
 * default 5 up to 10k, 2 above), BENCH_OPEN_TIMEOUT (seconds a cold open may take, default 300),
 * BENCH_RESEED, BENCH_NO_WRITE, BENCH_REBUILD (always `vite build`), BENCH_PROFILE_MAX (largest
 * size profiled, default 10000), BENCH_PROFILE_DUMP (file for the raw CPU profile).
 * On the shared 2-core machine 10k takes ~5 min and 100k ~20 min, nearly all of it the app
 * loading the room (first sync and cold opens); BENCH_SIZES=10000 is the quick run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { launchBrowser } from '../tests/e2e/harness';
import { runSize, type SizeFigures } from './browser/run-size';
import { report, writeSection } from './browser/report';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);

function newestUnder(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds the app when the build is missing or older than its sources (into BUILD_DIR, and
 * SVELTEKIT_OUT_DIR, when set: the server started by the bench serves BUILD_DIR too).
 */
function ensureBuild(): void {
  const built = path.join(path.resolve(ROOT, process.env.BUILD_DIR ?? 'build'), 'index.html');
  const stale = !existsSync(built) || statSync(built).mtimeMs < newestUnder(path.join(ROOT, 'src'));
  if (!stale && !process.env.BENCH_REBUILD) return;
  console.log('building the app (vite build)…');
  const result = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}${result.stderr}`);
}

async function probeSource(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(ROOT, 'bench/browser/probe-entry.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

const started = performance.now();
ensureBuild();
const probe = await probeSource();
const browser = await launchBrowser();
const figures: SizeFigures[] = [];
try {
  for (const size of SIZES) {
    try {
      figures.push(await runSize(browser, size, probe));
    } catch (error) {
      // One size failing (a crash, a timeout) still leaves the others' figures to report.
      console.error(`[${size}] failed:`, error);
    }
  }
  const section = report(figures, browser.version());
  console.log(`\n${section}`);
  if (!process.env.BENCH_NO_WRITE) writeSection(section);
} finally {
  await browser.close();
}
console.log(`browser app benchmark: ${((performance.now() - started) / 1000).toFixed(0)} s`);

if (
  !process.env.BENCH_SKIP_CONSTELLATION &&
  existsSync(path.join(ROOT, 'bench/browser-constellation.ts'))
) {
  const result = spawnSync('npx', ['tsx', 'bench/browser-constellation.ts'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  process.exitCode = result.status ?? 1;
}
