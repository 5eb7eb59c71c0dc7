import { randomBytes } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  connect,
  destroyClients,
  eventually,
  rawSocket,
  startSync,
  type TestSync,
} from './helpers';

const ROOM = 'team/t1';
const grants = () => ({
  tokens: { alice: 'u-alice', bob: 'u-bob' },
  access: { [`u-alice ${ROOM}`]: 'write' as const, [`u-bob ${ROOM}`]: 'write' as const },
});

describe('sync server: keepalive and awareness rate', () => {
  let server: TestSync;

  afterEach(async () => {
    destroyClients();
    await server.stop();
  });

  it('drops a socket that stops answering pings and keeps one that answers', async () => {
    server = await startSync(grants(), { pingIntervalMs: 50 });
    const dead = rawSocket(server.url, ROOM, 'alice', { autoPong: false });
    const live = rawSocket(server.url, ROOM, 'bob');
    await Promise.all([dead.opened, live.opened]);
    expect((await dead.closed).code).toBe(1006);
    expect(live.ws.readyState).toBe(live.ws.OPEN);
    await eventually(() => expect(server.sync.stats().connections).toBe(1));
    live.ws.close();
  });

  it('coalesces awareness beyond the rate instead of closing, and the last state wins', async () => {
    server = await startSync(grants(), { awarenessPerSecond: 20, awarenessBurst: 2 });
    const alice = connect(server.url, ROOM, 'alice');
    const bob = connect(server.url, ROOM, 'bob');
    await Promise.all([alice.synced(), bob.synced()]);
    const seen: number[] = [];
    bob.provider.awareness.on('change', () => {
      const cursor = bob.provider.awareness.getStates().get(alice.doc.clientID)?.cursor;
      if (typeof cursor === 'number') seen.push(cursor);
    });
    for (let cursor = 1; cursor <= 100; cursor++) {
      alice.provider.awareness.setLocalStateField('cursor', cursor);
    }
    await eventually(() => expect(seen.at(-1)).toBe(100));
    // Far fewer than 100 updates were relayed, and alice was not disconnected.
    expect(seen.length).toBeLessThan(50);
    expect(alice.provider.wsconnected).toBe(true);
  });

  it('drops a socket that stops reading once its backlog passes the limit', async () => {
    server = await startSync(grants(), { maxBufferedBytes: 256 * 1024 });
    const { port, pathname } = new URL(`${server.url}/${ROOM}`);
    // A client that completes the handshake and then never reads a byte.
    const stalled = tcpConnect(Number(port), '127.0.0.1');
    stalled.on('error', () => {});
    stalled.write(
      `GET ${pathname}?token=bob HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n` +
        `Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`,
    );
    stalled.pause();
    const alice = connect(server.url, ROOM, 'alice');
    await alice.synced();
    await eventually(() => expect(server.sync.stats().connections).toBe(2));
    for (let i = 0; i < 400 && server.sync.stats().connections === 2; i++) {
      alice.doc.getArray('big').push([randomBytes(48 * 1024).toString('base64')]);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await eventually(() => expect(server.sync.stats().connections).toBe(1));
    expect(alice.provider.wsconnected).toBe(true);
    stalled.destroy();
  });
});
