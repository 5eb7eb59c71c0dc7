import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, seedSecondTeam, useE2E, waitForCardCount } from './harness';

const NAMES = [
  ...['Amber Dunes', 'Blue Hour', 'Cold Harbour', 'Dawn Patrol', 'Ember Field', 'Fog Lines'],
  // More than a screenful, so the live grid has rows to keep off screen.
  ...Array.from({ length: 18 }, (_, i) => `Reel ${i + 1}`),
];

const e2e = useE2E({
  team: {
    name: 'Handover',
    members: { hal: 'owner' },
    assets: NAMES.map((name, i) => ({
      name,
      mood: 'calm',
      status: 'ready' as const,
      duration: 5 + i,
    })),
    // Hal also works in a second team, with a library of its own.
    seed: async ({ server }) => {
      await seedSecondTeam(server, 'hal', 'Other Desk', [
        { name: 'Desk One', mood: 'calm' },
        { name: 'Desk Two', mood: 'calm' },
      ]);
    },
  },
});

/**
 * Records how many cards the page has, from the document's start: in the DOM after every change
 * to it (a MutationObserver, which also sees states no frame paints), and on screen just after
 * every frame (requestAnimationFrame, then a message: after the frame's layout, resize observers
 * and paint). A card is on screen when it is not hidden (`visibility`, `display`) and inside the
 * window. Each sample counts the frames that painted it.
 */
const RECORD_CARDS = `(() => {
  const samples = [];
  window.__cardSamples = samples;
  const count = () => {
    const cards = document.querySelectorAll('[data-testid="asset-card"]');
    let shown = 0;
    for (const card of cards) {
      if (!card.checkVisibility({ visibilityProperty: true })) continue;
      const box = card.getBoundingClientRect();
      if (box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight) shown++;
    }
    return { dom: cards.length, shown };
  };
  const record = (via) => {
    if (!document.documentElement) return;
    const { dom, shown } = count();
    const last = samples[samples.length - 1];
    if (last && last.dom === dom && last.shown === shown) {
      if (via === 'frame') last.frames++;
      return;
    }
    const state = document.querySelector('[data-library]')?.getAttribute('data-library') ?? '-';
    samples.push({ t: Math.round(performance.now()), via, dom, shown, state, frames: via === 'frame' ? 1 : 0 });
  };
  new MutationObserver(() => record('dom')).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['style', 'class'],
  });
  const painted = new MessageChannel();
  painted.port1.onmessage = () => record('frame');
  const frame = () => {
    painted.port2.postMessage(0);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`;

/** The names on the cards inside the window, not hidden. */
const NAMES_ON_SCREEN = `() =>
  [...document.querySelectorAll('[data-testid="asset-card"]')]
    .filter((card) => {
      const box = card.getBoundingClientRect();
      return card.checkVisibility({ visibilityProperty: true }) && box.bottom > 0 && box.top < innerHeight;
    })
    .map((card) => card.getAttribute('aria-label') ?? '')`;

async function namesOnScreen(page: Page): Promise<string[]> {
  return page.evaluate(`(${NAMES_ON_SCREEN})()`) as Promise<string[]>;
}

interface Sample {
  t: number;
  via: 'dom' | 'frame';
  dom: number;
  shown: number;
  state: string;
  frames: number;
}

async function samples(page: Page): Promise<Sample[]> {
  return page.evaluate(() => (window as unknown as { __cardSamples: Sample[] }).__cardSamples);
}

/** Waits for the live grid's cards, then a few more frames for it to settle. */
async function settled(page: Page): Promise<void> {
  await page.locator('[data-library="live"]').waitFor({ timeout: 30_000 });
  await page.getByTestId('asset-card').first().waitFor({ timeout: 30_000 });
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        let frames = 10;
        const next = () => (--frames <= 0 ? resolve() : requestAnimationFrame(next));
        requestAnimationFrame(next);
      }),
  );
}

/**
 * The samples from the first one that showed cards on that have none: none in the DOM at any
 * moment, or none on screen in a painted frame.
 */
function gapsAfterFirstCards(recorded: Sample[]): { gaps: Sample[]; timeline: Sample[] } {
  const first = recorded.findIndex((sample) => sample.shown > 0);
  expect(first, JSON.stringify(recorded)).toBeGreaterThanOrEqual(0);
  const timeline = recorded.slice(first);
  return { gaps: timeline.filter((s) => s.dom === 0 || (s.frames > 0 && s.shown === 0)), timeline };
}

