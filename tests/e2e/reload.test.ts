import { expect, test } from 'vitest';
import { screenshot, useE2E, waitForCardNames, waitForSync } from './harness';

const e2e = useE2E({
  team: {
    name: 'Offline Crew',
    members: { ola: 'editor' },
    assets: [
      { name: 'Desert Road', mood: 'intense', engine: 'runway', status: 'ready', duration: 12 },
      { name: 'Snow Field', mood: 'calm', engine: 'pika', status: 'ready', duration: 7 },
    ],
  },
});

test('with the server stopped, a reload opens the library from the service worker and IndexedDB', async () => {
  const page = await e2e.signIn('ola');
  expect(await waitForCardNames(page, 2)).toEqual(['Desert Road', 'Snow Field']);
  // The service worker has cached the app shell and controls the page.
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, {
    timeout: 20_000,
  });

  await e2e.server.stop();
  await page.reload();
  expect(await waitForCardNames(page, 2)).toEqual(['Desert Road', 'Snow Field']);
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
  expect(await waitForCardNames(page, 3)).toContain('Written Offline');
  await waitForSync(page, 'offline — 1 change waiting');

  await e2e.server.restart();
  await waitForSync(page, 'saved');
  const other = await e2e.signIn('ola');
  expect(await waitForCardNames(other, 3)).toEqual([
    'Desert Road',
    'Snow Field',
    'Written Offline',
  ]);
});
