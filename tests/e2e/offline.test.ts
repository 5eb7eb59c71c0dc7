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
  const { teamId } = await createTeam(server, 'Harbour', [
    { username: 'ada', role: 'owner' },
    { username: 'ben', role: 'editor' },
  ]);
  await seedAssets(server, 'ada', teamId, [
    { name: 'Harbour at Dawn', prompt: 'Boats in a quiet harbour', mood: 'calm', status: 'ready' },
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

test('both members edit while the server is down; the indicator counts waiting changes; both converge', async () => {
  const ada = await (await newContext(browser, server)).newPage();
  const ben = await (await newContext(browser, server)).newPage();
  await signIn(ada, 'ada', PASSWORD);
  await signIn(ben, 'ben', PASSWORD);
  expect(await cardNames(ada, 1)).toEqual(['Harbour at Dawn']);

  // The server goes away: both see it at once (the sockets close).
  await server.stop();
  await waitForSync(ada, 'offline — 0 changes waiting');
  await waitForSync(ben, 'offline — 0 changes waiting');

  // Ada duplicates, Ben creates a video, each on their own copy.
  const harbour = ada.getByTestId('asset-card').and(ada.locator('[aria-label="Harbour at Dawn"]'));
  await harbour.hover();
  await harbour.getByRole('button', { name: 'Duplicate' }).click();
  expect(await cardNames(ada, 2)).toEqual(['Harbour at Dawn', 'Harbour at Dawn (Copy)']);
  await waitForSync(ada, 'offline — 1 change waiting');

  await ben.getByRole('button', { name: '+ New video' }).click();
  await ben.getByLabel('Name').fill('Night Ferry');
  await ben.getByLabel('Prompt').fill('A ferry crossing at night');
  await ben.getByRole('button', { name: 'Create', exact: true }).click();
  expect(await cardNames(ben, 2)).toEqual(['Harbour at Dawn', 'Night Ferry']);
  await waitForSync(ben, /offline — [1-9]\d* changes? waiting/);
  await screenshot(ada, 'offline-waiting');
  await screenshot(ben, 'offline-waiting-other');

  // The server comes back on the same port: both reconnect, send what waited, and converge.
  await server.restart();
  await waitForSync(ada, 'saved');
  await waitForSync(ben, 'saved');
  const expected = ['Harbour at Dawn', 'Harbour at Dawn (Copy)', 'Night Ferry'];
  expect(await cardNames(ada, 3)).toEqual(expected);
  expect(await cardNames(ben, 3)).toEqual(expected);
  await screenshot(ada, 'offline-converged');

  // What converged is on the server: a fresh sign-in sees it.
  const fresh = await (await newContext(browser, server)).newPage();
  await signIn(fresh, 'ben', PASSWORD);
  expect(await cardNames(fresh, 3)).toEqual(expected);
});
