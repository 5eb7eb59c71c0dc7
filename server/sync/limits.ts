import { DEFAULT_PIECE_STRUCTS } from '../../src/lib/sync/state-pieces';
import { PIECES_ABOVE_STRUCTS } from './first-sync';

/** Limits on what one client may cost the server. Every value can be overridden. */
export interface SyncLimits {
  /** Largest awareness or sync-step-1 message accepted (bytes); larger ones close with 4413. */
  maxMessageBytes: number;
  /**
   * Largest sync step 2 or update accepted (bytes); larger ones close with 4413. Far above
   * `maxMessageBytes`: a client's first sync of a big offline library is one step 2, and refusing
   * it loses that library (the client believes it is synced and resends only on reconnect, where it
   * is refused again).
   */
  maxUpdateBytes: number;
  /** Open sockets per signed-in user (y-websocket opens one per room); more close with 4429. */
  maxConnectionsPerPrincipal: number;
  /** Open sockets per remote address without a login (public rooms). */
  maxAnonymousConnectionsPerAddress: number;
  /** Sustained messages per second per socket, and the burst allowed above it; more close 4429. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Awareness updates relayed per second per socket; faster ones are coalesced, not dropped. */
  awarenessPerSecond: number;
  awarenessBurst: number;
  /** Awareness client ids one socket may speak for. */
  maxAwarenessClientsPerConnection: number;
  /** Upgrades waiting for authentication at once; more are refused with HTTP 503. */
  maxPendingUpgrades: number;
  /** A socket that does not answer a ping within this interval is dropped. */
  pingIntervalMs: number;
  /** A socket whose unsent backlog grows beyond this is closed (1013) and may reconnect. */
  maxBufferedBytes: number;
  /** Fold a room's log into a snapshot after this many updates or bytes. */
  compactAfterUpdates: number;
  compactAfterBytes: number;
  /**
   * A client with nothing yet gets a room of more structs than this as updates of about
   * `statePieceStructs` structs each, then an empty sync step 2 (see first-sync.ts).
   */
  statePiecesAboveStructs: number;
  statePieceStructs: number;
}

export const DEFAULT_LIMITS: SyncLimits = {
  maxMessageBytes: 1024 * 1024,
  maxUpdateBytes: 64 * 1024 * 1024,
  maxConnectionsPerPrincipal: 50,
  maxAnonymousConnectionsPerAddress: 50,
  messagesPerSecond: 200,
  messageBurst: 1000,
  awarenessPerSecond: 10,
  awarenessBurst: 20,
  maxAwarenessClientsPerConnection: 4,
  maxPendingUpgrades: 256,
  pingIntervalMs: 30_000,
  maxBufferedBytes: 16 * 1024 * 1024,
  compactAfterUpdates: 500,
  compactAfterBytes: 4 * 1024 * 1024,
  statePiecesAboveStructs: PIECES_ABOVE_STRUCTS,
  statePieceStructs: DEFAULT_PIECE_STRUCTS,
};
