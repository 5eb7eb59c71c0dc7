import { expect, test } from 'vitest';
import { assetCard, screenshot, useE2E, waitForCardNames, waitForSync } from './harness';

const e2e = useE2E({
  team: {
    name: 'Harbour',
    members: { ada: 'owner', ben: 'editor' },
    assets: [
      {
        name: 'Harbour at Dawn',
        prompt: 'Boats in a quiet harbour',
        mood: 'calm',
        status: 'ready',
      },
    ],
  },
});

test('both members edit while the server is down; the indicator counts waiting changes; both converge', async () => {
  const ada = await e2e.signIn('ada');
  const ben = await e2e.signIn('ben');
  expect(await waitForCardNames(ada, 1)).toEqual(['Harbour at Dawn']);

  // The server goes away: both see it at once (the sockets close).
  await e2e.server.stop();
  await waitForSync(ada, 'offline — 0 changes waiting');
  await waitForSync(ben, 'offline — 0 changes waiting');

  // Ada duplicates, Ben creates a video, each on their own copy.
  const harbour = assetCard(ada, 'Harbour at Dawn');
  await harbour.hover();
  await harbour.getByRole('button', { name: 'Duplicate' }).click();
  expect(await waitForCardNames(ada, 2)).toEqual(['Harbour at Dawn', 'Harbour at Dawn (Copy)']);
  await waitForSync(ada, 'offline — 1 change waiting');

  await ben.getByRole('button', { name: '+ New video' }).click();
  await ben.getByLabel('Name').fill('Night Ferry');
  await ben.getByLabel('Prompt').fill('A ferry crossing at night');
  await ben.getByRole('button', { name: 'Create', exact: true }).click();
  expect(await waitForCardNames(ben, 2)).toEqual(['Harbour at Dawn', 'Night Ferry']);
  await waitForSync(ben, /offline — [1-9]\d* changes? waiting/);
  await screenshot(ada, 'offline-waiting');
  await screenshot(ben, 'offline-waiting-other');

  // The server comes back on the same port: both reconnect, send what waited, and converge.
  await e2e.server.restart();
  await waitForSync(ada, 'saved');
  await waitForSync(ben, 'saved');
  const expected = ['Harbour at Dawn', 'Harbour at Dawn (Copy)', 'Night Ferry'];
  expect(await waitForCardNames(ada, 3)).toEqual(expected);
  expect(await waitForCardNames(ben, 3)).toEqual(expected);
  await screenshot(ada, 'offline-converged');

  // What converged is on the server: a fresh sign-in sees it.
  const fresh = await e2e.signIn('ben');
  expect(await waitForCardNames(fresh, 3)).toEqual(expected);
});
