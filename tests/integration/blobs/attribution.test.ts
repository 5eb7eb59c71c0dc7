/**
 * Blobs stored before uploads recorded their team (real server, real SQLite): after the upgrade
 * every team whose rooms reference a blob may read it, so the clips people see keep playing, and
 * nobody else gains anything. The room scan runs once.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type TestServer } from '../harness';
import { makeUser, newAsset, type User } from '../api/client';
import { fixture, getBlob, putBlob } from './helpers';

let server: TestServer;
let ann: User;
let tom: User;
let mal: User;

beforeAll(async () => {
  server = await startServer({ env: { BLOB_GC_INTERVAL_MS: '0' } });
  ann = await makeUser(server, 'ann', 'Studio', 'editor');
  tom = await makeUser(server, 'tom', ann.teamId, 'viewer');
  mal = await makeUser(server, 'mal', 'Rival', 'editor');
});
afterAll(async () => {
  await server?.stop();
});

const status = async (user: User, sha: string) => (await getBlob(server, user.token, sha)).status;

it('attributes older blobs to the teams whose rooms reference them, once', async () => {
  const clip = (await putBlob(server, ann.token, fixture('clip-cellauto.mp4'))).body.sha256;
  await newAsset(server, ann, { name: 'Old clip', video_sha256: clip });
  // The uploader has left since: her teams no longer say where the file belongs.
  expect(
    (await server.admin('member', 'remove', '--team', ann.teamId, '--user', 'ann')).success,
  ).toBe(true);
  await server.stop();

  // The database as it was before blob teams existed.
  const db = new Database(path.join(server.dataDir, 'library.db'));
  db.exec(`DROP TABLE blob_teams; DROP TABLE blob_backfill;
           DELETE FROM accounts_migrations WHERE version = 3;`);
  db.close();

  await server.restart();
  expect(server.output()).toContain('blobs attributed to the teams whose rooms reference them');
  expect(await status(tom, clip)).toBe(200);
  expect(await status(mal, clip)).toBe(404);

  const check = new Database(path.join(server.dataDir, 'library.db'), { readonly: true });
  const teams = check.prepare('SELECT team_id FROM blob_teams WHERE sha256 = ?').all(clip);
  const pending = check.prepare('SELECT COUNT(*) AS n FROM blob_backfill').get() as { n: number };
  check.close();
  expect(teams).toEqual([{ team_id: ann.teamId }]);
  expect(pending.n).toBe(0);
});
