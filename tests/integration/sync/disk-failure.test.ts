import { afterEach, describe, expect, it } from 'vitest';
import type { RoomPersistence } from '../../../server/persistence';
import { connect, destroyClients, eventually, startSync, stored, type TestSync } from './helpers';

const ROOM = 'team/t1';

/** Real SQLite underneath; appends fail while `failing` is set, like a full disk. */
function flakyDisk(inner: RoomPersistence, state: { failing: boolean }): RoomPersistence {
  return {
    load: (room) => inner.load(room),
    append(room, update) {
      if (state.failing) throw new Error('SQLITE_FULL: database or disk is full');
      inner.append(room, update);
    },
    appendMany(room, updates) {
      if (state.failing) throw new Error('SQLITE_FULL: database or disk is full');
      inner.appendMany(room, updates);
    },
    compact: (room, snapshot) => inner.compact(room, snapshot),
    rooms: () => inner.rooms(),
    close: () => inner.close(),
  };
}

describe('sync server: when an update cannot be saved', () => {
  let server: TestSync;

  afterEach(async () => {
    destroyClients();
    await server.stop();
  });

  it('nobody sees it until it is saved, and it syncs once the disk works again', async () => {
    const disk = { failing: false };
    server = await startSync(
      {
        tokens: { alice: 'u-alice', bob: 'u-bob' },
        access: { [`u-alice ${ROOM}`]: 'write', [`u-bob ${ROOM}`]: 'write' },
      },
      {},
      (persistence) => flakyDisk(persistence, disk),
    );
    const alice = connect(server.url, ROOM, 'alice');
    const bob = connect(server.url, ROOM, 'bob');
    await Promise.all([alice.synced(), bob.synced()]);
    const closes: number[] = [];
    bob.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));

    disk.failing = true;
    alice.doc.getMap('assets').set('unsaved', 'edit');
    await eventually(() => expect(closes).toContain(4500));
    expect(bob.doc.getMap('assets').has('unsaved')).toBe(false);
    expect(stored(server.persistence, ROOM).getMap('assets').has('unsaved')).toBe(false);

    disk.failing = false;
    // Both providers reconnect on 4500; alice's sync step 2 carries the edit again.
    await eventually(() => expect(bob.doc.getMap('assets').get('unsaved')).toBe('edit'), 10_000);
    expect(stored(server.persistence, ROOM).getMap('assets').get('unsaved')).toBe('edit');
  });
});
