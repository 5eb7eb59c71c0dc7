import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { addToCollection, createAsset, createCollection } from '../../src/lib/library/ops/index';
import { screenshot, seedLibrary, useE2E } from './harness';

const e2e = useE2E({
  team: {
    name: 'Watchers',
    members: { olga: 'owner', vic: 'viewer' },
    seed: ({ server, teamId }) =>
      seedLibrary(server, 'olga', teamId, (ctx) => {
        const assets = ['Teaser', 'Trailer'].map(
          (name) =>
            createAsset(ctx, { name, prompt: `${name} prompt`, mood: 'calm', duration: 9 })
              .asset_id,
        );
        const { collection_id: collection } = createCollection(ctx, {
          name: 'Reel',
          collection_type: 'brand_kit',
        });
        for (const assetId of assets)
          addToCollection(ctx, { collection_id: collection, asset_id: assetId });
        return { assets, collection };
      }),
  },
});

async function noneVisible(page: Page, names: (string | RegExp)[]): Promise<void> {
  for (const name of names) {
    expect(await page.getByRole('button', { name }).count(), `button ${name}`).toBe(0);
  }
}

test('a viewer sees the library with no edit controls and cannot change anything', async () => {
  const page = await e2e.signIn('vic');

  // Library: cards, no create, no selection, no quick actions, no undo.
  await page.getByTestId('asset-card').nth(1).waitFor();
  await page.getByTestId('asset-card').first().hover();
  await noneVisible(page, [
    '+ New video',
    'Duplicate',
    'Remix',
    'Share',
    '+ Collection',
    'Undo',
    'Redo',
  ]);
  expect(await page.getByRole('checkbox', { name: /^Select / }).count()).toBe(0);
  await page.getByRole('grid').focus();
  await page.keyboard.press(' ');
  await page.keyboard.press('Control+a');
  expect(await page.getByText(/selected/).count()).toBe(0);
  await screenshot(page, 'viewer-library');

  // Collections: no create; the collection page has no edit, delete, notes or reordering.
  await page.goto('/collections');
  await page.getByTestId('collection-card').first().waitFor();
  await noneVisible(page, ['+ New collection']);
  await page.goto(`/collections/${e2e.seeded.collection}`);
  await page.getByTestId('collection-item').nth(1).waitFor();
  await noneVisible(page, ['Edit', 'Delete', /^Remove /]);
  expect(await page.getByRole('textbox').count()).toBe(0); // no notes to type in
  const before = await page
    .getByTestId('collection-item')
    .evaluateAll((items) => items.map((item) => item.getAttribute('aria-label')));
  await page.getByTestId('collection-item').first().focus();
  await page.keyboard.press('Alt+ArrowDown');
  await page.keyboard.press('Control+z');
  const after = await page
    .getByTestId('collection-item')
    .evaluateAll((items) => items.map((item) => item.getAttribute('aria-label')));
  expect(after).toEqual(before);
  await screenshot(page, 'viewer-collection');

  // Asset page: read-only.
  await page.goto(`/assets/${e2e.seeded.assets[0]}`);
  await page
    .getByTestId('asset-name')
    .waitFor()
    .catch(async (error) => {
      await screenshot(page, 'viewer-asset-failed');
      throw error;
    });
  await noneVisible(page, ['Edit', 'Trash', 'Share', 'Duplicate', 'Remix', '+ Collection']);
  await screenshot(page, 'viewer-asset');

  // Nothing the viewer did reached the server: the owner sees the library as it was.
  expect(await page.getByTestId('sync-status').innerText()).toContain('saved');
  const owner = await e2e.signIn('olga');
  await owner.goto(`/collections/${e2e.seeded.collection}`);
  await owner.getByTestId('collection-item').nth(1).waitFor();
  expect(
    await owner
      .getByTestId('collection-item')
      .evaluateAll((items) => items.map((item) => item.getAttribute('aria-label'))),
  ).toEqual(before);
});
