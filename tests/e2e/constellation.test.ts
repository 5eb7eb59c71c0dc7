import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createTeam, membersOf, PASSWORD, screenshot, useE2E, type Roster } from './harness';
import { biggestFamilyRoot, seedLibrary } from './constellation-seed';

const e2e = useE2E();

/** A new team whose first member has put a generated library of `assets` clips on the server. */
async function teamWithSky(
  name: string,
  members: Roster,
  assets: number,
  seed?: number,
): ReturnType<typeof seedLibrary> {
  const { teamId } = await createTeam(e2e.server, name, members);
  const { token } = await e2e.server.login(membersOf(members)[0]!.username, PASSWORD);
  return seedLibrary(e2e.server, teamId, token, assets, seed);
}

const CANVAS = '[data-testid="constellation-canvas"]';

async function openMap(page: Page): Promise<void> {
  await page.goto('/constellation');
  await page.locator(`${CANVAS}[data-state="ready"]`).waitFor({ timeout: 60_000 });
}

type Point = { x: number; y: number } | null;

/** A star's place from the canvas's probe: canvas pixels (`screenOf`) or the map (`worldOf`). */
function probe(page: Page, where: 'screenOf' | 'worldOf', id: string): Promise<Point> {
  return page.evaluate(
    ([selector, method, star]) =>
      (
        document.querySelector(selector) as unknown as {
          constellation: Record<typeof method, (id: string) => Point>;
        }
      ).constellation[method](star),
    [CANVAS, where, id] as const,
  );
}

/** Where a star is on the page (CSS pixels), through the canvas's probe. */
async function starOnPage(page: Page, id: string): Promise<{ x: number; y: number }> {
  const box = (await page.locator(CANVAS).boundingBox())!;
  const screen = await probe(page, 'screenOf', id);
  expect(screen).not.toBeNull();
  return { x: box.x + screen!.x, y: box.y + screen!.y };
}

async function worldOf(page: Page, id: string): Promise<{ x: number; y: number }> {
  return (await probe(page, 'worldOf', id))!;
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
  const library = await teamWithSky('Stars', { ada: 'owner', bob: 'editor' }, 50);
  const live = library.assets.filter((asset) => !asset.trashed_at);
  const star = live.find(
    (asset) => asset.metadata.constellation_x === null && asset.tags.length > 0,
  )!;

  const ada = await e2e.signIn('ada');
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
  const bob = await e2e.signIn('bob');
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
  await ada.context().close();
  await bob.context().close();
});

/** The id of the star chosen with the keyboard, through the canvas's probe. */
async function focusedStar(page: Page): Promise<string | null> {
  return page.evaluate(
    (selector) =>
      (
        document.querySelector(selector) as unknown as {
          constellation: { focused(): string | null };
        }
      ).constellation.focused(),
    CANVAS,
  );
}

/** Pixels in the accent gold of the keyboard's ring within `radius` of a point on the page. */
async function ringPixels(page: Page, at: { x: number; y: number }, radius = 24): Promise<number> {
  const box = (await page.locator(CANVAS).boundingBox())!;
  return page.evaluate(
    ([selector, x, y, r]) => {
      const canvas = document.querySelector(selector as string) as HTMLCanvasElement;
      const scale = canvas.width / canvas.getBoundingClientRect().width;
      const size = Math.round((r as number) * 2 * scale);
      const { data } = canvas
        .getContext('2d')!
        .getImageData(
          Math.round(((x as number) - (r as number)) * scale),
          Math.round(((y as number) - (r as number)) * scale),
          size,
          size,
        );
      let gold = 0;
      for (let i = 0; i < data.length; i += 4)
        if (data[i]! > 200 && data[i + 1]! > 150 && data[i + 1]! < 230 && data[i + 2]! < 140)
          gold++;
      return gold;
    },
    [CANVAS, at.x - box.x, at.y - box.y, radius] as const,
  );
}

