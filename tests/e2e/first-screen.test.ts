import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { cardNames, screenshot, useE2E } from './harness';

const e2e = useE2E({
  team: {
    name: 'First Screen',
    members: { fay: 'editor' },
    assets: [
      ...['Amber Dunes', 'Blue Hour', 'Cold Harbour', 'Dawn Patrol', 'Ember Field', 'Fog Lines'],
      // More than a screenful, so the grid scrolls (and has a scrollbar) in both states.
      ...Array.from({ length: 18 }, (_, i) => `Reel ${i + 1}`),
    ].map((name, i) => ({
      name,
      mood: i < 6 && i % 2 === 1 ? 'intense' : 'calm',
      engine: 'runway',
      status: 'ready' as const,
      duration: 5 + i,
      tags: ['coast'],
    })),
  },
});

/**
 * Holds back the opening of the rooms' IndexedDB databases in every new document of the context
 * until the test lets them go (`window.__openRooms()`): the rooms are then truly not loaded yet
 * while the test looks at the page, however fast the machine.
 */
const HOLD_ROOMS = `(() => {
  const held = [];
  let holding = true;
  window.__openRooms = () => {
    holding = false;
    for (const run of held.splice(0)) run();
  };
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (name, ...rest) {
    const request = open.call(this, name, ...rest);
    if (!String(name).startsWith('video-library:')) return request;
    const later = (fn) => (event) => (holding ? held.push(() => fn.call(request, event)) : fn.call(request, event));
    let onsuccess = null;
    Object.defineProperty(request, 'onsuccess', {
      get: () => onsuccess,
      set: (fn) => {
        if (onsuccess) request.removeEventListener('success', onsuccess.wrapped);
        onsuccess = fn;
        if (fn) {
          fn.wrapped = later(fn);
          request.addEventListener('success', fn.wrapped);
        }
      },
    });
    const add = request.addEventListener;
    request.addEventListener = function (type, fn, options) {
      if (type !== 'success' || fn === onsuccess?.wrapped) return add.call(this, type, fn, options);
      return add.call(this, type, later(typeof fn === 'function' ? fn : (e) => fn.handleEvent(e)), options);
    };
    return request;
  };
})();`;

const cards = (page: Page) => page.getByTestId('asset-card');

async function libraryState(page: Page, state: 'opening' | 'first-screen' | 'live') {
  await page.locator(`[data-library="${state}"]`).waitFor({ timeout: 30_000 });
}

/** Waits until the page has remembered the first screen of this search state. */
async function remembered(page: Page, key: string): Promise<void> {
  await page.waitForFunction(
    (want) =>
      Object.keys(localStorage).some(
        (name) => name.startsWith('video-library:first-screen:') && name.endsWith(`:${want}`),
      ),
    key,
    { timeout: 30_000 },
  );
}

async function openRooms(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { __openRooms(): void }).__openRooms());
}

test('a reload paints the remembered cards before the rooms are loaded, inert, then the live grid in place', async () => {
  const page = await e2e.signIn('fay');
  const context = page.context();
  await cards(page).nth(7).waitFor();
  // The first two rows: what both grids draw whatever else they keep off screen.
  const live = (await cardNames(page)).slice(0, 8);
  await remembered(page, '');

  await context.addInitScript({ content: HOLD_ROOMS });
  await page.reload();
  // The rooms are held back, yet the cards are there: they can only be the remembered ones.
  await libraryState(page, 'first-screen');
  const opening = page.getByTestId('opening-library');
  await opening.waitFor();
  expect(await opening.textContent()).toMatch(/Opening library….*0 of \d rooms? read/);
  expect((await cardNames(page)).slice(0, 8)).toEqual(live);
  expect(await page.getByTestId('result-count').textContent()).toContain('24 videos');
  expect(await page.locator('fieldset[data-facet="Moods"]').textContent()).toMatch(/calm\s*21/);

  // Nothing on it acts: no selection or quick actions, no create, and a click goes nowhere.
  expect(await page.getByRole('checkbox', { name: /^Select / }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Duplicate' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: '+ New video' }).isDisabled()).toBe(true);
  const first = cards(page).first();
  const before = (await first.boundingBox())!;
  const eighth = await cards(page).nth(7).boundingBox();
  await page.mouse.click(before.x + before.width / 2, before.y + before.height / 2);
  await page.mouse.click(before.x + 30, before.y + before.height - 20);
  expect(new URL(page.url()).pathname).toBe('/');
  await screenshot(page, 'first-screen-opening');

  await openRooms(page);
  await libraryState(page, 'live');
  expect(await opening.count()).toBe(0);
  expect((await cardNames(page)).slice(0, 8)).toEqual(live);
  // The live grid took the remembered one's place: no card has moved or changed size.
  expect(await cards(page).first().boundingBox()).toEqual(before);
  expect(await cards(page).nth(7).boundingBox()).toEqual(eighth);
  expect(await page.getByRole('button', { name: '+ New video' }).isDisabled()).toBe(false);
  await cards(page).first().hover();
  await page.getByRole('button', { name: 'Duplicate' }).first().waitFor();
  await screenshot(page, 'first-screen-live');
  await context.close();
});

test('another search state never shows the wrong cards; without a first screen the page says it is opening, not "0 videos"', async () => {
  const page = await e2e.signIn('fay');
  const context = page.context();
  await cards(page).nth(7).waitFor();
  await remembered(page, '');

  await context.addInitScript({ content: HOLD_ROOMS });
  await page.goto('/?mood=intense');
  await libraryState(page, 'opening');
  await page.getByTestId('opening-library').waitFor();
  expect(await cards(page).count()).toBe(0);
  expect(await page.getByTestId('result-count').textContent()).not.toMatch(/\d+ videos?/);
  await screenshot(page, 'first-screen-none');
  await openRooms(page);
  await libraryState(page, 'live');
  const intense = await cardNames(page);
  expect([...intense].sort()).toEqual(['Blue Hour', 'Dawn Patrol', 'Fog Lines']);
  await remembered(page, '?mood=intense');

  // Now this search state has its own first screen, and the default view keeps its own.
  await page.reload();
  await libraryState(page, 'first-screen');
  expect(await cardNames(page)).toEqual(intense);
  await openRooms(page);
  await page.goto('/');
  await libraryState(page, 'first-screen');
  expect((await cardNames(page)).filter((name) => name.startsWith('Reel')).length).toBeGreaterThan(
    0,
  );
  await openRooms(page);
  await libraryState(page, 'live');

  // Signing out forgets every first screen.
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
  await page.waitForFunction(() =>
    Object.keys(localStorage).every((name) => !name.startsWith('video-library:first-screen:')),
  );
  await context.close();
});
