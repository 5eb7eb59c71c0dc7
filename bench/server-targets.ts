/**
 * The servers `bench/server.bench.ts` compares ours with, each run in its own process:
 * `sync` is our sync layer alone (createSyncServer, SQLite persistence, a token-table auth) without
 * the rest of server/main.ts, to tell the two apart;
 * `stock` is @y/websocket-server's setupWSConnection (no auth, no persistence), `hocuspocus` is
 * @hocuspocus/server with no extensions (no auth, no persistence). Prints `{"port":N}` once
 * listening. Ours is the real server (server/main.ts), started by the bench itself.
 */
import { Server as Hocuspocus } from '@hocuspocus/server';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqlitePersistence } from '../server/persistence';
import { createSyncServer } from '../server/sync';
import { setupWSConnection } from '@y/websocket-server/utils';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

async function startStock(): Promise<number> {
  const http = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  wss.on('connection', (ws, req) => setupWSConnection(ws, req));
  http.on('upgrade', (req, socket, head) =>
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return (http.address() as AddressInfo).port;
}

async function startSyncLayer(): Promise<number> {
  const db = new Database(path.join(mkdtempSync(path.join(tmpdir(), 'vl-bench-sync-')), 'x.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const sync = createSyncServer({
    persistence: new SqlitePersistence(db),
    authenticate: async (req) => {
      const token = new URL(req.url ?? '/', 'http://x').searchParams.get('token');
      return token ? { userId: token } : null;
    },
    authorize: async (principal) => (principal ? 'write' : 'none'),
  });
  const http = createServer((_req, res) => res.writeHead(404).end());
  http.on('upgrade', (req, socket, head) => sync.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return (http.address() as AddressInfo).port;
}

async function startHocuspocus(): Promise<number> {
  const server = new Hocuspocus({ port: 0, address: '127.0.0.1', quiet: true });
  await server.listen();
  return server.address.port;
}

const kind = process.argv[2];
const port =
  kind === 'stock'
    ? await startStock()
    : kind === 'hocuspocus'
      ? await startHocuspocus()
      : kind === 'sync'
        ? await startSyncLayer()
        : null;
if (port === null) {
  process.stderr.write(`usage: server-targets.ts stock|hocuspocus|sync\n`);
  process.exit(2);
}
process.stdout.write(`${JSON.stringify({ port })}\n`);
