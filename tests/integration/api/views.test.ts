/**
 * The REST API's cached live views on a real sync server (in memory): one view per room set,
 * kept current by Y events, holding its rooms loaded while cached, dropped after idling, when the
 * sync server unloads a room, and on close.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { createAsset, type LibraryContext } from '../../../src/lib/library';
import { LibraryViews } from '../../../server/api/views';
import { MemoryPersistence } from '../../../server/persistence';
import { createSyncServer, type SyncServer } from '../../../server/sync';

const ROOMS = ['team/t1', 'private/t1/u1', 'shared/u1'];
let sync: SyncServer;

function startSync(): SyncServer {
  sync = createSyncServer({
    persistence: new MemoryPersistence(),
    authenticate: async () => null,
    authorize: async () => 'none',
  });
  return sync;
}

afterEach(async () => {
  await sync?.close();
});

/** Creates an asset in `room` the way a REST write does: inside `withRoom`. */
function write(room: string, name: string): Promise<string> {
  return sync.withRoom(room, (doc) => {
    const ctx: LibraryContext = {
      actor: { userId: 'u1', teamId: 't1', role: 'editor' },
      rooms: [{ name: room, kind: 'team', doc, writable: true }],
      now: () => new Date(),
    };
    return createAsset(ctx, { name }).asset_id;
  });
}

describe('LibraryViews', () => {
  test('one live view per room set, current after every write, rooms held while cached', async () => {
    startSync();
    const views = new LibraryViews(sync);
    const view = await views.view(ROOMS);
    expect(await views.view(ROOMS)).toBe(view);
    expect(sync.stats().rooms).toBe(3);

    const id = await write('team/t1', 'Fresh');
    expect(view.index.asset(id)?.asset.name).toBe('Fresh');
    // Still loaded after the write's own hold ended: the view holds it.
    expect(sync.stats().roomNames.sort()).toEqual([...ROOMS].sort());
    await views.close();
    expect(sync.stats().rooms).toBe(0);
  });

  test('idle views are dropped and their rooms unloaded; the next read builds a new one', async () => {
    startSync();
    let now = 0;
    const views = new LibraryViews(sync, { idleMs: 60_000, now: () => now });
    const first = await views.view(ROOMS);
    now = 30_000;
    await views.sweep();
    expect(views.size).toBe(1);
    now = 61_000;
    await views.sweep();
    expect(views.size).toBe(0);
    expect(sync.stats().rooms).toBe(0);

    const id = await write('team/t1', 'Written while unloaded');
    const second = await views.view(ROOMS);
    expect(second).not.toBe(first);
    expect(second.index.asset(id)?.asset.name).toBe('Written while unloaded');
    await views.close();
  });

  test('concurrent first reads share one view; at most maxViews are kept', async () => {
    startSync();
    let now = 0;
    const views = new LibraryViews(sync, { maxViews: 2, now: () => now++ });
    const [a, b] = await Promise.all([views.view(ROOMS), views.view(ROOMS)]);
    expect(a).toBe(b);
    await views.view(['team/t2']);
    await views.view(['team/t3']);
    expect(views.size).toBe(2);
    await views.sweep(); // (nothing idle) lets the trimmed view's rooms go back
    expect(sync.stats().roomNames.sort()).toEqual(['team/t2', 'team/t3']);
    await views.close();
  });

  test('a view whose room the sync server unloads is dropped', async () => {
    startSync();
    const views = new LibraryViews(sync);
    await views.view(ROOMS);
    await sync.close();
    expect(views.size).toBe(0);
    await views.close();
  });
});
