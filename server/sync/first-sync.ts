/**
 * The answer to a client's sync step 1. A client that lacks most of a large room (a browser
 * signing in for the first time) gets the room as pieces (ordinary sync updates, see
 * src/lib/sync/state-pieces.ts) and then a sync step 2 with nothing left in it: a browser applies
 * each piece in its own task and can paint in between, where one step 2 of a 100k-clip room (150 MB
 * and more) would hold the page for a minute. Every other client gets the usual single step 2 with
 * the diff.
 *
 * "Most", not "all": the app migrates a writable room's empty copy before it connects, so a
 * new browser's state vector already names its own client (the schema version it wrote).
 */
import * as Y from 'yjs';
import { DEFAULT_PIECE_STRUCTS, encodeStateAsPieces } from '../../src/lib/sync/state-pieces';
import { encodeSyncStep2, encodeSyncStep2Of, encodeSyncUpdate } from './protocol';

/**
 * Rooms with more structs than this reach a client that lacks them in pieces: some 1,200 to 2,500
 * clips (20 to 40 structs each). Below it one step 2 applies in well under a second, and more
 * messages would buy nothing.
 */
export const PIECES_ABOVE_STRUCTS = 50_000;

/**
 * The share of the room's structs a client must lack to get the whole room in pieces. The pieces
 * are the whole state, so a client holding part of the room gets that part again: at most as much
 * again as its diff, here. That is worth it for a first sync cut off part way (at 100k clips a
 * socket dropped after a fifth of the room came in pieces; the rest as one step 2 then held the
 * page for 33 s). A client holding more than half gets its diff as one step 2.
 */
export const PIECES_WHEN_LACKING = 0.5;

export interface FirstSyncOptions {
  /** Rooms with more structs than this are sent in pieces (to a client lacking most of them). */
  piecesAboveStructs?: number;
  /** Structs per piece. */
  pieceStructs?: number;
}

/** An update with no structs and no deletions: what is left once the pieces are applied. */
const NOTHING = new Uint8Array([0, 0]);

/**
 * The structs in the doc's store, and how many of them a peer with `stateVector` lacks (cheap: a
 * binary search per client).
 */
export function structsLacking(
  doc: Y.Doc,
  stateVector: Map<number, number>,
): { total: number; lacking: number } {
  let total = 0;
  let lacking = 0;
  for (const [client, structs] of doc.store.clients) {
    total += structs.length;
    const clock = stateVector.get(client) ?? 0;
    const last = structs[structs.length - 1];
    if (!last || clock >= last.id.clock + last.length) continue;
    lacking += clock === 0 ? structs.length : structs.length - Y.findIndexSS(structs, clock);
  }
  return { total, lacking };
}

/**
 * The messages that answer a sync step 1 carrying `stateVector`, in the order they must be sent:
 * one sync step 2, or (a large room the client lacks most of) the pieces as updates and then
 * an empty step 2, which is what tells the client it is synced. Each message is made as it is
 * taken, and a piece is let go once its message is made, so the room is not held twice over while
 * it is sent.
 */
export function answerSyncStep1(
  doc: Y.Doc,
  stateVector: Uint8Array,
  options: FirstSyncOptions = {},
): Iterable<Uint8Array> {
  const above = options.piecesAboveStructs ?? PIECES_ABOVE_STRUCTS;
  const { total, lacking } = structsLacking(doc, Y.decodeStateVector(stateVector));
  if (lacking <= above || lacking < total * PIECES_WHEN_LACKING) {
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
