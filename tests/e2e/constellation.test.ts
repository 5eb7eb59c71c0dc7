import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  createTeam,
  launchBrowser,
  newContext,
  PASSWORD,
  screenshot,
  signIn,
  startServer,
  type TestServer,
} from './harness';
import { biggestFamilyRoot, seedLibrary } from './constellation-seed';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const CANVAS = '[data-testid="constellation-canvas"]';

async function openMap(page: Page): Promise<void> {
  await page.goto('/constellation');
  await page.locator(`${CANVAS}[data-state="ready"]`).waitFor({ timeout: 60_000 });
}

type Point = { x: number; y: number } | null;

/** Where a star is on the page (CSS pixels), through the canvas's probe. */
async function starOnPage(page: Page, id: string): Promise<{ x: number; y: number }> {
  const box = (await page.locator(CANVAS).boundingBox())!;
  const screen = await page.evaluate(
    ([selector, star]) =>
      (
        document.querySelector(selector!) as unknown as {
          constellation: { screenOf(id: string): Point };
        }
      ).constellation.screenOf(star!),
    [CANVAS, id],
  );
  expect(screen).not.toBeNull();
  return { x: box.x + screen!.x, y: box.y + screen!.y };
}

async function worldOf(page: Page, id: string): Promise<{ x: number; y: number }> {
  const world = await page.evaluate(
    ([selector, star]) =>
      (
        document.querySelector(selector!) as unknown as {
          constellation: { worldOf(id: string): Point };
        }
      ).constellation.worldOf(star!),
    [CANVAS, id],
  );
  return world!;
}

/** Lit pixels of the canvas (anything brighter than the night sky), and whether one spot is lit. */
async function litPixels(
  page: Page,
  at?: { x: number; y: number },
): Promise<{ lit: number; spot: boolean }> {
  const box = (await page.locator(CANVAS).boundingBox())!;
  return page.evaluate(
    ([selector, spot]) => {
      const canvas = document.querySelector(selector as string) as HTMLCanvasElement;
      const ctx = canvas.getContext('2d')!;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let lit = 0;
      for (let i = 0; i < data.length; i += 4)
        if (data[i]! + data[i + 1]! + data[i + 2]! > 240) lit++;
      let spotLit = false;
      if (spot) {
        const point = spot as { x: number; y: number };
        const scale = canvas.width / canvas.getBoundingClientRect().width;
        const px = Math.round(point.x * scale);
        const py = Math.round(point.y * scale);
        const pixel = ctx.getImageData(px, py, 1, 1).data;
        spotLit = pixel[0]! + pixel[1]! + pixel[2]! > 240;
      }
      return { lit, spot: spotLit };
    },
    [CANVAS, at ? { x: at.x - box.x, y: at.y - box.y } : null] as const,
  );
}

