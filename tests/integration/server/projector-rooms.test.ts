/**
 * The projector on a real sync server and real SQLite, in process: it keeps no room loaded once
 * it has written the projections (rooms nobody uses are unloaded), still follows every edit, and
 * leaves purged (tombstoned) records out of `shared/<user>` and `public/<team>`, stale copies
 * included.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import type { LibraryContext } from '../../../src/lib/library/context';
import {
  createAsset,
  purgeAsset,
  shareAsset,
  trashAsset,
  updateAsset,
} from '../../../src/lib/library/ops';
import { tombstoneToYMap } from '../../../src/lib/library/records/tombstone';
import { privateRoom, publicRoom, sharedRoom, teamRoom } from '../../../src/lib/library/rooms';
import { assetsOf, sharesOf, tombstonesOf } from '../../../src/lib/library/schema';
import { insertTeam, insertUser, upsertMembership } from '../../../server/db/accounts';
import { openDatabase, type Db } from '../../../server/db/open';
import { SqlitePersistence } from '../../../server/persistence';
import { createProjector, type Projector } from '../../../server/projections';
import { createSyncServer, type SyncServer } from '../../../server/sync';
import { silentLogger } from '../../../server/sync/logger';

let dir: string;
let db: Db;
let sync: SyncServer;
let projector: Projector;
let team: string;
let ann: string;
let cal: string;
let bob: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vl-projector-'));
  db = openDatabase(path.join(dir, 'library.db'));
  const user = (username: string) =>
    insertUser(db, { username, displayName: username, passwordHash: 'x' }).id;
  team = insertTeam(db, 'Studio').id;
  ann = user('ann');
  cal = user('cal');
  bob = user('bob');
  upsertMembership(db, team, ann, 'owner');
  upsertMembership(db, team, cal, 'editor');
  upsertMembership(db, insertTeam(db, 'Elsewhere').id, bob, 'owner');
  const persistence = new SqlitePersistence(db);
  sync = createSyncServer({
    persistence,
    authenticate: async () => null,
    authorize: async () => 'none',
  });
  projector = createProjector(db, sync, persistence, silentLogger);
});
afterEach(async () => {
  await projector.stop();
  await sync.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs core operations on `room` as a REST write does (inside `withRoom`). */
function write<T>(room: string, userId: string, fn: (ctx: LibraryContext) => T): Promise<T> {
  return sync.withRoom(room, (doc) =>
    fn({
      actor: { userId, teamId: team, role: userId === ann ? 'owner' : 'editor' },
      rooms: [
        { name: room, kind: room.startsWith('team/') ? 'team' : 'private', doc, writable: true },
      ],
      now: () => new Date(),
    }),
  );
}

/** What a projection room holds, read as the sync server stores it. */
function idsIn(room: string): Promise<{ assets: string[]; shares: string[] }> {
  return sync.withRoom(room, (doc) => ({
    assets: [...assetsOf(doc).keys()].sort(),
    shares: [...sharesOf(doc).keys()].sort(),
  }));
}

/** A purge tombstone written without deleting the copy: a stale copy a purge could not reach. */
function tombstone(doc: Y.Doc, id: string): void {
  tombstonesOf(doc).set(
    id,
    tombstoneToYMap({ id, kind: 'asset', purged_at: new Date().toISOString(), purged_by: ann }),
  );
}

describe('rooms the projector holds', () => {
  test('none once the projections are written; every later edit is still followed', async () => {
    const { asset_id: id } = await write(teamRoom(team), ann, (ctx) => {
      const created = createAsset(ctx, { name: 'Harbour', share_level: 'public' });
      shareAsset(ctx, { asset_id: created.asset_id, shared_with: bob });
      return created;
    });
    await projector.start();
    expect(sync.stats().rooms).toBe(0);
    expect((await idsIn(sharedRoom(bob))).assets).toEqual([id]);
    expect((await idsIn(publicRoom(team))).assets).toEqual([id]);

    // An edit while nothing is loaded: the room loads for the write, the projector follows.
    await write(teamRoom(team), ann, (ctx) =>
      updateAsset(ctx, { asset_id: id, name: 'Harbour 2' }),
    );
    await projector.settle();
    const name = await sync.withRoom(sharedRoom(bob), (doc) =>
      (assetsOf(doc).get(id) as Y.Map<unknown>).get('name'),
    );
    expect(name).toBe('Harbour 2');
    expect(sync.stats().rooms).toBe(0);

    await write(teamRoom(team), ann, (ctx) => trashAsset(ctx, { asset_id: id }));
    await projector.settle();
    expect((await idsIn(sharedRoom(bob))).assets).toEqual([]);
    expect((await idsIn(publicRoom(team))).assets).toEqual([]);
    expect(sync.stats().rooms).toBe(0);
  });
});

describe('purged records', () => {
  test('a purge empties the grantee’s shared room and the public room', async () => {
    await projector.start();
    const { asset_id: id } = await write(teamRoom(team), ann, (ctx) => {
      const created = createAsset(ctx, { name: 'Gone soon', share_level: 'public' });
      shareAsset(ctx, { asset_id: created.asset_id, shared_with: bob });
      return created;
    });
    await projector.settle();
    expect((await idsIn(sharedRoom(bob))).assets).toEqual([id]);

    await write(teamRoom(team), ann, (ctx) => {
      trashAsset(ctx, { asset_id: id });
      purgeAsset(ctx, { asset_id: id });
    });
    await projector.settle();
    expect(await idsIn(sharedRoom(bob))).toEqual({ assets: [], shares: [] });
    expect((await idsIn(publicRoom(team))).assets).toEqual([]);
  });

  test('a stale copy next to its tombstone is left out, in its room and across the team', async () => {
    // A public clip whose copy came back next to its tombstone (a late offline edit).
    const { asset_id: stalePublic } = await write(teamRoom(team), ann, (ctx) =>
      createAsset(ctx, { name: 'Stale public', share_level: 'public' }),
    );
    // A private clip of cal shared with bob; the purge reached the team room only.
    const { stalePrivate, share } = await write(privateRoom(team, cal), cal, (ctx) => {
      const created = createAsset(ctx, { name: 'Stale private', share_level: 'private' });
      const shared = shareAsset(ctx, { asset_id: created.asset_id, shared_with: bob });
      return { stalePrivate: created.asset_id, share: shared.share_id };
    });
    // And a team clip whose id someone tombstoned in their own private room: that hides nothing.
    const { asset_id: kept } = await write(teamRoom(team), ann, (ctx) =>
      createAsset(ctx, { name: 'Kept', share_level: 'public' }),
    );
    await projector.start();
    expect((await idsIn(publicRoom(team))).assets).toEqual([stalePublic, kept].sort());
    expect(await idsIn(sharedRoom(bob))).toEqual({ assets: [stalePrivate], shares: [share] });

    await sync.withRoom(teamRoom(team), (doc) => {
      doc.transact(() => {
        tombstone(doc, stalePublic);
        tombstone(doc, stalePrivate);
      });
    });
    await sync.withRoom(privateRoom(team, cal), (doc) => tombstone(doc, kept));
    await projector.settle();
    expect((await idsIn(publicRoom(team))).assets).toEqual([kept]);
    expect(await idsIn(sharedRoom(bob))).toEqual({ assets: [], shares: [] });
    // The copies themselves are still there: only what the projections show changed.
    expect(await sync.withRoom(teamRoom(team), (doc) => assetsOf(doc).has(stalePublic))).toBe(true);
    expect(await projector.sourcesOf(sharedRoom(bob), stalePrivate)).toEqual([]);
  });
});
