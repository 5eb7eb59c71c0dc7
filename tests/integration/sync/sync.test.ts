import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect, destroyClients, eventually, startSync, stored, type TestSync } from './helpers';

const ROOM = 'team/t1';

describe('sync server: convergence and persistence', () => {
  let server: TestSync;

  beforeEach(async () => {
    server = await startSync({
      tokens: { alice: 'u-alice', bob: 'u-bob' },
      access: { [`u-alice ${ROOM}`]: 'write', [`u-bob ${ROOM}`]: 'write' },
    });
  });

  afterEach(async () => {
    destroyClients();
    await server.stop();
  });

  it('two clients see each other’s edits live', async () => {
    const alice = connect(server.url, ROOM, 'alice');
    const bob = connect(server.url, ROOM, 'bob');
    await Promise.all([alice.synced(), bob.synced()]);
    alice.doc.getMap('assets').set('a1', 'from alice');
    bob.doc.getMap('assets').set('b1', 'from bob');
    await eventually(() => {
      expect(alice.doc.getMap('assets').toJSON()).toEqual({ a1: 'from alice', b1: 'from bob' });
      expect(bob.doc.getMap('assets').toJSON()).toEqual({ a1: 'from alice', b1: 'from bob' });
    });
  });

  it('two clients that edited while disconnected converge after reconnecting', async () => {
    const alice = connect(server.url, ROOM, 'alice');
    const bob = connect(server.url, ROOM, 'bob');
    await Promise.all([alice.synced(), bob.synced()]);
    alice.doc.getMap('assets').set('shared', 'base');
    await eventually(() => expect(bob.doc.getMap('assets').get('shared')).toBe('base'));

    alice.provider.disconnect();
    bob.provider.disconnect();
    alice.doc.getMap('assets').set('a-offline', 1);
    alice.doc.getMap('assets').set('shared', 'alice');
    bob.doc.getMap('assets').set('b-offline', 2);
    bob.doc.getArray('log').push(['bob was here']);
    alice.provider.connect();
    bob.provider.connect();

    await eventually(() => {
      const a = alice.doc.getMap('assets').toJSON();
      expect(a).toMatchObject({ 'a-offline': 1, 'b-offline': 2, shared: 'alice' });
      expect(bob.doc.getMap('assets').toJSON()).toEqual(a);
      expect(alice.doc.getArray('log').toJSON()).toEqual(['bob was here']);
    });
  });

  it('keeps the room across a server restart and serves it to a new client', async () => {
    const alice = connect(server.url, ROOM, 'alice');
    await alice.synced();
    for (let i = 0; i < 30; i++) alice.doc.getArray('log').push([i]);
    await eventually(() =>
      expect(stored(server.persistence, ROOM).getArray('log').length).toBe(30),
    );
    alice.destroy();
    await server.restart();

    const bob = connect(server.url, ROOM, 'bob');
    await bob.synced();
    expect(bob.doc.getArray('log').toJSON()).toEqual([...Array(30).keys()]);
  });

  it('unloads a room when its last client leaves and loads it again on the next', async () => {
    const alice = connect(server.url, ROOM, 'alice');
    await alice.synced();
    alice.doc.getMap('assets').set('a1', 1);
    await eventually(() => expect(server.sync.stats().roomNames).toEqual([ROOM]));
    alice.destroy();
    await eventually(() => expect(server.sync.stats()).toMatchObject({ rooms: 0, connections: 0 }));

    const bob = connect(server.url, ROOM, 'bob');
    await bob.synced();
    expect(bob.doc.getMap('assets').toJSON()).toEqual({ a1: 1 });
  });

  it('stores a reconnecting client’s full state only once', async () => {
    const alice = connect(server.url, ROOM, 'alice');
    await alice.synced();
    alice.doc.getText('notes').insert(0, 'x'.repeat(10_000));
    await eventually(() =>
      expect(stored(server.persistence, ROOM).getText('notes').length).toBe(10_000),
    );
    const sizeBefore = server.persistence.load(ROOM)!.byteLength;
    for (let i = 0; i < 3; i++) {
      alice.provider.disconnect();
      alice.provider.connect();
      await alice.synced();
    }
    // Each reconnect re-sends everything as sync step 2; none of it is new, so nothing is added.
    expect(server.persistence.load(ROOM)!.byteLength).toBe(sizeBefore);
  });

  it('withRoom edits are persisted and reach connected clients', async () => {
    const alice = connect(server.url, ROOM, 'alice');
    await alice.synced();
    const size = await server.sync.withRoom(ROOM, (doc) => {
      doc.getMap('assets').set('from-server', true);
      return doc.getMap('assets').size;
    });
    expect(size).toBe(1);
    await eventually(() => expect(alice.doc.getMap('assets').get('from-server')).toBe(true));
    expect(stored(server.persistence, ROOM).getMap('assets').get('from-server')).toBe(true);
  });

  it('withRoom on a room nobody has open persists the change and unloads it again', async () => {
    await server.sync.withRoom('team/t2', (doc) => doc.getMap('meta').set('k', 'v'));
    expect(server.sync.stats().rooms).toBe(0);
    expect(stored(server.persistence, 'team/t2').getMap('meta').toJSON()).toEqual({ k: 'v' });
    await expect(server.sync.withRoom('nope', () => 1)).rejects.toMatchObject({ code: 'INVALID' });
  });
});

describe('sync server: compaction', () => {
  it('keeps every edit through many compactions and a restart', async () => {
    const server = await startSync(
      { tokens: { alice: 'u-alice', bob: 'u-bob' }, access: { [`* ${ROOM}`]: 'write' } },
      { compactAfterUpdates: 7, compactAfterBytes: 2048 },
    );
    const alice = connect(server.url, ROOM, 'alice');
    const bob = connect(server.url, ROOM, 'bob');
    await Promise.all([alice.synced(), bob.synced()]);
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 10; i++) (i % 2 ? alice : bob).doc.getArray('log').push([round * 10 + i]);
      alice.doc.getText('notes').insert(0, 'x'.repeat(300));
      // Wait for each round, so the server commits (and compacts) many times.
      await eventually(() => {
        expect(alice.doc.getArray('log').length).toBe((round + 1) * 10);
        expect(bob.doc.getArray('log').length).toBe((round + 1) * 10);
      });
    }
    const expected = alice.doc.getArray('log').toJSON();
    destroyClients();
    await server.restart();
    const carol = connect(server.url, ROOM, 'alice');
    await carol.synced();
    expect(carol.doc.getArray('log').toJSON()).toEqual(expected);
    expect(carol.doc.getText('notes').length).toBe(3000);
    destroyClients();
    await server.stop();
  });
});
