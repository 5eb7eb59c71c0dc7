import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { cardNames, screenshot, seedSecondTeam, useE2E, waitForCardCount } from './harness';

const CLIPS = [
  {
    name: 'Hero Introduction',
    mood: 'dramatic',
    engine: 'runway',
    tags: ['hero', 'intro'],
    duration: 15,
    category: 'marketing',
    prompt: 'A hero walks out of the mist',
  },
  {
    name: 'Hero on the Peak',
    mood: 'dramatic',
    engine: 'pika',
    tags: ['hero', 'mountain'],
    duration: 12,
    category: 'marketing',
    prompt: 'Hero standing on a mountain peak at sunset',
  },
  {
    name: 'Quiet Harbour',
    mood: 'calm',
    engine: 'runway',
    tags: ['sea', 'dawn'],
    duration: 8,
    category: 'content',
    prompt: 'Boats rocking in a quiet harbour at dawn',
  },
  {
    name: 'Night Market',
    mood: 'joyful',
    engine: 'luma',
    tags: ['city', 'night'],
    duration: 22,
    category: 'social',
    prompt: 'Lanterns over a busy night market',
  },
  {
    name: 'Storm Front',
    mood: 'intense',
    engine: 'runway',
    tags: ['weather', 'hero'],
    duration: 30,
    category: 'content',
    prompt: 'A storm front rolls over the plains',
  },
  {
    name: 'Forest Path',
    mood: 'calm',
    engine: 'pika',
    tags: ['forest'],
    duration: 6,
    category: 'content',
    prompt: 'Sunlight through the trees on a forest path',
  },
];

const e2e = useE2E({
  team: {
    name: 'Search Team',
    members: { sam: 'owner' },
    assets: CLIPS,
    // Sam also works in a second team with a library of its own.
    seed: async ({ server }) => {
      await seedSecondTeam(server, 'sam', 'Side Project', [{ name: 'Side Clip', mood: 'calm' }]);
    },
  },
});

async function sortedCardNames(page: Page): Promise<string[]> {
  return (await cardNames(page)).sort();
}

test('facets, text and ranges narrow the grid, and the URL reproduces the search', async () => {
  const page = await e2e.signIn('sam');
  const context = page.context();
  await waitForCardCount(page, CLIPS.length);
  await screenshot(page, 'library-grid');

  // Facet values come from the data, with counts.
  const moods = page.locator('fieldset[data-facet="Moods"]');
  await expect(moods.getByText('dramatic').isVisible()).resolves.toBe(true);
  expect(await moods.locator('label', { hasText: 'calm' }).innerText()).toContain('2');

  // Two moods are "any of"; an engine narrows further.
  await moods.getByLabel('dramatic').check();
  await waitForCardCount(page, 2);
  await moods.getByLabel('calm').check();
  await waitForCardCount(page, 4);
  await page.locator('fieldset[data-facet="Engines"]').getByLabel('runway').check();
  await waitForCardCount(page, 2);
  expect(await sortedCardNames(page)).toEqual(['Hero Introduction', 'Quiet Harbour']);

  // Free text on top of the facets.
  await page.getByLabel('Search videos').fill('hero');
  await waitForCardCount(page, 1);
  expect(await sortedCardNames(page)).toEqual(['Hero Introduction']);
  await screenshot(page, 'library-search');

  const url = page.url();
  expect(url).toContain('mood=dramatic');
  expect(url).toContain('engine=runway');
  expect(url).toContain('q=hero');

  // The same link in a new page shows the same search.
  const second = await context.newPage();
  await second.goto(url);
  await waitForCardCount(second, 1);
  expect(await sortedCardNames(second)).toEqual(['Hero Introduction']);
  expect(await second.getByLabel('Search videos').inputValue()).toBe('hero');
  expect(await second.locator('fieldset[data-facet="Moods"]').getByLabel('calm').isChecked()).toBe(
    true,
  );

  // Clearing leaves the text; a duration range and a tag narrow again.
  await second.getByRole('button', { name: 'Clear all' }).click();
  await second.getByLabel('Search videos').fill('');
  await waitForCardCount(second, CLIPS.length);
  await second.getByLabel('Min').fill('10');
  await second.getByLabel('Min').press('Enter');
  await waitForCardCount(second, 4);
  await second.locator('fieldset[data-facet="Tags"]').getByLabel('hero').check();
  await waitForCardCount(second, 3);
  expect(await sortedCardNames(second)).toEqual([
    'Hero Introduction',
    'Hero on the Peak',
    'Storm Front',
  ]);

  // Sorting by name ascending puts the cards in that order.
  await second.getByLabel('Sort by').selectOption('name');
  await second.waitForURL(/sort=name/);
  const ordered = await second
    .getByTestId('asset-card')
    .evaluateAll((cards) => cards.map((card) => card.getAttribute('aria-label')));
  expect(ordered).toEqual(['Hero Introduction', 'Hero on the Peak', 'Storm Front']);
  await screenshot(second, 'library-filtered');

  // Keyboard: arrows move through the cards, Enter opens one.
  await second.getByRole('grid').focus();
  await second.keyboard.press('ArrowRight');
  await second.keyboard.press('Enter');
  await second.getByTestId('asset-name').filter({ hasText: 'Hero on the Peak' }).waitFor();

  // The team switcher opens the other team's library (and remembers the choice).
  await second.getByLabel('Team').selectOption({ label: 'Side Project' });
  await second.getByRole('link', { name: 'Library', exact: true }).click();
  await waitForCardCount(second, 1);
  expect(await sortedCardNames(second)).toEqual(['Side Clip']);
  await second.reload();
  await waitForCardCount(second, 1);
  expect(await second.getByLabel('Team').inputValue()).not.toBe('');
  expect(await sortedCardNames(second)).toEqual(['Side Clip']);
  await context.close();
});
