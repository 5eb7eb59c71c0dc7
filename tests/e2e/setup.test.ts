import { expect, test } from 'vitest';
import { screenshot, useE2E, waitForSync } from './harness';

const e2e = useE2E();

test('first run: setup creates the owner, who lands in an empty library', async () => {
  const context = await e2e.newContext();
  const page = await context.newPage();
  await page.goto('/');
  await page.waitForURL((url) => url.pathname === '/setup');
  await screenshot(page, 'setup');

  await page.getByLabel('Team name').fill('Northern Lights');
  await page.getByLabel('Your name').fill('Ada Owner');
  await page.getByLabel('Username').fill('ada');
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create owner and team' }).click();

  await page.waitForURL((url) => url.pathname === '/');
  await waitForSync(page, 'saved');
  expect(await page.getByText('Northern Lights').isVisible()).toBe(true);
  await page.getByText('No videos yet').waitFor();
  await screenshot(page, 'library-empty');

  // Signing out returns to the sign-in page, and the setup page is gone for good.
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
  // Signing out deletes this person's local copies of their rooms.
  await page.waitForFunction(async () =>
    (await indexedDB.databases()).every((db) => !db.name?.startsWith('video-library:')),
  );
  await page.goto('/setup');
  await page.waitForURL((url) => url.pathname === '/login');
  await screenshot(page, 'login');
  await context.close();
});
