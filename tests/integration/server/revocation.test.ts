import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { startServer, type TestServer } from '../harness';

let server: TestServer;
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  for (const provider of providers) provider.destroy();
  await server?.stop();
});

/** Connects the stock y-websocket client and resolves once the room has synced. */
async function connect(room: string, token: string): Promise<WebsocketProvider> {
  const provider = new WebsocketProvider(server.wsUrl, room, new Y.Doc(), {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  providers.push(provider);
  await new Promise<void>((resolve) => {
    if (provider.synced) return resolve();
    provider.once('sync', () => resolve());
  });
  return provider;
}

/** The code of the next close of the provider's socket. */
function nextClose(provider: WebsocketProvider): Promise<number> {
  return new Promise((resolve) => {
    provider.once('connection-close', (event) => {
      provider.shouldConnect = false;
      resolve(event?.code ?? 0);
    });
  });
}

describe('revocation reaches open sync sockets', () => {
  test('a removed member loses their open team socket within seconds', async () => {
    const { teamId } = await server.createUser('rita', 'rita-password', 'Crew', 'editor');
    const { token } = await server.login('rita', 'rita-password');
    const provider = await connect(`team/${teamId}`, token);
    const closed = nextClose(provider);
    await server.admin('member', 'remove', '--team', 'Crew', '--user', 'rita');
    expect(await closed).toBe(4403);
  });

  test('a revoked API token loses its open socket within seconds', async () => {
    const { teamId } = await server.createUser('tom', 'tom-password', 'Crew', 'viewer');
    const created = await server.admin('token', 'create', '--user', 'tom');
    const provider = await connect(`team/${teamId}`, created.token);
    const closed = nextClose(provider);
    await server.admin('token', 'revoke', '--token-id', created.token_id);
    expect(await closed).toBe(4401);
  });
});
