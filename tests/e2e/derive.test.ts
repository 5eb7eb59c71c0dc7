import { expect, test } from 'vitest';
import { assetCard, screenshot, useE2E, waitForCardCount } from './harness';

const e2e = useE2E({
  team: {
    name: 'Remixers',
    members: { rita: 'editor', sam: 'viewer' },
    assets: [
      {
        name: 'Hero Introduction',
        prompt: 'A hero walks out of the mist at dawn',
        engine: 'runway',
        mood: 'dramatic',
        duration: 15,
        status: 'ready',
        tags: ['hero'],
        generation_params: { cfg: 7, steps: 30 },
      },
    ],
  },
});

test('duplicate and remix from the grid create new cards; undo, edit, trash and restore', async () => {
  const page = await e2e.signIn('rita');
  await waitForCardCount(page, 1);

  // Duplicate: an exact copy with a lineage badge.
  await assetCard(page, 'Hero Introduction').hover();
  await assetCard(page, 'Hero Introduction').getByRole('button', { name: 'Duplicate' }).click();
  await waitForCardCount(page, 2);
  const copy = assetCard(page, 'Hero Introduction (Copy)');
  expect(await copy.getByText('v2').isVisible()).toBe(true);
  // The parent's card, still in the same place, now shows it has a lineage too.
  await assetCard(page, 'Hero Introduction').getByText('v1').waitFor();

  // Remix: a draft with the new prompt.
  await assetCard(page, 'Hero Introduction').hover();
  await assetCard(page, 'Hero Introduction').getByRole('button', { name: 'Remix' }).click();
  await page.getByLabel('New prompt').fill('A hero on a mountain peak at sunset');
  await page.getByLabel('What changed').fill('Sunset, mountain');
  await screenshot(page, 'remix-dialog');
  await page.getByRole('button', { name: 'Create remix' }).click();
  await waitForCardCount(page, 3);
  const remix = assetCard(page, 'Hero Introduction (Remix)');
  expect(await remix.getByText('draft').isVisible()).toBe(true);
  await screenshot(page, 'grid-after-derive');

  // Undo takes the remix away, redo brings it back.
  await page.getByRole('grid').focus();
  await page.keyboard.press('Control+z');
  await waitForCardCount(page, 2);
  await page.getByRole('button', { name: 'Redo' }).click();
  await waitForCardCount(page, 3);

  // The remix's page shows its prompt; editing renames it everywhere.
  await remix.getByRole('link', { name: 'Hero Introduction (Remix)' }).click();
  await page.getByTestId('asset-name').filter({ hasText: 'Hero Introduction (Remix)' }).waitFor();
  expect(await page.getByTestId('asset-prompt').innerText()).toBe(
    'A hero on a mountain peak at sunset',
  );
  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Name').fill('Sunset Hero');
  await page.getByLabel('Mood').fill('epic');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByTestId('asset-name').filter({ hasText: 'Sunset Hero' }).waitFor();
  await page.getByText('1 views').or(page.getByText('1 view')).first().waitFor();
  await screenshot(page, 'asset-page');

  // Undo takes back the edit (and says so), never the view that opening the page counted.
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByText('Undid: edit video').waitFor();
  await page.getByTestId('asset-name').filter({ hasText: 'Hero Introduction (Remix)' }).waitFor();
  await page.getByText('1 views').or(page.getByText('1 view')).first().waitFor();
  await screenshot(page, 'undo-toast');
  await page.getByRole('button', { name: 'Redo' }).click();
  await page.getByText('Redid: edit video').waitFor();
  await page.getByTestId('asset-name').filter({ hasText: 'Sunset Hero' }).waitFor();

  // Share it with a teammate (edit, with a message), see it listed, then revoke it.
  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Person').selectOption({ label: 'sam · viewer' });
  await dialog.getByLabel('edit').check();
  await dialog.getByLabel('Message (optional)').fill('Have a look at the new sky');
  await dialog.getByRole('button', { name: 'Share', exact: true }).click();
  await dialog.getByRole('button', { name: 'Revoke' }).waitFor();
  await screenshot(page, 'share-dialog');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByTestId('shares').getByText('sam').waitFor();
  await page.getByTestId('shares').getByRole('button', { name: 'Revoke' }).click();
  await page.getByText('Not shared with anyone individually.').waitFor();

  // Trash from the asset page, restore from the trash.
  await page.getByRole('button', { name: 'Trash' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await waitForCardCount(page, 2);
  await page.getByRole('link', { name: 'Trash', exact: true }).click();
  await page.getByTestId('trash-item').filter({ hasText: 'Sunset Hero' }).waitFor();
  await screenshot(page, 'trash');
  await page.getByRole('button', { name: 'Restore' }).click();
  await page.getByText('No videos in the trash.').waitFor();
  await page.getByRole('link', { name: 'Library', exact: true }).click();
  await waitForCardCount(page, 3);
  expect(await assetCard(page, 'Sunset Hero').isVisible()).toBe(true);
});
