import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useE2E } from './harness';

const e2e = useE2E({
  team: {
    name: 'Studio',
    members: { ada: 'owner', ben: 'editor' },
    assets: [
      { name: 'Opening Shot', mood: 'dramatic', duration: 10, tags: ['intro'] },
      { name: 'Chase Scene', mood: 'intense', duration: 20, tags: ['action'] },
      { name: 'Final Bow', mood: 'joyful', duration: 5, tags: ['outro'] },
    ],
  },
});

async function itemOrder(page: Page): Promise<string[]> {
  return page
    .getByTestId('collection-item')
    .evaluateAll((items) => items.map((item) => item.getAttribute('aria-label') ?? ''));
}

async function waitForOrder(page: Page, expected: string[]): Promise<void> {
  await page.waitForFunction(
    (names) =>
      JSON.stringify(
        [...document.querySelectorAll('[data-testid="collection-item"]')].map((item) =>
          item.getAttribute('aria-label'),
        ),
      ) === JSON.stringify(names),
    expected,
    { timeout: 10_000 },
  );
}

test('a collection created, filled, reordered and renamed by one member appears live for another', async () => {
  const ada = await e2e.signIn('ada');
  const ben = await e2e.signIn('ben');
  await ben.goto('/collections');
  await ben.getByText('No collections yet').waitFor();

  // Ada creates a collection.
  await ada.goto('/collections');
  await ada.getByRole('button', { name: '+ New collection' }).click();
  await ada.getByLabel('Name').fill('Launch');
  await ada.getByLabel('Type').selectOption('series');
  await ada.getByRole('button', { name: 'Create', exact: true }).click();
  await ada.waitForURL(/\/collections\/[^/]+$/);
  const collectionUrl = new URL(ada.url()).pathname;

  // Ben sees it appear in his open collections page, and sees Ada is here and where.
  await ben.getByTestId('collection-card').filter({ hasText: 'Launch' }).waitFor();
  await ben.getByTestId('presence').locator('[title^="ada — viewing /collections/"]').waitFor();

  // Ada selects two videos in the grid and adds them in one go…
  await ada.goto('/');
  for (const name of ['Opening Shot', 'Chase Scene']) {
    await ada.getByLabel(`Select ${name}`).click();
  }
  await ada.getByText('2 videos selected').waitFor();
  await screenshot(ada, 'library-selection');
  await ada.getByRole('button', { name: 'Add to collection' }).click();
  await ada
    .getByRole('dialog')
    .getByRole('button', { name: /Launch/ })
    .click();
  await ben.getByTestId('collection-card').filter({ hasText: '2 videos' }).waitFor();

  // …and drags the third card onto the collection.
  await ada.getByRole('button', { name: 'Clear' }).click();
  await ada.locator('[data-testid="asset-card"][aria-label="Final Bow"] .name').hover();
  await ada.mouse.down();
  await ada.mouse.move(700, 500, { steps: 4 });
  const target = ada.getByTestId('dock-target').filter({ hasText: 'Launch' });
  await target.waitFor();
  await screenshot(ada, 'library-drag-to-collection');
  await target.hover();
  await ada.mouse.up();

  await ben.getByTestId('collection-card').filter({ hasText: '3 videos' }).waitFor();
  await screenshot(ben, 'collections-browser');
  await ben.goto(collectionUrl);
  await ada.goto(collectionUrl);
  await ada.getByTestId('collection-item').nth(2).waitFor();
  const added = await itemOrder(ada);
  expect(added).toHaveLength(3);
  await waitForOrder(ben, added);

  // Keyboard reorder: Alt+ArrowDown moves the focused item one place down.
  await ada.getByTestId('collection-item').first().focus();
  await ada.keyboard.press('Alt+ArrowDown');
  const afterKeys = [added[1]!, added[0]!, added[2]!];
  await waitForOrder(ada, afterKeys);
  await waitForOrder(ben, afterKeys);

  // Mouse reorder: drag the last item above the first.
  const items = ada.getByTestId('collection-item');
  await items.nth(2).dragTo(items.nth(0), { targetPosition: { x: 40, y: 4 } });
  const afterDrag = [afterKeys[2]!, afterKeys[0]!, afterKeys[1]!];
  await waitForOrder(ada, afterDrag);
  await waitForOrder(ben, afterDrag);

  // A note and a rename show up for Ben too.
  await ada.getByLabel(`Notes for ${afterDrag[0]}`).fill('Cold open');
  await ada.getByLabel(`Notes for ${afterDrag[0]}`).blur();
  await ada.getByRole('button', { name: 'Edit' }).click();
  await ada.getByLabel('Name').fill('Launch Day');
  await ada.getByRole('button', { name: 'Save' }).click();
  await ben.getByTestId('collection-name').filter({ hasText: 'Launch Day' }).waitFor();
  await ben.waitForFunction(
    (name) =>
      (
        document.querySelector(
          `textarea[aria-label="Notes for ${name}"]`,
        ) as HTMLTextAreaElement | null
      )?.value === 'Cold open',
    afterDrag[0],
  );
  await screenshot(ada, 'collection-page');
  await screenshot(ben, 'collection-page-other-member');

  // Deleting moves the collection to the trash, from where it comes back whole.
  ada.once('dialog', (dialog) => void dialog.accept());
  await ada.getByRole('button', { name: 'Delete' }).click();
  await ada.waitForURL((url) => url.pathname === '/collections');
  await ada.getByText('No collections yet').waitFor();
  await ada.getByRole('link', { name: 'Trash', exact: true }).click();
  await ada.getByTestId('trashed-collection').filter({ hasText: 'Launch Day' }).waitFor();
  await screenshot(ada, 'trash-collections');
  await ada.getByTestId('trashed-collection').getByRole('button', { name: 'Restore' }).click();
  await ada.getByRole('link', { name: 'Collections', exact: true }).click();
  await ada.getByTestId('collection-card').filter({ hasText: '3 videos' }).waitFor();
});
