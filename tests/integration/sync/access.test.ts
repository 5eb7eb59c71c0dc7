import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  connect,
  destroyClients,
  eventually,
  rawSocket,
  startSync,
  stored,
  type TestSync,
} from './helpers';

const TEAM = 'team/t1';
const ALICE_PRIVATE = 'private/t1/u-alice';

describe('sync server: who may open and write a room', () => {
  let server: TestSync;

  beforeEach(async () => {
    server = await startSync({
      tokens: { alice: 'u-alice', bob: 'u-bob', vera: 'u-vera', mallory: 'u-mallory' },
      access: {
        [`u-alice ${TEAM}`]: 'write',
        [`u-bob ${TEAM}`]: 'write',
        [`u-vera ${TEAM}`]: 'read',
        [`u-alice ${ALICE_PRIVATE}`]: 'write',
        '* public/t1': 'read',
      },
    });
  });

  afterEach(async () => {
    destroyClients();
    await server.stop();
  });

  it('closes a socket without credentials with 4401 before sending anything', async () => {
    const socket = rawSocket(server.url, TEAM);
    const closed = await socket.closed;
    expect(closed.code).toBe(4401);
    expect(closed.reason).toMatch(/sign in/);
    expect(socket.messages).toEqual([]);
  });

  it('closes a socket with an unknown token with 4401', async () => {
    const closed = await rawSocket(server.url, TEAM, 'not-a-token').closed;
    expect(closed.code).toBe(4401);
  });

  it('closes a socket for another team’s room with 4403 before sending anything', async () => {
    await server.sync.withRoom('team/t2', (doc) => doc.getMap('assets').set('secret', 1));
    const socket = rawSocket(server.url, 'team/t2', 'alice');
    expect((await socket.closed).code).toBe(4403);
    expect(socket.messages).toEqual([]);
  });

  it('closes a socket for a name that is not a room with 4404', async () => {
    for (const room of ['nope', 'team', 'team/a/b', 'team/%2e%2e', 'team/' + 'x'.repeat(65)]) {
      expect((await rawSocket(server.url, room, 'alice').closed).code).toBe(4404);
    }
  });

  it('lets anyone read a public room without signing in, but not write to it', async () => {
    await server.sync.withRoom('public/t1', (doc) => doc.getMap('assets').set('p1', 'public'));
    const reader = connect(server.url, 'public/t1');
    const vandal = connect(server.url, 'public/t1');
    await Promise.all([reader.synced(), vandal.synced()]);
    expect(vandal.doc.getMap('assets').toJSON()).toEqual({ p1: 'public' });
    vandal.doc.getMap('assets').set('vandal', 1);
    vandal.provider.awareness.setLocalStateField('user', 'vandal');
    await eventually(() =>
      expect(
        [...reader.provider.awareness.getStates().values()].some((s) => s.user === 'vandal'),
      ).toBe(true),
    );
    expect(reader.doc.getMap('assets').toJSON()).toEqual({ p1: 'public' });
    expect(stored(server.persistence, 'public/t1').getMap('assets').toJSON()).toEqual({
      p1: 'public',
    });
  });

  it('a viewer syncs down, but its edits reach neither other clients nor the disk', async () => {
    const alice = connect(server.url, TEAM, 'alice');
    await alice.synced();
    alice.doc.getMap('assets').set('a1', 'by alice');
    const vera = connect(server.url, TEAM, 'vera');
    await vera.synced();
    expect(vera.doc.getMap('assets').toJSON()).toEqual({ a1: 'by alice' });

    vera.doc.getMap('assets').set('v1', 'by vera');
    // Awareness is allowed for viewers and travels on the same socket, after the edit: once alice
    // sees it, the server has handled (and dropped) the edit.
    vera.provider.awareness.setLocalStateField('user', 'vera');
    await eventually(() =>
      expect(
        [...alice.provider.awareness.getStates().values()].some((s) => s.user === 'vera'),
      ).toBe(true),
    );
    alice.doc.getMap('assets').set('a2', 'later');
    await eventually(() => expect(vera.doc.getMap('assets').get('a2')).toBe('later'));
    expect(alice.doc.getMap('assets').has('v1')).toBe(false);

    destroyClients();
    await server.restart();
    expect(stored(server.persistence, TEAM).getMap('assets').toJSON()).toEqual({
      a1: 'by alice',
      a2: 'later',
    });
    const bob = connect(server.url, TEAM, 'bob');
    await bob.synced();
    expect(bob.doc.getMap('assets').has('v1')).toBe(false);
  });

  it('a private room never reaches another user’s socket', async () => {
    const alice = connect(server.url, ALICE_PRIVATE, 'alice');
    await alice.synced();
    alice.doc.getMap('assets').set('mine', 'private clip');
    await eventually(() =>
      expect(stored(server.persistence, ALICE_PRIVATE).getMap('assets').has('mine')).toBe(true),
    );
    for (const token of ['bob', 'vera', 'mallory', undefined]) {
      const socket = rawSocket(server.url, ALICE_PRIVATE, token);
      expect((await socket.closed).code).toBe(token ? 4403 : 4401);
      expect(socket.messages).toEqual([]);
    }
  });

  it('revalidate closes the sockets of a revoked token and of a removed member', async () => {
    const bob = rawSocket(server.url, TEAM, 'bob');
    const alice = rawSocket(server.url, TEAM, 'alice');
    await Promise.all([bob.opened, alice.opened]);
    delete server.grants.tokens.bob;
    delete server.grants.access[`u-alice ${TEAM}`];
    await server.sync.revalidate();
    expect((await bob.closed).code).toBe(4401);
    expect((await alice.closed).code).toBe(4403);
  });

  it('revalidate makes a writer who became a viewer read-only', async () => {
    const bob = connect(server.url, TEAM, 'bob');
    const alice = connect(server.url, TEAM, 'alice');
    await Promise.all([bob.synced(), alice.synced()]);
    server.grants.access[`u-bob ${TEAM}`] = 'read';
    await server.sync.revalidate();
    bob.doc.getMap('assets').set('after-demotion', 1);
    alice.doc.getMap('assets').set('marker', 1);
    await eventually(() => expect(bob.doc.getMap('assets').get('marker')).toBe(1));
    bob.provider.awareness.setLocalStateField('user', 'bob');
    await eventually(() =>
      expect([...alice.provider.awareness.getStates().values()].some((s) => s.user === 'bob')).toBe(
        true,
      ),
    );
    expect(alice.doc.getMap('assets').has('after-demotion')).toBe(false);
    expect(stored(server.persistence, TEAM).getMap('assets').has('after-demotion')).toBe(false);
  });
});

