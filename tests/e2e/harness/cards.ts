/** The library grid's cards as a person sees them: by name, and how many there are. */
import type { Locator, Page } from 'playwright-core';

/** The grid's card for the clip with this name. */
export function assetCard(page: Page, name: string): Locator {
  return page.getByTestId('asset-card').and(page.locator(`[aria-label="${name}"]`));
}

/** The names on the grid's cards, in the order the grid shows them. */
export function cardNames(page: Page): Promise<string[]> {
  return page
    .getByTestId('asset-card')
    .evaluateAll((cards) => cards.map((card) => card.getAttribute('aria-label') ?? ''));
}

/** Waits until the grid shows exactly `count` cards (the context's timeout unless given). */
export async function waitForCardCount(page: Page, count: number, timeout?: number): Promise<void> {
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="asset-card"]').length === n,
    count,
    timeout === undefined ? undefined : { timeout },
  );
}

/**
 * Waits until the grid shows exactly `count` cards and answers their names, sorted. The names are
 * read in the same check that sees the count, so a grid redrawn in between cannot answer others.
 */
export async function waitForCardNames(page: Page, count: number): Promise<string[]> {
  const names = await page.waitForFunction(
    (n) => {
      const cards = document.querySelectorAll('[data-testid="asset-card"]');
      return cards.length === n && [...cards].map((card) => card.getAttribute('aria-label') ?? '');
    },
    count,
    { timeout: 20_000 },
  );
  return ((await names.jsonValue()) as string[]).sort();
}
