/**
 * The servers `bench/server.bench.ts` compares ours with, each run in its own process:
 * `stock` is @y/websocket-server's setupWSConnection (no auth, no persistence), `hocuspocus` is
 * @hocuspocus/server with no extensions (no auth, no persistence). Prints `{"port":N}` once
 * listening. Ours is the real server (server/main.ts), started by the bench itself.
 */
import { Server as Hocuspocus } from '@hocuspocus/server';
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

async function startHocuspocus(): Promise<number> {
  const server = new Hocuspocus({ port: 0, address: '127.0.0.1', quiet: true });
  await server.listen();
  return server.address.port;
}

const kind = process.argv[2];
const port =
  kind === 'stock' ? await startStock() : kind === 'hocuspocus' ? await startHocuspocus() : null;
if (port === null) {
  process.stderr.write(`usage: server-targets.ts stock|hocuspocus\n`);
  process.exit(2);
}
process.stdout.write(`${JSON.stringify({ port })}\n`);
