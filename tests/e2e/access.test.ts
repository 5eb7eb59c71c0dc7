import { expect, test } from 'vitest';
import { screenshot, useE2E } from './harness';

const e2e = useE2E({
  team: {
    name: 'Guarded',
    members: { gail: 'owner', hugo: 'editor' },
    assets: [{ name: 'Secret Cut', duration: 4 }],
  },
});

test('losing access while signed in shows an error instead of failing silently', async () => {
  const page = await e2e.signIn('hugo');
  await page.getByTestId('asset-card').first().waitFor();

  const removed = await e2e.server.admin(
    'member',
    'remove',
    '--team',
    e2e.teamId,
    '--user',
    'hugo',
  );
  expect(removed.success).toBe(true);
  // The server closes the team room with 4403: the app says so, asks who it is now, and, with no
  // team left, shows no library rather than a stale editable one.
  await page
    .getByRole('alert')
    .filter({ hasText: "no longer lets you sync this team's library" })
    .first()
    .waitFor({ timeout: 15_000 });
  await page.getByText('You are not a member of any team yet').waitFor();
  expect(await page.getByRole('button', { name: '+ New video' }).count()).toBe(0);
  await screenshot(page, 'access-revoked');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
});
