import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  createTeam,
  launchBrowser,
  newContext,
  PASSWORD,
  screenshot,
  seedAssets,
  signIn,
  startServer,
  type TestServer,
} from './harness';

let server: TestServer;
let browser: Browser;
let teamId: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ({ teamId } = await createTeam(server, 'Guarded', [
    { username: 'gail', role: 'owner' },
    { username: 'hugo', role: 'editor' },
  ]));
  await seedAssets(server, 'gail', teamId, [{ name: 'Secret Cut', duration: 4 }]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test('losing access while signed in shows an error instead of failing silently', async () => {
  const page = await (await newContext(browser, server)).newPage();
  await signIn(page, 'hugo', PASSWORD);
  await page.getByTestId('asset-card').first().waitFor();

  const removed = await server.admin('member', 'remove', '--team', teamId, '--user', 'hugo');
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