test('the map draws every clip as a star; hover shows its card, drag pins it for the team, click opens its lineage', async () => {
  const { teamId } = await createTeam(server, 'Stars', [
    { username: 'ada', role: 'owner' },
    { username: 'bob', role: 'editor' },
  ]);
  const { token } = await server.login('ada', PASSWORD);
  const library = await seedLibrary(server, teamId, token, 50);
  const live = library.assets.filter((asset) => !asset.trashed_at);
  const star = live.find(
    (asset) => asset.metadata.constellation_x === null && asset.tags.length > 0,
  )!;

  const adaContext = await newContext(browser, server);
  const ada = await adaContext.newPage();
  await signIn(ada, 'ada', PASSWORD);
  await ada.getByRole('link', { name: 'Constellation' }).click();
  await ada.locator(`${CANVAS}[data-state="ready"]`).waitFor({ timeout: 60_000 });
  expect(await ada.locator(CANVAS).getAttribute('data-stars')).toBe(String(live.length));

  // Stars are drawn: many lit pixels, and the pixel at this star's place is lit.
  const at = await starOnPage(ada, star.id);
  const pixels = await litPixels(ada, at);
  expect(pixels.lit).toBeGreaterThan(live.length * 4);
  expect(pixels.spot).toBe(true);
  await screenshot(ada, 'constellation-50');

  // Hovering shows its card.
  await ada.mouse.move(at.x, at.y);
  const card = ada.getByTestId('star-card');
  await card.waitFor();
  await expect(card.textContent()).resolves.toContain(star.name);
  await screenshot(ada, 'constellation-50-hover');

  // A second team member has the map open while the star is dragged and pinned.
  const bobContext = await newContext(browser, server);
  const bob = await bobContext.newPage();
  await signIn(bob, 'bob', PASSWORD);
  await openMap(bob);
  const before = await worldOf(bob, star.id);

  await ada.mouse.down();
  await ada.mouse.move(at.x + 60, at.y + 30, { steps: 5 });
  await ada.mouse.move(at.x + 120, at.y + 60, { steps: 5 });
  await ada.mouse.up();
  const pinned = await worldOf(ada, star.id);
  expect(Math.hypot(pinned.x - before.x, pinned.y - before.y)).toBeGreaterThan(5);

  await bob.waitForFunction(
    ([selector, id, x, y]) => {
      const probe = (
        document.querySelector(selector as string) as unknown as {
          constellation?: { worldOf(id: string): Point };
        }
      ).constellation;
      const world = probe?.worldOf(id as string);
      return (
        !!world &&
        Math.abs(world.x - (x as number)) < 0.2 &&
        Math.abs(world.y - (y as number)) < 0.2
      );
    },
    [CANVAS, star.id, pinned.x, pinned.y] as const,
    { timeout: 20_000 },
  );
  // And the pin holds after a reload (it is stored, not only drawn).
  await bob.reload();
  await bob.locator(`${CANVAS}[data-state="ready"]`).waitFor({ timeout: 60_000 });
  const reloaded = await worldOf(bob, star.id);
  expect(Math.abs(reloaded.x - pinned.x)).toBeLessThan(0.2);

  // Clicking a star opens its family tree.
  const now = await starOnPage(ada, star.id);
  await ada.mouse.move(now.x, now.y);
  await ada.mouse.down();
  await ada.mouse.up();
  await ada.waitForURL((url) => url.pathname === `/lineage/${star.id}`);
  await ada.getByTestId('lineage-tree').waitFor();

  // A family of the seeded library, for the record.
  await ada.goto(`/lineage/${biggestFamilyRoot(library)}`);
  await ada.getByTestId('lineage-tree').waitFor();
  await screenshot(ada, 'lineage-50');
  await adaContext.close();
  await bobContext.close();
});

test('5,000 clips: the map settles and stays readable; a big family tree renders', async () => {
  const { teamId } = await createTeam(server, 'Big sky', [{ username: 'cy', role: 'owner' }]);
  const { token } = await server.login('cy', PASSWORD);
  const library = await seedLibrary(server, teamId, token, 5000, 11);
  const context = await newContext(browser, server);
  const page = await context.newPage();
  await signIn(page, 'cy', PASSWORD);
  await openMap(page);
  const live = library.assets.filter((asset) => !asset.trashed_at).length;
  // The map is ready as soon as it has laid out what the browser holds; a big library may still
  // be arriving from the server then, and the map lays out again when it has. Wait for all of it.
  await page
    .locator(`${CANVAS}[data-state="ready"][data-stars="${live}"]`)
    .waitFor({ timeout: 90_000 });
  expect(await page.locator(CANVAS).getAttribute('data-stars')).toBe(String(live));
  expect((await litPixels(page)).lit).toBeGreaterThan(5000);
  await screenshot(page, 'constellation-5000');
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.waitForTimeout(300);
  await screenshot(page, 'constellation-5000-zoomed');

  const root = biggestFamilyRoot(library);
  await page.goto(`/lineage/${root}`);
  await page.getByTestId('lineage-tree').waitFor();
  expect(await page.getByTestId('lineage-node').count()).toBeGreaterThan(5);
  await screenshot(page, 'lineage-5000');
  await page.getByRole('button', { name: 'Fit all' }).click();
  await page.waitForTimeout(200);
  await screenshot(page, 'lineage-5000-fit');
  await context.close();
});