test('the map works from the keyboard: Tab to it, arrows move between stars, +/0 zoom, Shift+arrows pin, Enter opens the lineage; a list reaches every clip', async () => {
  const library = await teamWithSky('Keys', { kim: 'owner' }, 50, 13);
  const live = library.assets.filter((asset) => !asset.trashed_at);
  const nameOf = (id: string) => live.find((asset) => asset.id === id)!.name;
  const page = await e2e.signIn('kim');
  await openMap(page);

  // The map is reached with Tab, right after its buttons.
  await page.getByRole('button', { name: 'Fit' }).focus();
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
    'constellation-canvas',
  );
  const hint = page.getByTestId('constellation-keys-hint');
  await expect.poll(() => hint.textContent()).toContain('Enter: family tree');
  await screenshot(page, 'constellation-50-keys-hint');

  // The first arrow chooses a star: announced, its card shown, ringed on the canvas.
  await page.keyboard.press('ArrowRight');
  let first = (await focusedStar(page))!;
  expect(first).not.toBeNull();
  const announce = page.getByTestId('constellation-announce');
  await expect.poll(() => announce.textContent()).toContain(nameOf(first));
  await expect.poll(() => page.getByTestId('star-card').textContent()).toContain(nameOf(first));
  let firstAt = await starOnPage(page, first);
  await hint.waitFor({ state: 'detached' });
  // Its gold ring is drawn (a warm star alone has far fewer of those pixels); Escape lets go.
  await expect.poll(() => ringPixels(page, firstAt)).toBeGreaterThan(60);
  const ringed = await ringPixels(page, firstAt);
  await page.keyboard.press('Escape');
  expect(await focusedStar(page)).toBeNull();
  await expect.poll(() => ringPixels(page, firstAt)).toBeLessThan(ringed - 60);
  await page.keyboard.press('ArrowRight');
  first = (await focusedStar(page))!;
  firstAt = await starOnPage(page, first);

  // → goes to a star further right, ← to one further left, ↓ further down.
  await page.keyboard.press('ArrowRight');
  const second = (await focusedStar(page))!;
  expect(second).not.toBe(first);
  const secondAt = await starOnPage(page, second);
  expect(secondAt.x).toBeGreaterThan(firstAt.x);
  await expect.poll(() => announce.textContent()).toContain(nameOf(second));
  await page.keyboard.press('ArrowLeft');
  expect((await starOnPage(page, (await focusedStar(page))!)).x).toBeLessThan(secondAt.x);
  const before = await starOnPage(page, (await focusedStar(page))!);
  await page.keyboard.press('ArrowDown');
  expect((await starOnPage(page, (await focusedStar(page))!)).y).toBeGreaterThan(before.y);
  await screenshot(page, 'constellation-50-keyboard');

  // + zooms in around the focused star (stars spread apart), 0 shows every star again.
  const spread = async () => {
    const a = await starOnPage(page, first);
    const b = await starOnPage(page, second);
    return Math.hypot(a.x - b.x, a.y - b.y);
  };
  const fitted = await spread();
  await page.keyboard.press('+');
  await expect.poll(spread).toBeGreaterThan(fitted * 1.3);
  // The sharp picture at the new zoom comes from the drawing worker, off the main thread.
  await expect
    .poll(() =>
      page.evaluate(
        (selector) =>
          (
            document.querySelector(selector) as unknown as {
              constellation: { pictures(): { worker: number } };
            }
          ).constellation.pictures().worker,
        CANVAS,
      ),
    )
    .toBeGreaterThan(0);
  await page.keyboard.press('0');
  await expect.poll(async () => Math.abs((await spread()) - fitted)).toBeLessThan(1);

  // Shift+arrows move the focused star and pin it for the team, as a drag does.
  const moving = (await focusedStar(page))!;
  const from = await worldOf(page, moving);
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
  const moved = await worldOf(page, moving);
  expect(moved.x).toBeGreaterThan(from.x);
  await expect.poll(() => page.getByTestId('star-card').textContent()).toContain('Pinned');
  await page.reload();
  await page.locator(`${CANVAS}[data-state="ready"]`).waitFor({ timeout: 60_000 });
  const stored = await worldOf(page, moving);
  expect(Math.abs(stored.x - moved.x)).toBeLessThan(0.2);
  expect(Math.abs(stored.y - moved.y)).toBeLessThan(0.2);

  // The list of clips: grouped by cluster, every clip a link; "show on the map" focuses it there.
  await page.getByRole('button', { name: 'List of clips' }).click();
  const list = page.getByTestId('star-list');
  await expect.poll(() => list.textContent()).toContain(`${live.length} clips`);
  const groups = list.locator('summary');
  expect(await groups.count()).toBeGreaterThan(1);
  await groups.first().click();
  await screenshot(page, 'constellation-50-list');
  const link = list.locator('li a').first();
  const linked = (await link.getAttribute('href'))!.split('/').pop()!;
  expect(await link.textContent()).toBe(nameOf(linked));
  await list.getByRole('button', { name: `Show ${nameOf(linked)} on the map` }).click();
  expect(await focusedStar(page)).toBe(linked);
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
    'constellation-canvas',
  );

  // Enter opens the focused star's family tree.
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === `/lineage/${linked}`);
  await page.getByTestId('lineage-tree').waitFor();
  await page.context().close();
});

test('5,000 clips: the map settles and stays readable; a big family tree renders', async () => {
  const library = await teamWithSky('Big sky', { cy: 'owner' }, 5000, 11);
  const page = await e2e.signIn('cy');
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
  // A star chosen with the keyboard in the crowd: ringed, with its card.
  await page.locator(CANVAS).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  expect(await focusedStar(page)).not.toBeNull();
  await page.getByTestId('star-card').waitFor();
  await page.waitForTimeout(300);
  await screenshot(page, 'constellation-5000-keyboard');

  const root = biggestFamilyRoot(library);
  await page.goto(`/lineage/${root}`);
  await page.getByTestId('lineage-tree').waitFor();
  expect(await page.getByTestId('lineage-node').count()).toBeGreaterThan(5);
  await screenshot(page, 'lineage-5000');
  await page.getByRole('button', { name: 'Fit all' }).click();
  await page.waitForTimeout(200);
  await screenshot(page, 'lineage-5000-fit');
  await page.context().close();
});
