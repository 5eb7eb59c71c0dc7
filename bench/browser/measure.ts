/**
 * The three measurements on the built app: cold open from IndexedDB to the first painted card,
 * search-as-you-type latency, and the grid's scroll frame rate.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newContext, type TestServer } from '../../tests/e2e/harness';
import type { IdbRead, LatencySample, OpenProbe, ScrollFigures } from './probe';

const LONG = 15 * 60_000;

export interface OpenRun {
  /** Navigation start → first `[data-asset-id]` card in the DOM. */
  firstCard: number;
  /** … → first task after the frame that drew it. */
  firstPaint: number;
  /** The first card came from the remembered first screen (before the rooms were loaded). */
  firstScreen: boolean;
  /** Navigation start → the library live (rooms loaded, grid interactive), and its paint. */
  live: number;
  livePaint: number;
  /** Set when the first card was painted but the library was not live in time (live is NaN). */
  notLive?: string;
  domContentLoaded: number;
  /** The room's stored updates read from IndexedDB (y-indexeddb's getAll), if seen. */
  idb: IdbRead | null;
  longestTaskMs: number;
  heapMb: number | null;
}

/** A browser context on this server with the in-page probe installed before the app runs. */
export async function probedContext(
  browser: Browser,
  server: TestServer,
  probe: string,
): Promise<BrowserContext> {
  const context = await newContext(browser, server);
  await context.addInitScript({ content: probe });
  context.on('weberror', (error) => console.log(`[page error] ${error.error().message}`));
  return context;
}

async function waitForSaved(page: Page): Promise<void> {
  await page.getByTestId('sync-status').filter({ hasText: 'saved' }).waitFor({ timeout: LONG });
}

/**
 * Signs in (server up): the room arrives over the socket and y-indexeddb stores it. Resolves once
 * the stored updates hold at least `bytes` and the service worker controls the page (so a reload
 * with the server down still opens the app).
 */
export async function signInAndStore(
  page: Page,
  username: string,
  password: string,
  bytes: number,
): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/', { timeout: LONG });
  await waitForSaved(page);
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, {
    timeout: 60_000,
  });
  await page.waitForFunction(
    async (want) => {
      const names = (await indexedDB.databases()).map((db) => db.name ?? '');
      const name = names.find((n) => n.includes(':team/'));
      if (!name) return false;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      try {
        // Updates too large for one IndexedDB value are kept in parts in the `custom` store.
        const stores = ['updates', 'custom'].filter((store) => db.objectStoreNames.contains(store));
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const tx = db.transaction(stores);
          const all: unknown[] = [];
          for (const store of stores) {
            const request = tx.objectStore(store).getAll();
            request.onsuccess = () => all.push(...(request.result as unknown[]));
          }
          tx.oncomplete = () => resolve(all);
          tx.onerror = () => reject(tx.error);
        });
        const stored = rows.reduce<number>(
          (sum, row) => sum + (row instanceof Uint8Array ? row.byteLength : 0),
          0,
        );
        // The first sync arrives as one large update; the page then stores it again as pieces
        // (at most 2 MB each, see state-pieces.ts), which is what later opens read.
        const inPieces = rows.every((row) => !(row instanceof Uint8Array) || row.byteLength <= 8e6);
        return stored >= want && inPieces;
      } finally {
        db.close();
      }
    },
    bytes,
    { timeout: LONG, polling: 2000 },
  );
}

/**
 * Waits until the signed-in page has remembered its first screen (written once the library has
 * settled), so the cold opens that follow can show it. Answers whether it did within `timeout`.
 */
export async function waitForFirstScreen(page: Page, timeout = 60_000): Promise<boolean> {
  try {
    await page.waitForFunction(
      () =>
        Object.keys(localStorage).some(
          (name) => name.startsWith('video-library:first-screen:') && name.endsWith(':'),
        ),
      undefined,
      { timeout, polling: 500 },
    );
    return true;
  } catch (_error) {
    return false;
  }
}

/** A cold open that did not paint a card in time: what the page had got to. */
export class OpenTimeout extends Error {}

async function pageState(page: Page) {
  return page
    .evaluate(() => {
      const reads = window.__open.idb.filter((read) => /^(updates|custom)$/.test(read.store));
      const largest = reads.sort((a, b) => b.bytes - a.bytes)[0];
      const [count, status] = ['result-count', 'sync-status'].map(
        (id) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? null,
      );
      return {
        count,
        status,
        stored: largest ? `${largest.records} records, ${largest.bytes} bytes` : 'not read',
      };
    })
    .catch((inner: unknown) => ({ count: null, status: null, stored: String(inner) }));
}

const describeState = (state: Awaited<ReturnType<typeof pageState>>, error: unknown) =>
  `result count “${state.count}”, sync “${state.status}”, largest IndexedDB read of stored ` +
  `updates: ${state.stored}; ${String(error).split('\n')[0]}`;

/**
 * A fresh page (new document) loading the library; waits for the first card to be painted, then
 * for the library to be live and painted, each at most BENCH_OPEN_TIMEOUT seconds (default 300).
 * A first card that never comes throws {@link OpenTimeout}; a library that never goes live is a
 * run with `live` NaN and `notLive` saying what the page had got to.
 */
