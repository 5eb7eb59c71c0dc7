/** Debian's Chromium through playwright-core: launching it, one context per person, sign-in. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT, type TestServer } from '../../integration/harness';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const SCREENSHOTS = path.join(ROOT, 'tests/e2e/screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

export async function newContext(browser: Browser, server: TestServer): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { width: 1400, height: 900 },
    serviceWorkers: 'allow',
  });
  // The machine is shared: allow slow moments without hiding real hangs.
  context.setDefaultTimeout(45_000);
  if (process.env.E2E_DEBUG) {
    context.on('console', (message) =>
      console.log(`[browser ${message.type()}] ${message.text()}`),
    );
    context.on('weberror', (error) => console.log(`[browser error] ${error.error().message}`));
  }
  return context;
}

/** Saves a screenshot under tests/e2e/screenshots/<name>.png (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** Signs in through the sign-in page and waits for the library to be in sync. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await waitForSync(page, 'saved');
}

export async function waitForSync(page: Page, label: string | RegExp): Promise<void> {
  await page.getByTestId('sync-status').filter({ hasText: label }).waitFor({ timeout: 20_000 });
}
