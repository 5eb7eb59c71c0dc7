/**
 * Browser tests against the built app (`npm run build` runs before this step) served by the real
 * server: starts it with the integration harness, creates people with the admin command and
 * drives Debian's Chromium with playwright-core.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { LibraryContext } from '../../src/lib/library/context';
import { migrate } from '../../src/lib/library/migrations';
import { createAsset } from '../../src/lib/library/ops/assets';
import type { CreateAssetInput } from '../../src/lib/library/ops/asset-input';
import type { Role } from '../../src/lib/library/records/common';
import { ROOT, startServer, type TestServer } from '../integration/harness';

export { startServer, type TestServer };

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

/** A team with people in it: the first is the owner. */
export async function createTeam(
  server: TestServer,
  team: string,
  people: { username: string; role: 'owner' | 'admin' | 'editor' | 'viewer' }[],
  password = 'correct horse battery',
): Promise<{ teamId: string; users: Record<string, string> }> {
  const users: Record<string, string> = {};
  let teamId = team;
  for (const person of people) {
    const created = await server.createUser(person.username, password, teamId, person.role);
    users[person.username] = created.userId;
    teamId = created.teamId;
  }
  return { teamId, users };
}

export const PASSWORD = 'correct horse battery';

/**
 * Writes into a team room the way any peer would: the real y-websocket client in Node runs the
 * library core's operations, then a second client confirms the server kept the result.
 */
export async function seedLibrary<T>(
  server: TestServer,
  username: string,
  teamId: string,
  write: (ctx: LibraryContext) => T,
): Promise<T> {
  const { token } = await server.login(username, PASSWORD);
  const me = (await (
    await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as { user: { id: string }; teams: { id: string; role: Role }[] };
  const role = me.teams.find((team) => team.id === teamId)?.role ?? null;
  const room = `team/${teamId}`;
  const connect = (doc: Y.Doc) =>
    new WebsocketProvider(server.wsUrl, room, doc, {
      params: { token },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      // Otherwise the checking client gets the writer's edits over the in-process
      // BroadcastChannel and confirms what the server may never have received.
      disableBc: true,
    });
  const doc = new Y.Doc();
  const provider = connect(doc);
  await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  migrate(doc);
  const result = write({
    actor: { userId: me.user.id, teamId, role },
    rooms: [{ name: room, kind: 'team', doc, writable: true }],
    now: () => new Date(),
  });
  // Done when a second client's copy holds everything the writer has.
  const expected = Y.decodeStateVector(Y.encodeStateVector(doc));
  for (;;) {
    const check = new Y.Doc();
    const reader = connect(check);
    await new Promise<void>((resolve) => reader.once('sync', () => resolve()));
    const got = Y.decodeStateVector(Y.encodeStateVector(check));
    reader.destroy();
    if ([...expected].every(([client, clock]) => (got.get(client) ?? 0) >= clock)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  provider.destroy();
  return result;
}

/** Creates assets with the core's `createAsset`; answers their ids in order. */
export function seedAssets(
  server: TestServer,
  username: string,
  teamId: string,
  assets: CreateAssetInput[],
): Promise<string[]> {
  return seedLibrary(server, username, teamId, (ctx) =>
    assets.map((input) => createAsset(ctx, input).asset_id),
  );
}
