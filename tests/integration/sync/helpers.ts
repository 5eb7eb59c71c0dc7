/**
 * In-process sync server on a free port with test-only credentials (token → user, and an access
 * table), plus real y-websocket clients and raw sockets to drive it.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { SqlitePersistence, type RoomPersistence } from '../../../server/persistence';
import {
  createSyncServer,
  type Access,
  type SyncLimits,
  type SyncServer,
} from '../../../server/sync';

export interface Grants {
  /** token → userId */
  tokens: Record<string, string>;
  /** `${userId} ${room}` or `* ${room}` (anyone, even signed out) → access */
  access: Record<string, Access>;
}

export interface TestSync {
  url: string;
  sync: SyncServer;
  persistence: RoomPersistence;
  grants: Grants;
  /** Closes the server and opens a fresh one on the same database file. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSync(
  grants: Grants,
  limits: Partial<SyncLimits> = {},
  wrap: (persistence: RoomPersistence) => RoomPersistence = (p) => p,
): Promise<TestSync> {
  const dir = mkdtempSync(join(tmpdir(), 'vl-sync-'));
  const file = join(dir, 'library.db');
  let db: Database.Database;
  let http: Server;
  const state = {} as TestSync;

  async function start(): Promise<void> {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    const persistence = wrap(new SqlitePersistence(db));
    const sync = createSyncServer({
      persistence,
      limits,
      async authenticate(req) {
        const token = new URL(req.url ?? '/', 'http://x').searchParams.get('token');
        const userId = token ? grants.tokens[token] : undefined;
        return userId ? { userId } : null;
      },
      async authorize(principal, room) {
        if (principal) {
          const own = grants.access[`${principal.userId} ${room}`];
          if (own) return own;
        }
        return grants.access[`* ${room}`] ?? 'none';
      },
    });
    http = createServer((_req, res) => res.writeHead(404).end());
    http.on('upgrade', (req, socket, head) => sync.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    Object.assign(state, { url: `ws://127.0.0.1:${port}/sync`, sync, persistence });
  }

  async function shutdown(): Promise<void> {
    await state.sync.close();
    state.persistence.close();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    db.close();
  }

  await start();
  state.grants = grants;
  state.restart = async () => {
    await shutdown();
    await start();
  };
  state.stop = async () => {
    await shutdown();
    rmSync(dir, { recursive: true, force: true });
  };
  return state;
}

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves once the provider has synced with the server. */
  synced(): Promise<void>;
  destroy(): void;
}

const clients = new Set<Client>();

export function connect(url: string, room: string, token?: string): Client {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url, room, doc, {
    // Node's `ws`; the provider's own BroadcastChannel would let clients in one process bypass
    // the server, so it is off.
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: token ? { token } : {},
    disableBc: true,
  });
  const client: Client = {
    doc,
    provider,
    synced: () =>
      provider.synced
        ? Promise.resolve()
        : new Promise((resolve) => provider.once('sync', (ok: boolean) => ok && resolve())),
    destroy() {
      clients.delete(client);
      provider.destroy();
      doc.destroy();
    },
  };
  clients.add(client);
  return client;
}

export function destroyClients(): void {
  for (const client of [...clients]) client.destroy();
}

/** Polls until `check` stops throwing (or returns true); fails with the last error. */
export async function eventually(check: () => unknown, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (check() !== false) return;
      if (Date.now() > deadline) throw new Error('condition not met');
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface RawSocket {
  ws: WebSocket;
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  messages: Uint8Array[];
}

/** A plain socket that speaks whatever the test sends. */
export function rawSocket(
  url: string,
  room: string,
  token?: string,
  options: WebSocket.ClientOptions = {},
): RawSocket {
  const ws = new WebSocket(`${url}/${room}${token ? `?token=${token}` : ''}`, options);
  const messages: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
  ws.on('error', () => {});
  return {
    ws,
    messages,
    opened: new Promise((resolve) => ws.once('open', () => resolve())),
    closed: new Promise((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    ),
  };
}

/** Loads a room straight from persistence, as a fresh doc. */
export function stored(persistence: RoomPersistence, room: string): Y.Doc {
  const doc = new Y.Doc();
  const state = persistence.load(room);
  if (state) Y.applyUpdate(doc, state);
  return doc;
}
