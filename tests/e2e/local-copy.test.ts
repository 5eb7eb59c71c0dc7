import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page, Route } from 'playwright-core';
import {
  createTeam,
  launchBrowser,
  newContext,
  PASSWORD,
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
  const { teamId } = await createTeam(server, 'Quarry', [{ username: 'uma', role: 'editor' }]);
  await seedAssets(server, 'uma', teamId, [
    { name: 'Granite Wall', mood: 'calm', status: 'ready' },
    { name: 'Dust Storm', mood: 'intense', status: 'ready' },
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

test('the library opens while the server has not yet said who is signed in', async () => {
  const context = await newContext(browser, server);
  const page = await context.newPage();
  await signIn(page, 'uma', PASSWORD);
  expect(await cardNames(page, 2)).toEqual(['Dust Storm', 'Granite Wall']);

  // The server is slow to answer who is signed in: held until the library is open.
  const held: Route[] = [];
  await page.route('**/api/auth/me', (route) => {
    held.push(route);
  });
  await page.reload();
  expect(await cardNames(page, 2)).toEqual(['Dust Storm', 'Granite Wall']);
  await waitForSync(page, 'saved');
  expect(held.length).toBeGreaterThan(0);

  // Edits work meanwhile, and the answer, once it comes, keeps the library as it is.
  await page.getByRole('button', { name: '+ New video' }).click();
  await page.getByLabel('Name').fill('Cut Face');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  for (const route of held) await route.continue();
  await page.unroute('**/api/auth/me');
  expect(await cardNames(page, 3)).toEqual(['Cut Face', 'Dust Storm', 'Granite Wall']);
  await waitForSync(page, 'saved');
  await page.getByText('The server cannot be reached').waitFor({ state: 'hidden' });
  await context.close();
});

test('a session that ended while away goes back to the sign-in page', async () => {
  const context = await newContext(browser, server);
  const page = await context.newPage();
  await signIn(page, 'uma', PASSWORD);
  await page.getByTestId('asset-card').first().waitFor();

  // The cookie is gone (the session ended): the remembered sign-in no longer holds.
  await context.clearCookies();
  await page.reload();
  await page.waitForURL((url) => url.pathname === '/login', { timeout: 20_000 });
  await page.getByLabel('Username').waitFor();
  await context.close();
});