/** Removes every remembered first screen, so the next open has none to paint. */
async function forgetFirstScreens(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith('video-library:first-screen:')) localStorage.removeItem(key);
    }
  });
}

async function rememberedFirstScreen(page: Page): Promise<void> {
  await page.waitForFunction(
    () => Object.keys(localStorage).some((key) => key.startsWith('video-library:first-screen:')),
    undefined,
    { timeout: 30_000 },
  );
}

test('a reload with a remembered first screen hands over to the live grid without the cards blinking out', async () => {
  const page = await e2e.signIn('hal');
  await page.getByTestId('asset-card').first().waitFor();
  await rememberedFirstScreen(page);
  await page.context().addInitScript({ content: RECORD_CARDS });

  for (let round = 0; round < 3; round++) {
    await page.reload();
    await settled(page);
    const recorded = await samples(page);
    // The remembered cards came first: the page painted them before the live grid.
    expect(recorded.some((s) => s.state === 'first-screen' && s.shown > 0)).toBe(true);
    const { gaps, timeline } = gapsAfterFirstCards(recorded);
    expect(gaps, JSON.stringify(timeline)).toEqual([]);
  }
  await screenshot(page, 'handover-live');

  // A window made taller before the grid's first scroll (tall enough for all 24) shows them all.
  const before = page.viewportSize()!;
  await page.setViewportSize({ width: before.width, height: before.height * 2 });
  await page.waitForFunction(`(${NAMES_ON_SCREEN})().length === ${NAMES.length}`, undefined, {
    timeout: 10_000,
  });
  await screenshot(page, 'handover-taller');
  await page.setViewportSize(before);

  // The live grid is the live list: scrolled down, it shows the cards further down.
  const top = await namesOnScreen(page);
  const grid = (await page.getByRole('grid', { name: 'Videos' }).boundingBox())!;
  await page.mouse.move(grid.x + grid.width / 2, grid.y + grid.height / 2);
  await page.mouse.wheel(0, 5_000);
  await page.waitForFunction(
    `(${NAMES_ON_SCREEN})().some((name) => !${JSON.stringify(top)}.includes(name))`,
    undefined,
    { timeout: 10_000 },
  );
  await screenshot(page, 'handover-scrolled');
  await page.context().close();
});

test('a reload without a first screen shows the cards once and keeps them', async () => {
  const page = await e2e.signIn('hal');
  await page.getByTestId('asset-card').first().waitFor();
  await page.context().addInitScript({ content: RECORD_CARDS });

  for (let round = 0; round < 3; round++) {
    await rememberedFirstScreen(page);
    await forgetFirstScreens(page);
    await page.reload();
    await settled(page);
    const recorded = await samples(page);
    expect(recorded.some((s) => s.state === 'first-screen')).toBe(false);
    const { gaps, timeline } = gapsAfterFirstCards(recorded);
    expect(gaps, JSON.stringify(timeline)).toEqual([]);
  }
  await page.context().close();
});

test("switching teams shows the other team's cards without them blinking out", async () => {
  const page = await e2e.signIn('hal');
  await page.getByTestId('asset-card').first().waitFor();
  await page.evaluate(RECORD_CARDS);
  await page.evaluate(() => {
    (window as unknown as { __cardSamples: Sample[] }).__cardSamples.length = 0;
  });
  await page.getByLabel('Team').selectOption({ label: 'Other Desk' });
  await page.getByRole('link', { name: 'Library', exact: true }).click();
  await waitForCardCount(page, 2, 30_000);
  await settled(page);
  const recorded = await samples(page);
  // Only what follows the other team's first cards counts: the old team's may go before them.
  const firstOther = recorded.findIndex((s) => s.dom > 0 && s.dom <= 2 && s.shown > 0);
  const { gaps, timeline } = gapsAfterFirstCards(recorded.slice(Math.max(0, firstOther)));
  expect(gaps, JSON.stringify(timeline)).toEqual([]);
  await page.context().close();
});

test('on a phone-sized window too, the reload hands over without the cards blinking out', async () => {
  const page = await e2e.signIn('hal');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('asset-card').first().waitFor();
  await rememberedFirstScreen(page);
  await page.context().addInitScript({ content: RECORD_CARDS });
  await page.reload();
  await settled(page);
  const recorded = await samples(page);
  const { gaps, timeline } = gapsAfterFirstCards(recorded);
  expect(gaps, JSON.stringify(timeline)).toEqual([]);
  await screenshot(page, 'handover-phone');
  await page.context().close();
});
