import { expect, test } from 'vitest';
import type { Route } from 'playwright-core';
import { useE2E, waitForCardNames, waitForSync } from './harness';

const e2e = useE2E({
  team: {
    name: 'Quarry',
    members: { uma: 'editor' },
    assets: [
      { name: 'Granite Wall', mood: 'calm', status: 'ready' },
      { name: 'Dust Storm', mood: 'intense', status: 'ready' },
    ],
  },
});

test('the library opens while the server has not yet said who is signed in', async () => {
  const page = await e2e.signIn('uma');
  expect(await waitForCardNames(page, 2)).toEqual(['Dust Storm', 'Granite Wall']);

  // The server is slow to answer who is signed in: held until the library is open.
  const held: Route[] = [];
  await page.route('**/api/auth/me', (route) => {
    held.push(route);
  });
  await page.reload();
  expect(await waitForCardNames(page, 2)).toEqual(['Dust Storm', 'Granite Wall']);
  await waitForSync(page, 'saved');
  expect(held.length).toBeGreaterThan(0);

  // Edits work meanwhile, and the answer, once it comes, keeps the library as it is.
  await page.getByRole('button', { name: '+ New video' }).click();
  await page.getByLabel('Name').fill('Cut Face');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  for (const route of held) await route.continue();
  await page.unroute('**/api/auth/me');
  expect(await waitForCardNames(page, 3)).toEqual(['Cut Face', 'Dust Storm', 'Granite Wall']);
  await waitForSync(page, 'saved');
  await page.getByText('The server cannot be reached').waitFor({ state: 'hidden' });
  await page.context().close();
});

test('a session that ended while away goes back to the sign-in page', async () => {
  const page = await e2e.signIn('uma');
  const context = page.context();
  await page.getByTestId('asset-card').first().waitFor();

  // The cookie is gone (the session ended): the remembered sign-in no longer holds.
  await context.clearCookies();
  await page.reload();
  await page.waitForURL((url) => url.pathname === '/login', { timeout: 20_000 });
  await page.getByLabel('Username').waitFor();
  await context.close();
});
