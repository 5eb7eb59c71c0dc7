/**
 * The answer to a client's sync step 1. A client with nothing yet that joins a large room gets the
 * room as pieces (ordinary sync updates, see src/lib/sync/state-pieces.ts) and then a sync step 2
 * with nothing left in it: a browser applies each piece in its own task and can paint in between,
 * where one step 2 of a 100k-clip room (150 MB and more) would hold the page for a minute. Every
 * other client gets the usual single step 2 with the diff.
 */
import * as Y from 'yjs';
import { DEFAULT_PIECE_STRUCTS, encodeStateAsPieces } from '../../src/lib/sync/state-pieces';
import { encodeSyncStep2, encodeSyncStep2Of, encodeSyncUpdate } from './protocol';

/**
 * Rooms with more structs than this reach a client with nothing yet in pieces: some 1,200 to 2,500
 * clips (20 to 40 structs each). Below it one step 2 applies in well under a second, and more
 * messages would buy nothing.
 */
export const PIECES_ABOVE_STRUCTS = 50_000;

export interface FirstSyncOptions {
  /** Rooms with more structs than this are sent in pieces (to a client with nothing yet). */
  piecesAboveStructs?: number;
  /** Structs per piece. */
  pieceStructs?: number;
}

/** An update with no structs and no deletions: what is left once the pieces are applied. */
const NOTHING = new Uint8Array([0, 0]);

/** Structs in the doc's store (cheap: one length per client). */
export function structCount(doc: Y.Doc): number {
  let count = 0;
  for (const structs of doc.store.clients.values()) count += structs.length;
  return count;
}

/** A state vector naming no client: the sender has nothing yet. */
export function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return Y.decodeStateVector(stateVector).size === 0;
}

/**
 * The messages that answer a sync step 1 carrying `stateVector`, in the order they must be sent:
 * one sync step 2, or (large room, client with nothing) the pieces as updates and then an empty
 * step 2, which is what tells the client it is synced. Each message is made as it is taken, and a
 * piece is let go once its message is made, so the room is not held twice over while it is sent.
 */
export function answerSyncStep1(
  doc: Y.Doc,
  stateVector: Uint8Array,
  options: FirstSyncOptions = {},
): Iterable<Uint8Array> {
  const above = options.piecesAboveStructs ?? PIECES_ABOVE_STRUCTS;
  if (!isEmptyStateVector(stateVector) || structCount(doc) <= above) {
    return [encodeSyncStep2(doc, stateVector)];
  }
  const pieces: (Uint8Array | null)[] = encodeStateAsPieces(doc, {
    structs: options.pieceStructs ?? DEFAULT_PIECE_STRUCTS,
  });
  return (function* () {
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] as Uint8Array;
      pieces[i] = null;
      yield encodeSyncUpdate(piece);
    }
    // The pieces carry the whole state, deletions included: nothing is left to send.
    yield encodeSyncStep2Of(NOTHING);
  })();
}
