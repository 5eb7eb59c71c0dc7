/**
 * The sync socket: `/sync/<room>` upgrades, authenticated and authorized before a byte of the room
 * is sent, then y-websocket protocol messages handed to the room. Also the server-side room API
 * (`withRoom`) used by the REST routes and projections.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type * as Y from 'yjs';
import { LibraryError } from '../../src/lib/library/errors';
import { parseRoomName } from '../../src/lib/library/rooms';
import type { RoomPersistence } from '../persistence/types';
import { CloseCode, closeCodeFor, closeReasonFor, truncateUtf8 } from './close-codes';
import { DEFAULT_LIMITS, type SyncLimits } from './limits';
import { silentLogger, type SyncLogger } from './logger';
import { carriesUpdate, decodeClientMessage } from './protocol';
import { TokenBucket } from './rate-limit';
import { ConnectionSlots } from './connection-slots';
import { refuseHttp, refuseWithClose } from './refusal';
import { Outbound } from './outbound';
import { Room, type RoomAccess, type RoomConnection } from './room';

export interface Principal {
  userId: string;
}

export type Access = 'write' | 'read' | 'none';

export interface SyncServerOptions {
  persistence: RoomPersistence;
  /** Who is calling, from the upgrade request (cookie, bearer header or `?token=`); null if nobody. */
  authenticate: (req: IncomingMessage) => Promise<Principal | null>;
  /** What `principal` (null: not signed in) may do in `room`. */
  authorize: (principal: Principal | null, room: string) => Promise<Access>;
  limits?: Partial<SyncLimits>;
  logger?: SyncLogger;
  /**
   * The caller's address, for the connection cap of signed-out sockets. Defaults to the socket's
   * peer; behind a reverse proxy pass the one that reads X-Forwarded-For.
   */
  clientAddress?: (req: IncomingMessage) => string;
}

/** Sees every transaction of a loaded room's doc (see `SyncServer.observe`). */
export type RoomListener = (room: string, doc: Y.Doc, transaction: Y.Transaction) => void;

export interface SyncServer {
  /** Wire to the HTTP server's 'upgrade' event. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Runs `fn` on the live room doc; its changes are persisted, then broadcast. */
  withRoom<T>(room: string, fn: (doc: Y.Doc) => T | Promise<T>): Promise<T>;
  /**
   * Calls `listener` after every transaction on any loaded room (a client's update, a `withRoom`
   * write): every change of a room passes through here, so an observer learns of edits without
   * keeping rooms loaded. Returns a function that stops it.
   */
  observe(listener: RoomListener): () => void;
  /** Re-checks every open socket's credentials and access; closes or downgrades as needed. */
  revalidate(): Promise<void>;
  /** Flushes every room, closes every socket (1001) and unloads the rooms. */
  close(): Promise<void>;
  /** Open sockets and loaded rooms, for health checks and tests. */
  stats(): { connections: number; rooms: number; roomNames: string[] };
}

const SYNC_PREFIX = '/sync/';

interface Connection extends RoomConnection {
  readonly ws: WebSocket;
  readonly req: IncomingMessage;
  readonly room: Room;
  /** Whose connection-count slot this socket holds. */
  readonly slot: string;
  readonly flood: TokenBucket;
  principal: Principal | null;
  alive: boolean;
}

