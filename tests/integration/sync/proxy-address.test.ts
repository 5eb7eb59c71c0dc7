/**
 * The cap on signed-out sync sockets behind a reverse proxy (real server, real SQLite): with
 * TRUST_PROXY the cap counts the client address the proxy forwarded, so one visitor cannot take
 * everyone's sockets and many visitors behind one proxy are not capped together; without it the
 * header is ignored (anyone could send one).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { forwardedAddress } from '../../../server/http/client-address';
import { startServer, type TestServer } from '../harness';

/** Opens the public room as a signed-out visitor: 'open' once the server answers a sync step 1. */
function visit(
  server: TestServer,
  teamId: string,
  forwardedFor?: string,
): Promise<{ result: 'open' | number; socket: WebSocket }> {
  const socket = new WebSocket(`${server.wsUrl}/public/${teamId}`, {
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  });
  return new Promise((resolve) => {
    socket.on('open', () => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.writeSyncStep1(encoder, new Y.Doc());
      socket.send(encoding.toUint8Array(encoder));
    });
    socket.once('message', () => resolve({ result: 'open', socket }));
    socket.on('close', (code) => resolve({ result: code, socket }));
    socket.on('error', () => undefined);
  });
}

const sockets: WebSocket[] = [];
async function results(
  server: TestServer,
  teamId: string,
  forwardedFor: (string | undefined)[],
): Promise<('open' | number)[]> {
  const answers: ('open' | number)[] = [];
  // One after another: the cap is decided in arrival order.
  for (const header of forwardedFor) {
    const { result, socket } = await visit(server, teamId, header);
    sockets.push(socket);
    answers.push(result);
  }
  return answers;
}

let proxied: TestServer;
let direct: TestServer;
let proxiedTeam: string;
let directTeam: string;

beforeAll(async () => {
  [proxied, direct] = await Promise.all([
    startServer({ env: { TRUST_PROXY: 'true', MAX_ANONYMOUS_PER_ADDRESS: '2' } }),
    startServer({ env: { MAX_ANONYMOUS_PER_ADDRESS: '2' } }),
  ]);
  proxiedTeam = (await proxied.admin('team', 'create', '--name', 'Open')).team.id;
  directTeam = (await direct.admin('team', 'create', '--name', 'Open')).team.id;
});
afterAll(async () => {
  for (const socket of sockets) socket.terminate();
  await Promise.all([proxied?.stop(), direct?.stop()]);
});

describe('signed-out sockets behind a trusted proxy', () => {
  test('are capped per forwarded client address, not per proxy', async () => {
    const first = await results(proxied, proxiedTeam, [
      '203.0.113.7',
      '203.0.113.7',
      '203.0.113.7',
    ]);
    expect(first).toEqual(['open', 'open', 4429]);
    // Another visitor behind the same proxy still gets in.
    expect(await results(proxied, proxiedTeam, ['198.51.100.4'])).toEqual(['open']);
  });

  test('a forged left-hand entry does not escape the cap', async () => {
    // The proxy appends the address it saw; whatever the client sent stays on the left.
    expect(
      await results(proxied, proxiedTeam, ['1.1.1.1, 203.0.113.7', '2.2.2.2, 203.0.113.7']),
    ).toEqual([4429, 4429]);
  });
});

describe('signed-out sockets without TRUST_PROXY', () => {
  test('ignore X-Forwarded-For: every socket counts against the peer address', async () => {
    expect(await results(direct, directTeam, ['203.0.113.7', '198.51.100.4', '192.0.2.1'])).toEqual(
      ['open', 'open', 4429],
    );
  });
});

describe('forwardedAddress', () => {
  test('takes the right-most entry that is not the proxy', () => {
    expect(forwardedAddress('203.0.113.7', '127.0.0.1')).toBe('203.0.113.7');
    expect(forwardedAddress('6.6.6.6, 203.0.113.7', '10.0.0.2')).toBe('203.0.113.7');
    // A chain of proxies on the same host: skip them.
    expect(forwardedAddress('203.0.113.7, 127.0.0.1', '::ffff:127.0.0.1')).toBe('203.0.113.7');
    expect(forwardedAddress(['6.6.6.6', '203.0.113.7:5123'], '10.0.0.2')).toBe('203.0.113.7');
    expect(forwardedAddress('[2001:db8::1]:443', '10.0.0.2')).toBe('2001:db8::1');
  });

  test('falls back to the peer for a missing or malformed header', () => {
    expect(forwardedAddress(undefined, '10.0.0.2')).toBe('10.0.0.2');
    expect(forwardedAddress('', '10.0.0.2')).toBe('10.0.0.2');
    expect(forwardedAddress('not-an-address', '10.0.0.2')).toBe('10.0.0.2');
    expect(forwardedAddress('203.0.113.7, bogus', '10.0.0.2')).toBe('10.0.0.2');
  });
});