export async function coldOpen(context: BrowserContext): Promise<OpenRun> {
  for (const old of context.pages()) await old.close();
  const page = await context.newPage();
  const timeout = 1000 * Number(process.env.BENCH_OPEN_TIMEOUT ?? 300);
  await page.goto('/', { timeout });
  try {
    await page.waitForFunction(() => window.__open.firstPaint !== null, undefined, {
      timeout,
      polling: 100,
    });
  } catch (error) {
    const state = await pageState(page);
    throw new OpenTimeout(
      `no card painted within ${timeout / 1000} s (${describeState(state, error)})`,
    );
  }
  let notLive: string | undefined;
  try {
    await page.waitForFunction(() => window.__open.livePaint !== null, undefined, {
      timeout,
      polling: 100,
    });
  } catch (error) {
    notLive = `not live within ${timeout / 1000} s (${describeState(await pageState(page), error)})`;
  }
  const probe = await page.evaluate(() => window.__open);
  const heap = await page.evaluate(
    () =>
      (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory
        ?.usedJSHeapSize ?? null,
  );
  return { ...summarise(probe, heap), ...(notLive ? { notLive } : {}) };
}

/**
 * The load's reads of stored updates (whole, or in parts in `custom`) as one span: the largest
 * read and every read started before it ended (later reads are the app's, after the load).
 */
function storedReads(probe: OpenProbe): IdbRead | null {
  const stored = probe.idb.filter((read) => read.store === 'updates' || read.store === 'custom');
  const largest = [...stored].sort((a, b) => b.bytes - a.bytes)[0];
  if (!largest) return null;
  const reads = stored.filter((read) => read.start <= largest.end);
  return {
    store: 'updates+custom',
    start: Math.min(...reads.map((read) => read.start)),
    end: Math.max(...reads.map((read) => read.end)),
    records: reads.reduce((sum, read) => sum + read.records, 0),
    bytes: reads.reduce((sum, read) => sum + read.bytes, 0),
  };
}

function summarise(probe: OpenProbe, heap: number | null): OpenRun {
  const idb = storedReads(probe);
  return {
    firstCard: probe.firstCard!,
    firstPaint: probe.firstPaint!,
    firstScreen: probe.firstScreen === true,
    live: probe.live ?? NaN,
    livePaint: probe.livePaint ?? NaN,
    domContentLoaded: probe.domContentLoaded ?? NaN,
    idb: idb ?? null,
    longestTaskMs: Math.max(0, ...probe.longTasks.map((task) => task.duration)),
    heapMb: heap === null ? null : heap / 1e6,
  };
}

export interface SearchSample extends LatencySample {
  query: string;
}

const SEARCH_BOX = 'input[aria-label="Search videos"]';

/** Waits until the result count shows no query (the box was cleared). */
async function clearSearch(page: Page): Promise<void> {
  await page.locator(SEARCH_BOX).fill('');
  await page.waitForFunction(
    () =>
      !(document.querySelector('[data-testid="result-count"]')?.textContent ?? '').includes(
        'matching',
      ),
    undefined,
    { timeout: LONG },
  );
}

/**
 * Types each query letter by letter into the header's search box, one key press at a time, and
 * times each from the key event to the result count naming the typed text (and to its paint).
 */
export async function typeQueries(page: Page, queries: readonly string[]): Promise<SearchSample[]> {
  const samples: SearchSample[] = [];
  for (const query of queries) {
    await clearSearch(page);
    await page.locator(SEARCH_BOX).focus();
    for (let i = 1; i <= query.length; i++) {
      const typed = query.slice(0, i);
      const key = query[i - 1]!;
      if (key === ' ') {
        await page.keyboard.press('Space');
        await page.waitForTimeout(300);
        continue;
      }
      await page.evaluate((text) => window.__latency.arm(`matching “${text}”`), typed);
      await page.keyboard.press(key);
      const sample = await page.evaluate(() => window.__latency.wait());
      samples.push({ query: typed, ...sample });
    }
  }
  await clearSearch(page);
  return samples;
}

/**
 * Clicks facet values (checks, then unchecks each) and times each click to the changed result
 * count. `facets` are fieldset titles (`data-facet`), each with the value position to click.
 */
export async function clickFacets(
  page: Page,
  facets: readonly { facet: string; nth: number }[],
): Promise<SearchSample[]> {
  const samples: SearchSample[] = [];
  const count = page.getByTestId('result-count');
  for (const { facet, nth } of facets) {
    const box = page.locator(`fieldset[data-facet="${facet}"] input[type="checkbox"]`).nth(nth);
    for (const action of ['check', 'uncheck']) {
      const before = (await count.textContent()) ?? '';
      await page.evaluate((text) => window.__latency.arm(`!${text}`), before);
      await box.click();
      const sample = await page.evaluate(() => window.__latency.wait());
      samples.push({ query: `${facet} #${nth + 1} ${action}`, ...sample });
    }
  }
  return samples;
}

/** Scrolls the grid a long way, one step per animation frame, timing every frame. */
export async function scrollFrames(
  page: Page,
  frames: number,
  step: number,
): Promise<ScrollFigures> {
  await page.locator('[data-asset-id]').first().waitFor({ timeout: LONG });
  return page.evaluate((options) => window.__scrollGrid(options), { frames, step });
}