export function createSyncServer(options: SyncServerOptions): SyncServer {
  const limits: SyncLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const logger = options.logger ?? silentLogger;
  const { persistence, authenticate, authorize } = options;
  const clientAddress =
    options.clientAddress ?? ((req: IncomingMessage) => req.socket.remoteAddress ?? '?');
  // ws cuts anything beyond this while it is still arriving (1009); below it, a message over its
  // kind's limit is read and refused with our own 4413 and reason.
  const largest = Math.max(limits.maxMessageBytes, limits.maxUpdateBytes);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: largest + limits.maxMessageBytes,
    perMessageDeflate: false,
  });
  const rooms = new Map<string, Room>();
  const connections = new Set<Connection>();
  const slots = new ConnectionSlots();
  const listeners = new Set<RoomListener>();
  let pendingUpgrades = 0;
  let nextId = 1;
  let closing = false;

  const roomOptions = {
    compactAfterUpdates: limits.compactAfterUpdates,
    compactAfterBytes: limits.compactAfterBytes,
    awarenessPerSecond: limits.awarenessPerSecond,
    awarenessBurst: limits.awarenessBurst,
    maxAwarenessClientsPerConnection: limits.maxAwarenessClientsPerConnection,
    logger,
    firstSync: {
      piecesAboveStructs: limits.statePiecesAboveStructs,
      pieceStructs: limits.statePieceStructs,
    },
  };

  function acquireRoom(name: string): Room {
    const loaded = rooms.get(name);
    if (loaded) return loaded;
    const room = new Room(name, persistence, roomOptions, retireRoom);
    rooms.set(name, room);
    // Attached after the stored state was applied: loading is not a change.
    room.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      for (const listener of listeners) {
        try {
          listener(name, room.doc, transaction);
        } catch (error) {
          logger.error({ room: name, err: error }, 'room listener failed');
        }
      }
    });
    logger.debug({ room: name }, 'room loaded');
    return room;
  }

  function retireRoom(room: Room): void {
    if (rooms.get(room.name) === room) rooms.delete(room.name);
    room.unload();
    logger.debug({ room: room.name }, 'room unloaded');
  }

  const pingTimer = setInterval(() => {
    for (const conn of connections) {
      if (!conn.alive) {
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      conn.ws.ping();
    }
  }, limits.pingIntervalMs);
  pingTimer.unref();

  function refuse(req: IncomingMessage, socket: Duplex, head: Buffer, error: unknown): void {
    refuseWithClose(wss, req, socket, head, error);
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Without a listener a reset during authentication would crash the process.
    socket.on('error', () => {});
    if (closing) return refuseHttp(socket, '503 Service Unavailable');
    let roomName: string;
    try {
      const { pathname } = new URL(req.url ?? '/', 'http://localhost');
      if (!pathname.startsWith(SYNC_PREFIX)) return refuseHttp(socket, '404 Not Found');
      roomName = decodeURIComponent(pathname.slice(SYNC_PREFIX.length));
      parseRoomName(roomName);
    } catch (_error) {
      return refuse(req, socket, head, new LibraryError('NOT_FOUND', 'no such room', 'room'));
    }
    if (pendingUpgrades >= limits.maxPendingUpgrades) {
      return refuseHttp(socket, '503 Service Unavailable');
    }
    pendingUpgrades++;
    admit(req, roomName)
      .then((admitted) => {
        if (socket.destroyed) return;
        if (admitted instanceof LibraryError) return refuse(req, socket, head, admitted);
        if (closing) return refuseHttp(socket, '503 Service Unavailable');
        const slot = ConnectionSlots.keyFor(admitted.principal?.userId ?? null, clientAddress(req));
        const max = admitted.principal
          ? limits.maxConnectionsPerPrincipal
          : limits.maxAnonymousConnectionsPerAddress;
        if (!slots.take(slot, max)) {
          return refuse(
            req,
            socket,
            head,
            new LibraryError('RATE_LIMITED', `more than ${max} open sync sockets`),
          );
        }
        let opened = false;
        wss.handleUpgrade(req, socket, head, (ws) => {
          opened = true;
          open(ws, req, roomName, admitted.principal, admitted.access, slot);
        });
        // ws answers a broken handshake itself and never calls back: give the slot back.
        if (!opened) slots.release(slot);
      })
      .catch((error: unknown) => {
        // A failing check (database down) is not a refusal: 4500 tells the client to retry.
        logger.error({ err: error }, 'sync upgrade failed');
        if (!socket.destroyed) refuse(req, socket, head, error);
      })
      .finally(() => {
        pendingUpgrades--;
      });
  }

  async function admit(
    req: IncomingMessage,
    room: string,
  ): Promise<{ principal: Principal | null; access: RoomAccess } | LibraryError> {
    try {
      const principal = await authenticate(req);
      const access = await authorize(principal, room);
      if (access !== 'none') return { principal, access };
      return principal
        ? new LibraryError('FORBIDDEN', 'no access to this room', 'room')
        : new LibraryError('UNAUTHORIZED', 'sign in to open this room');
    } catch (error) {
      if (error instanceof LibraryError) return error;
      throw error;
    }
  }

  function open(
    ws: WebSocket,
    req: IncomingMessage,
    roomName: string,
    principal: Principal | null,
    access: RoomAccess,
    slot: string,
  ): void {
    const room = acquireRoom(roomName);
    const behind = (): void => {
      conn.close(CloseCode.TryAgainLater, 'too far behind; reconnect');
      // A peer that reads nothing will not read the close frame either.
      setTimeout(() => ws.terminate(), 1000).unref();
    };
    const outbound = new Outbound(ws, limits.maxBufferedBytes, behind);
    const conn: Connection = {
      flood: new TokenBucket(limits.messagesPerSecond, limits.messageBurst),
      id: nextId++,
      ws,
      req,
      room,
      slot,
      principal,
      access,
      alive: true,
      send: (message) => outbound.send(message),
      sendAll: (messages) => outbound.sendAnswer(messages),
      close(code, reason) {
        if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) {
          ws.close(code, truncateUtf8(reason, 123));
        }
      },
    };
    connections.add(conn);
    const log = { conn: conn.id, room: roomName, user: principal?.userId ?? null };
    logger.debug({ ...log, access }, 'sync socket opened');

    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('error', (error) => {
      logger.debug({ ...log, err: error }, 'sync socket error');
    });
    ws.on('close', () => {
      connections.delete(conn);
      slots.release(slot);
      room.leave(conn);
      logger.debug(log, 'sync socket closed');
    });
    ws.on('message', (data, isBinary) => {
      if (ws.readyState !== ws.OPEN) return;
      conn.alive = true;
      try {
        receive(conn, data, isBinary);
      } catch (error) {
        const code = closeCodeFor(error);
        if (code === CloseCode.Internal)
          logger.error({ ...log, err: error }, 'sync message failed');
        else logger.info({ ...log, code, reason: String(error) }, 'sync socket refused a message');
        conn.close(code, closeReasonFor(error));
      }
    });
    room.join(conn);
  }

  function receive(conn: Connection, data: RawData, isBinary: boolean): void {
    if (!isBinary) throw new LibraryError('INVALID', 'message: text frames are not accepted');
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : data;
    const update = carriesUpdate(bytes);
    // A reader's updates are dropped unread, so only a writer's may be large.
    const max = update && conn.access === 'write' ? limits.maxUpdateBytes : limits.maxMessageBytes;
    if (bytes.byteLength > max) {
      throw new LibraryError('TOO_LARGE', `message: larger than ${max} bytes`, 'message');
    }
    if (!conn.flood.take()) {
      // 4429 tells y-websocket never to reconnect, and a writer that sent a burst of edits (one
      // message per transaction) still holds the ones not yet read: it would keep them forever,
      // believing itself synced. A transient close makes it reconnect and send them in one step 2.
      if (update) {
        conn.close(CloseCode.TryAgainLater, 'too many updates at once; reconnect');
        return;
      }
      throw new LibraryError('RATE_LIMITED', 'message: too many messages', 'message');
    }
    const decoded = decodeClientMessage(bytes, {
      maxAwarenessEntries: limits.maxAwarenessClientsPerConnection,
    });
    if (!decoded.ok) throw decoded.error;
    conn.room.receive(conn, decoded.message);
  }

  async function withRoom<T>(name: string, fn: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    parseRoomName(name);
    if (closing) throw new Error('the sync server is closing');
    const room = acquireRoom(name);
    room.hold();
    try {
      // The caller may read the doc and hand what it sees to someone: commit what clients sent.
      room.commit();
      const result = await fn(room.doc);
      room.commit();
      if (room.failure) throw room.failure;
      return result;
    } finally {
      room.release();
    }
  }

  async function revalidate(): Promise<void> {
    await Promise.all([...connections].map((conn) => revalidateOne(conn)));
  }

  async function revalidateOne(conn: Connection): Promise<void> {
    let principal: Principal | null;
    let access: Access;
    try {
      principal = await authenticate(conn.req);
      access = await authorize(principal, conn.room.name);
    } catch (error) {
      // A failing check (database busy) is not a revocation; the next run decides.
      logger.warn({ conn: conn.id, err: error }, 'sync revalidation failed');
      return;
    }
    if (conn.principal && principal?.userId !== conn.principal.userId) {
      conn.close(CloseCode.Unauthenticated, 'signed out or credentials revoked');
      return;
    }
    if (access === 'none') {
      conn.close(CloseCode.Forbidden, 'no access to this room any more');
      return;
    }
    const wasWriter = conn.access === 'write';
    conn.access = access;
    if (!wasWriter && access === 'write') conn.room.requestState(conn);
  }

  async function close(): Promise<void> {
    if (closing) return;
    closing = true;
    clearInterval(pingTimer);
    const sockets = [...connections];
    const closed = Promise.all(
      sockets.map(
        (conn) =>
          new Promise<void>((resolve) => {
            if (conn.ws.readyState === conn.ws.CLOSED) return resolve();
            conn.ws.once('close', () => resolve());
          }),
      ),
    );
    for (const conn of sockets) conn.close(CloseCode.GoingAway, 'server shutting down');
    // Unload now rather than when each close handshake ends: the process may exit right after.
    for (const conn of sockets) conn.room.leave(conn);
    for (const room of [...rooms.values()]) retireRoom(room);
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 1000).unref());
    await Promise.race([closed, timeout]);
    for (const conn of sockets) conn.ws.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }

  function stats() {
    return { connections: connections.size, rooms: rooms.size, roomNames: [...rooms.keys()] };
  }

  function observe(listener: RoomListener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  return { handleUpgrade, withRoom, observe, revalidate, close, stats };
}
