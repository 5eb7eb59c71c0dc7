/**
 * `npx tsx bench/local-copy-large.ts`: a room larger than Chromium's largest IndexedDB value
 * (133,169,152 bytes) survives a reload from IndexedDB with the server stopped. The built app
 * (BUILD_DIR) on the real server, the bench's generated library (bench/browser/seed.ts, reused
 * when already seeded) of LOCAL_COPY_ASSETS clips (default 100,000: 185 MB encoded) in headless
 * Chromium: sign in (the whole room over the socket into the page and its local copy), weigh what
 * IndexedDB holds, stop the server, open the library in LOCAL_COPY_OPENS fresh pages (default 1)
 * and wait for every clip. Prints its figures; on the shared 2-core machine 100k takes 15–30
 * minutes.
 */
import type { Page } from 'playwright-core';
import { launchBrowser, newContext } from '../tests/e2e/harness';
import { PASSWORD, seededServer, USERNAME } from './browser/seed';

const ASSETS = Number(process.env.LOCAL_COPY_ASSETS ?? 100_000);
const OPENS = Number(process.env.LOCAL_COPY_OPENS ?? 1);
const LONG = 30 * 60_000;

interface Stored {
  values: number;
  bytes: number;
  largest: number;
}

/** What the team room's local copy holds: every value in its two stores. */
function storedCopy(page: Page): Promise<Stored | null> {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((db) => db.name ?? '');
    const name = names.find((n) => n.includes(':team/'));
    if (!name) return null;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const stored = { values: 0, bytes: 0, largest: 0 };
      for (const store of ['updates', 'custom']) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result as unknown[]);
          request.onerror = () => reject(request.error);
        });
        for (const row of rows) {
          if (!(row instanceof Uint8Array)) continue;
          stored.values++;
          stored.bytes += row.byteLength;
          stored.largest = Math.max(stored.largest, row.byteLength);
        }
      }
      return stored;
    } finally {
      db.close();
    }
  });
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
/** The library's count line once it holds `text` (what the signed-in page showed, in sync). */
const showing = (page: Page, text: string) =>
  page.getByTestId('result-count').filter({ hasText: text });

const { server, seeded } = await seededServer(ASSETS);
console.log(`${ASSETS.toLocaleString('en')} clips, ${mb(seeded.docBytes)} encoded room`);
const browser = await launchBrowser();
try {
  const context = await newContext(browser, server);
  context.on('weberror', (error) => console.log(`[page error] ${error.error().message}`));
  const page = await context.newPage();
  const t0 = performance.now();
  await page.goto('/login');
  await page.getByLabel('Username').fill(USERNAME);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('sync-status').filter({ hasText: 'saved' }).waitFor({ timeout: LONG });
  // The grid counts live clips (not those in the trash): the same line must come back offline.
  await page
    .getByText(/\d videos/)
    .first()
    .waitFor({ timeout: LONG });
  const shownText = ((await page.getByTestId('result-count').textContent()) ?? '')
    .replace(/^Library/, '')
    .trim();
  console.log(`signed in and saved at ${seconds(t0)}: “${shownText}”`);
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, {
    timeout: 60_000,
  });
  let stored = await storedCopy(page);
  while (!stored || stored.bytes < seeded.docBytes) {
    await page.waitForTimeout(2000);
    stored = await storedCopy(page);
  }
  console.log(
    `stored in IndexedDB at ${seconds(t0)}: ${stored.values} values, ${mb(stored.bytes)}, ` +
      `largest ${stored.largest.toLocaleString('en')} bytes`,
  );

  await server.stop();
  await page.close();
  for (let run = 1; run <= OPENS; run++) {
    for (const old of context.pages()) await old.close();
    const reopened = await context.newPage();
    const t1 = performance.now();
    await reopened.goto('/');
    // Live: every room read from IndexedDB and indexed (not a remembered first screen).
    await reopened.locator('[data-library="live"]').waitFor({ timeout: LONG });
    await showing(reopened, shownText).waitFor({ timeout: LONG });
    const shown = seconds(t1);
    await reopened
      .getByTestId('sync-status')
      .filter({ hasText: 'offline — 0 changes waiting' })
      .waitFor({ timeout: LONG });
    console.log(
      `server stopped, fresh page ${run}: live with “${shownText}” from IndexedDB in ${shown}, “offline — 0 changes waiting” at ${seconds(t1)}`,
    );
  }
} finally {
  await browser.close();
  await server.stop();
}
