import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { startServer, type TestServer } from '../harness';
import { api } from './http';

let server: TestServer;
let teamId: string;
let cookie: string;

beforeAll(async () => {
  server = await startServer();
  ({ teamId } = await server.createUser('cara', 'cara-password', 'Studio', 'editor'));
  ({ cookie } = await server.login('cara', 'cara-password'));
});
afterAll(async () => {
  await server?.stop();
});

/** Opens a raw socket the way a browser would (cookie + Origin) and reports what happened. */
function handshake(headers: Record<string, string>): Promise<'message' | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.wsUrl}/team/${teamId}`, { headers });
    ws.on('message', () => {
      ws.close();
      resolve('message');
    });
    ws.on('close', (code) => resolve(code));
    ws.on('error', reject);
  });
}

describe('the session cookie on the sync socket', () => {
  test('a page of this server may use the cookie', async () => {
    expect(await handshake({ cookie, origin: server.url })).toBe('message');
  });

  test('a page of another site gets nothing with the same cookie', async () => {
    expect(await handshake({ cookie, origin: 'https://evil.example' })).toBe(4401);
  });

  test('without a cookie or token the socket is closed with 4401', async () => {
    expect(await handshake({ origin: server.url })).toBe(4401);
  });
});

describe('signing out', () => {
  test('logout closes the sockets opened with that session', async () => {
    const session = await server.login('cara', 'cara-password');
    const ws = new WebSocket(`${server.wsUrl}/team/${teamId}`, {
      headers: { cookie: session.cookie, origin: server.url },
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('message', () => resolve());
      ws.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    const logout = await api(server, 'POST', '/api/auth/logout', { cookie: session.cookie });
    expect(logout.status).toBe(200);
    expect(await closed).toBe(4401);
  });
});
