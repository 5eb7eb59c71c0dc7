/** Turning an upgrade request away: as plain HTTP, or as a socket closed at once with our code. */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { closeCodeFor, closeReasonFor } from './close-codes';

/** Answers with an HTTP status and no socket (server closing, wrong path, too many upgrades). */
export function refuseHttp(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

/** Opens the socket only to close it with the error's close code and reason. */
export function refuseWithClose(
  wss: WebSocketServer,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  error: unknown,
): void {
  const code = closeCodeFor(error);
  // The client only sees a close code on an open socket, so open it, then close at once. No
  // message from it is read.
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', () => {});
    ws.close(code, closeReasonFor(error));
    // Nor is a peer that ignores the close frame kept for ws's 30 s close timeout.
    setTimeout(() => ws.terminate(), 1000).unref();
  });
}