describe('sync server: sockets per user', () => {
  it('refuses more sockets than the per-user cap with 4429', async () => {
    const server = await startSync(
      { tokens: { alice: 'u-alice' }, access: { [`u-alice ${TEAM}`]: 'write' } },
      { maxConnectionsPerPrincipal: 3 },
    );
    const open = [1, 2, 3].map(() => rawSocket(server.url, TEAM, 'alice'));
    await Promise.all(open.map((s) => s.opened));
    const extra = rawSocket(server.url, TEAM, 'alice');
    const closed = await extra.closed;
    expect(closed.code).toBe(4429);
    expect(closed.reason).toMatch(/more than 3/);
    open[0]!.ws.close();
    await open[0]!.closed;
    await eventually(() => expect(server.sync.stats().connections).toBe(2));
    const again = rawSocket(server.url, TEAM, 'alice');
    await again.opened;
    await eventually(() => expect(server.sync.stats().connections).toBe(3));
    for (const s of [...open, again]) s.ws.close();
    await server.stop();
  });

  it('does not count broken handshakes against the cap', async () => {
    const server = await startSync(
      { tokens: { alice: 'u-alice' }, access: { [`u-alice ${TEAM}`]: 'write' } },
      { maxConnectionsPerPrincipal: 2 },
    );
    const { port } = new URL(server.url);
    for (let i = 0; i < 5; i++) {
      // An upgrade without Sec-WebSocket-Key: authenticated, then refused by the handshake.
      const status = await new Promise<number | undefined>((resolve) => {
        const req = request({
          port: Number(port),
          host: '127.0.0.1',
          path: `/sync/${TEAM}?token=alice`,
          headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13' },
        });
        req.on('response', (res) => resolve(res.statusCode));
        req.on('error', () => resolve(undefined));
        req.end();
      });
      expect(status).toBe(400);
    }
    const sockets = [rawSocket(server.url, TEAM, 'alice'), rawSocket(server.url, TEAM, 'alice')];
    await Promise.all(sockets.map((s) => s.opened));
    // Both admitted (a refused socket opens too, then closes with 4429).
    await eventually(() => expect(server.sync.stats().connections).toBe(2));
    for (const s of sockets) s.ws.close();
    await server.stop();
  });
});
