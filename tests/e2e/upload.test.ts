/**
 * Real video in the browser: pick a clip, see its progress, the card gets a real poster and
 * duration, the asset page plays it with Range requests; an upload made while the server is
 * unreachable waits ("waiting to upload") and completes once it is back.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { createAsset } from '../../src/lib/library/ops/assets';
import { createCollection } from '../../src/lib/library/ops/collections';
import { remixAsset } from '../../src/lib/library/ops/lineage';
import { ROOT } from '../integration/harness';
import { assetCard, screenshot, seedLibrary, useE2E, waitForSync } from './harness';

const e2e = useE2E({
  server: { env: { BLOB_GC_INTERVAL_MS: '0' } },
  team: { name: 'Footage', members: { uma: 'editor' } },
});

const fixture = (name: string): string => path.join(ROOT, 'tests/fixtures', name);

/** Waits until the card's poster is a stored blob that decoded to real pixels. */
async function posterLoaded(page: Page, name: string): Promise<{ width: number; src: string }> {
  const img = assetCard(page, name).locator('img');
  await img.waitFor({ timeout: 30_000 });
  await page.waitForFunction(
    (el) => !!el && (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0,
    await img.elementHandle(),
    { timeout: 30_000 },
  );
  return img.evaluate((el: HTMLImageElement) => ({ width: el.naturalWidth, src: el.src }));
}

test('upload a clip: progress, poster, duration, playback', async () => {
  const page = await e2e.signIn('uma');

  // A slow network, so the progress bar is seen while the bytes travel.
  await page.route('**/api/blobs', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue().catch(() => undefined);
  });
  await page.getByTestId('upload-input').setInputFiles(fixture('clip-testsrc2.mp4'));
  await page.getByTestId('upload-progress').first().waitFor();
  await assetCard(page, 'clip testsrc2').waitFor();
  await screenshot(page, 'upload-progress');
  await page.unroute('**/api/blobs');

  const poster = await posterLoaded(page, 'clip testsrc2');
  expect(poster.width).toBeGreaterThan(0);
  expect(new URL(poster.src).pathname).toMatch(/^\/api\/blobs\/[0-9a-f]{64}$/);
  await expect
    .poll(() => assetCard(page, 'clip testsrc2').locator('.duration').textContent())
    .toMatch(/0:02/);
  await page.getByTestId('upload-item').filter({ hasText: 'done' }).first().waitFor();
  await screenshot(page, 'upload-grid');

  // The asset page plays the stored video.
  await assetCard(page, 'clip testsrc2').locator('a.cover').click();
  const video = page.locator('.player video');
  await video.waitFor();
  await video.evaluate((el: HTMLVideoElement) => {
    el.muted = true;
    return el.play();
  });
  await page.waitForFunction(
    () => {
      const el = document.querySelector('.player video') as HTMLVideoElement | null;
      return !!el && el.readyState >= 2 && el.currentTime > 0.3;
    },
    undefined,
    { timeout: 30_000 },
  );
  const src = await video.evaluate((el: HTMLVideoElement) => new URL(el.currentSrc).pathname);
  expect(src).toMatch(/^\/api\/blobs\/[0-9a-f]{64}$/);
  await screenshot(page, 'upload-playback');
});

test('an upload made while the server is unreachable completes after it is back', async () => {
  const page = await e2e.signIn('uma');
  await page.route('**/api/blobs', (route) => route.abort('internetdisconnected'));

  await page.getByTestId('upload-input').setInputFiles(fixture('clip-cellauto.mp4'));
  const offlineCard = assetCard(page, 'clip cellauto');
  await offlineCard.waitFor();
  await offlineCard.getByTestId('upload-badge').filter({ hasText: 'waiting to upload' }).waitFor();
  await screenshot(page, 'upload-waiting');

  // Reload while it waits: the file is kept in IndexedDB, the card still waits.
  await page.reload();
  await offlineCard.getByTestId('upload-badge').filter({ hasText: 'waiting to upload' }).waitFor();

  await page.unroute('**/api/blobs');
  const poster = await posterLoaded(page, 'clip cellauto');
  expect(poster.width).toBeGreaterThan(0);
  await offlineCard.getByTestId('upload-badge').waitFor({ state: 'detached' });
  await screenshot(page, 'upload-after-reconnect');
});

test('a clip dropped onto a collection page joins that collection', async () => {
  const { collection_id: collectionId } = await seedLibrary(e2e.server, 'uma', e2e.teamId, (ctx) =>
    createCollection(ctx, { name: 'Fractals', collection_type: 'series' }),
  );
  const page = await e2e.signIn('uma');
  await page.goto(`/collections/${collectionId}`);
  await page.getByRole('heading', { name: 'Fractals' }).waitFor();

  // A real drop: a DataTransfer holding the fixture's bytes as a File, as the OS would hand it.
  const bytes = readFileSync(fixture('clip-mandelbrot.webm')).toString('base64');
  await page.evaluate((b64) => {
    const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([data], 'dropped_mandelbrot.webm', { type: 'video/webm' }));
    const target = document.querySelector('main') ?? document.body;
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(
        new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }),
      );
    }
  }, bytes);

  const row = page
    .getByTestId('collection-item')
    .and(page.locator('[aria-label="dropped mandelbrot"]'));
  await row.waitFor();
  const img = row.locator('img');
  await img.waitFor({ timeout: 30_000 });
  await page.waitForFunction(
    (el) => !!el && (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0,
    await img.elementHandle(),
    { timeout: 30_000 },
  );
  await waitForSync(page, 'saved');
  await screenshot(page, 'upload-collection-drop');
});

test("a draft's render uploaded from its page turns it ready and plays", async () => {
  const draftId = await seedLibrary(e2e.server, 'uma', e2e.teamId, (ctx) => {
    const { asset_id } = createAsset(ctx, { name: 'Storyboard', status: 'ready' });
    return remixAsset(ctx, { asset_id, new_prompt: 'the storyboard, animated' }).remix_id;
  });
  const page = await e2e.signIn('uma');
  await page.goto(`/assets/${draftId}`);
  await page.locator('.chip.status.draft').waitFor();
  await page
    .getByTestId('render-upload')
    .locator('input')
    .setInputFiles(fixture('clip-testsrc2.mp4'));
  await page.locator('.chip.status.ready').waitFor({ timeout: 30_000 });
  const video = page.locator('.player video');
  await video.waitFor();
  await page.waitForFunction(
    () =>
      ((document.querySelector('.player video') as HTMLVideoElement | null)?.readyState ?? 0) >= 1,
    undefined,
    { timeout: 30_000 },
  );
  await screenshot(page, 'upload-render');
});
