import { expect, test } from 'vitest';
import { assetCard, screenshot, useE2E, waitForCardCount } from './harness';

const e2e = useE2E({
  team: {
    name: 'Lineage',
    members: { ada: 'owner' },
    // One clip in the team room through the core, as another member's browser would write it.
    assets: [
      {
        name: 'Hero intro',
        prompt: 'hero on a hill at night, cinematic',
        status: 'ready',
        tags: ['hero'],
      },
    ],
  },
});

test('duplicate and remix from the grid show up in the family tree with badges and the prompt diff; nodes navigate; extend from the tree', async () => {
  const [origin] = e2e.assetIds;
  const page = await e2e.signIn('ada');

  const card = (name: string) => assetCard(page, name);
  await card('Hero intro').hover();
  await card('Hero intro').getByRole('button', { name: 'Duplicate' }).click();
  await card('Hero intro (Copy)').waitFor();
  await card('Hero intro').hover();
  await card('Hero intro').getByRole('button', { name: 'Remix' }).click();
  await page.getByLabel('New prompt').fill('hero on a mountain at sunset, cinematic');
  await page.getByRole('button', { name: 'Create remix' }).click();
  await card('Hero intro (Remix)').waitFor();

  await page.goto(`/lineage/${origin}`);
  const nodes = page.getByTestId('lineage-node');
  await nodes.nth(2).waitFor();
  expect(await nodes.count()).toBe(3);
  const badges = await nodes.evaluateAll((list) => list.map((n) => n.getAttribute('data-badge')));
  expect(badges.sort()).toEqual(['duplicate', 'origin', 'remix']);
  await screenshot(page, 'lineage-tree');

  // Clicking the remix opens it: the tree re-centres on it and shows what its prompt changed.
  await page.locator('[data-testid="lineage-node"][data-badge="remix"]').click();
  await page.waitForURL((url) => url.pathname !== `/lineage/${origin}`);
  await expect(page.getByTestId('lineage-focus-name').textContent()).resolves.toBe(
    'Hero intro (Remix)',
  );
  const diff = page.getByTestId('prompt-diff');
  const added = await diff.locator('ins').allTextContents();
  const removed = await diff.locator('del').allTextContents();
  expect(added.join(' ')).toContain('mountain');
  expect(added.join(' ')).toContain('sunset');
  expect(removed.join(' ')).toContain('hill');
  expect(removed.join(' ')).toContain('night');
  await screenshot(page, 'lineage-remix-diff');

  // Extend from any node: a new child appears under the remix, with its badge.
  await page.getByRole('button', { name: 'Extend…' }).click();
  await page.getByRole('button', { name: 'Create extend' }).click();
  await page.getByTestId('lineage-focus-name').filter({ hasText: '(Extended)' }).waitFor();
  expect(await nodes.count()).toBe(4);
  await page.locator('[data-testid="lineage-node"][data-badge="extend"]').waitFor();
  await screenshot(page, 'lineage-extended');

  // The asset page's compact panel shows the parent line and children, and opens the tree.
  const remixId = await page
    .locator('[data-testid="lineage-node"][data-badge="remix"]')
    .getAttribute('data-id');

  // The grid can show only what came from the remix; the chip takes the scope away again.
  await page.goto(`/?family=${remixId}&scope=descendants`);
  // A full page load: the chip names the clip once the library is read.
  await page.getByTestId('family-chip').filter({ hasText: 'Hero intro (Remix)' }).waitFor();
  await waitForCardCount(page, 2);
  await page.getByRole('button', { name: 'Show the whole library' }).click();
  await waitForCardCount(page, 4);
  // A card's version badge opens its family tree.
  await card('Hero intro (Copy)')
    .getByRole('link', { name: /family tree/ })
    .click();
  await page.waitForURL((url) => url.pathname.startsWith('/lineage/'));

  await page.goto(`/assets/${remixId}`);
  const panel = page.getByTestId('lineage-compact');
  await panel.waitFor();
  await expect(panel.textContent()).resolves.toContain('Hero intro');
  await expect(panel.textContent()).resolves.toContain('Hero intro (Remix) (Extended)');
  await screenshot(page, 'lineage-panel');
  await panel.getByTestId('lineage-tree-link').click();
  await page.waitForURL((url) => url.pathname === `/lineage/${remixId}`);
  await page.context().close();
});
