/**
 * One fixture for a file of browser tests: the real server, Chromium, and (optionally) a seeded
 * team, started once before the file's tests and torn down once after them.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { CreateAssetInput } from '../../../src/lib/library/ops/asset-input';
import { startServer, type StartOptions, type TestServer } from '../../integration/harness';
import { launchBrowser, newContext, signIn } from './browser';
import { createTeam, membersOf, PASSWORD, seedAssets, type Member, type Roster } from './seed';

/** What a seeding step gets to work with. */
export interface SeededTeam {
  server: TestServer;
  teamId: string;
  /** User ids by username. */
  users: Record<string, string>;
}

export interface TeamSpec<T> {
  name: string;
  /**
   * Roles by username (`{ ada: 'owner', ben: 'editor' }`) or a list of members, in order: the
   * first creates the team and writes its seeded content.
   */
  members: Roster | Member[];
  /** Clips the first member creates through the library core before any page opens. */
  assets?: CreateAssetInput[];
  /** Further seeding after `assets`; what it answers is the fixture's `seeded`. */
  seed?: (team: SeededTeam) => Promise<T>;
}

export interface E2EOptions<T> {
  /** How to start the server (extra environment, …). */
  server?: StartOptions;
  /** A team created (and seeded) before the tests; tests that build their own leave it out. */
  team?: TeamSpec<T>;
}

export interface E2E<T> {
  readonly server: TestServer;
  readonly browser: Browser;
  /** The seeded team's id (only with `team`). */
  readonly teamId: string;
  /** The seeded team's user ids by username (only with `team`). */
  readonly users: Record<string, string>;
  /** The ids of `team.assets`, in their order. */
  readonly assetIds: string[];
  /** What `team.seed` answered. */
  readonly seeded: T;
  /** A fresh browser context (its own cookies, storage and service worker) on the server. */
  newContext(): Promise<BrowserContext>;
  /**
   * A page in a fresh context, signed in as `username` through the sign-in page, once the library
   * is in sync; `page.context()` is that person's context.
   */
  signIn(username: string): Promise<Page>;
}

/**
 * Registers the file's `beforeAll` (start the server and Chromium, create and seed the team) and
 * `afterAll` (close Chromium, stop the server); call it at the top level of a test file.
 */
export function useE2E<T = undefined>(options: E2EOptions<T> = {}): E2E<T> {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let team: SeededTeam | undefined;
  let assetIds: string[] = [];
  let seeded: T | undefined;

  beforeAll(async () => {
    server = await startServer(options.server);
    browser = await launchBrowser();
    const spec = options.team;
    if (!spec) return;
    const [writer] = membersOf(spec.members);
    if (!writer) throw new Error('a seeded team needs at least one member');
    const { teamId, users } = await createTeam(server, spec.name, spec.members);
    team = { server, teamId, users };
    if (spec.assets) assetIds = await seedAssets(server, writer.username, teamId, spec.assets);
    if (spec.seed) seeded = await spec.seed(team);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const started = (): { server: TestServer; browser: Browser } => {
    if (!server || !browser) throw new Error('the e2e fixture is used before its beforeAll ran');
    return { server, browser };
  };
  const seededTeam = (): SeededTeam => {
    started();
    if (!team) throw new Error('this file has no seeded team (useE2E without `team`)');
    return team;
  };

  const openContext = (): Promise<BrowserContext> => {
    const current = started();
    return newContext(current.browser, current.server);
  };

  return {
    get server() {
      return started().server;
    },
    get browser() {
      return started().browser;
    },
    get teamId() {
      return seededTeam().teamId;
    },
    get users() {
      return seededTeam().users;
    },
    get assetIds() {
      seededTeam();
      return assetIds;
    },
    get seeded() {
      seededTeam();
      return seeded as T;
    },
    newContext: openContext,
    async signIn(username) {
      const page = await (await openContext()).newPage();
      await signIn(page, username, PASSWORD);
      return page;
    },
  };
}
