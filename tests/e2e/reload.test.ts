import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  createTeam,
  launchBrowser,
  newContext,
  PASSWORD,
  screenshot,
  seedAssets,
  signIn,
  startServer,
  waitForSync,
  type TestServer,
} from './harness';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const { teamId } = await createTeam(server, 'Offline Crew', [
    { username: 'ola', role: 'editor' },
  ]);
  await seedAssets(server, 'ola', teamId, [
    { name: 'Desert Road', mood: 'intense', engine: 'runway', status: 'ready', duration: 12 },
    { name: 'Snow Field', mood: 'calm', engine: 'pika', status: 'ready', duration: 7 },
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function cardNames(page: Page, count: number): Promise<string[]> {
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="asset-card"]').length === n,
    count,
    { timeout: 20_000 },
  );
  return (
    await page
      .getByTestId('asset-card')
      .evaluateAll((cards) => cards.map((card) => card.getAttribute('aria-label') ?? ''))
  ).sort();
}

test('with the server stopped, a reload opens the library from the service worker and IndexedDB', async () => {
  const context = await newContext(browser, server);
  const page = await context.newPage();
  await signIn(page, 'ola', PASSWORD);
  expect(await cardNames(page, 2)).toEqual(['Desert Road', 'Snow Field']);
  // The service worker has cached the app shell and controls the page.
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, {
    timeout: 20_000,
  });

  await server.stop();
  await page.reload();
  expect(await cardNames(page, 2)).toEqual(['Desert Road', 'Snow Field']);
  await page.getByText('The server cannot be reached').waitFor();
  await waitForSync(page, 'offline — 0 changes waiting');
  await screenshot(page, 'reload-offline');

  // Other views open offline too, and edits wait for the server.
  await page.getByRole('link', { name: 'Collections', exact: true }).click();
  await page.getByText('No collections yet').waitFor();
  await page.getByRole('link', { name: 'Library', exact: true }).click();
  await page.getByRole('button', { name: '+ New video' }).click();
  await page.getByLabel('Name').fill('Written Offline');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  expect(await cardNames(page, 3)).toContain('Written Offline');
  await waitForSync(page, 'offline — 1 change waiting');

  await server.restart();
  await waitForSync(page, 'saved');
  const other = await (await newContext(browser, server)).newPage();
  await signIn(other, 'ola', PASSWORD);
  expect(await cardNames(other, 3)).toEqual(['Desert Road', 'Snow Field', 'Written Offline']);
});
