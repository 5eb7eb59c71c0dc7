/**
 * Browser tests against the built app (`npm run build` runs before this step) served by the real
 * server: starts it with the integration harness, creates people with the admin command and
 * drives Debian's Chromium with playwright-core.
 *
 * A test file calls `useE2E({ team: { name, members, assets } })` once at the top level and asks
 * it for signed-in pages (`await e2e.signIn('ada')`); the pieces below it stay exported for tests
 * that build their own teams and for the browser benchmarks in bench/.
 */
export { startServer, type StartOptions, type TestServer } from '../integration/harness';
export {
  CHROMIUM_ARGS,
  launchBrowser,
  newContext,
  screenshot,
  signIn,
  waitForSync,
} from './harness/browser';
export { assetCard, cardNames, waitForCardCount, waitForCardNames } from './harness/cards';
export {
  createTeam,
  membersOf,
  PASSWORD,
  seedAssets,
  seedLibrary,
  seedSecondTeam,
  type Member,
  type Roster,
} from './harness/seed';
export { useE2E, type E2E, type E2EOptions, type SeededTeam, type TeamSpec } from './harness/suite';
