import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useE2E, waitForCardNames, waitForSync } from './harness';

const e2e = useE2E({
  team: {
    name: 'Harbour',
    members: { ada: 'owner' },
    assets: [{ name: 'Harbour at Dawn', prompt: 'Boats in a quiet harbour', status: 'ready' }],
  },
});

async function syncLabel(page: Page): Promise<string> {
  return ((await page.getByTestId('sync-status').textContent()) ?? '').trim();
}

test('two tabs of one library see each other’s edits with the server down; the edit reaches the server once it is back', async () => {
  const first = await e2e.signIn('ada');
  // A second tab of the same browser: same cookies, same local copy.
  const second = await first.context().newPage();
  await second.goto('/');
  await waitForSync(second, 'saved');
  expect(await waitForCardNames(second, 1)).toEqual(['Harbour at Dawn']);

  await e2e.server.stop();
  await waitForSync(first, 'offline — 0 changes waiting');
  await waitForSync(second, 'offline — 0 changes waiting');

  // A clip created in the first tab appears in the second, no reload.
  await first.getByRole('button', { name: '+ New video' }).click();
  await first.getByLabel('Name').fill('Night Ferry');
  await first.getByLabel('Prompt').fill('A ferry crossing at night');
  await first.getByRole('button', { name: 'Create', exact: true }).click();
  const both = ['Harbour at Dawn', 'Night Ferry'];
  expect(await waitForCardNames(first, 2)).toEqual(both);
  expect(await waitForCardNames(second, 2)).toEqual(both);

  // Both tabs hold the change and either may be the one to send it: both say it is waiting.
  await waitForSync(first, /offline — [1-9]\d* changes? waiting/);
  await waitForSync(second, await syncLabel(first));
  await screenshot(second, 'tabs-offline-other-tab');

  // The server comes back: the change reaches it, and someone signing in elsewhere sees it.
  await e2e.server.restart();
  await waitForSync(first, 'saved');
  await waitForSync(second, 'saved');
  const fresh = await e2e.signIn('ada');
  expect(await waitForCardNames(fresh, 2)).toEqual(both);
});
