/**
 * A doc's whole state as a list of updates ("pieces") that rebuild it when applied in order, each
 * in its own transaction. Applying a room of 100k clips (about 150 MB, four million structs) in
 * one update holds the page for most of a minute; in pieces the work comes in short tasks and the
 * page can paint and answer in between.
 *
 * Every piece holds whole structs whose dependencies (left origin, right origin, parent) are in an
 * earlier piece or the same one, so none of them waits as pending: the structs go out in an order
 * that respects those dependencies, like the order they were made in. The deletions of the whole
 * state ride with the last piece; structs and deletions the doc holds as pending (waiting for a
 * dependency it never received) follow it.
 *
 * Yjs has no public way to encode part of a struct store, so this writes structs the way its own
 * `encodeStateAsUpdate` does (`writeStructs`, `writeDeleteSet`, update format v1) with the
 * encoder Yjs exports. Tests check that the pieces rebuild exactly the doc they came from.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

/** Structs per piece by default: about 0.5 MB of a clip library, well under 0.1 s to apply. */
export const DEFAULT_PIECE_STRUCTS = 12_000;
/** Bytes per piece at most (a piece of long texts fills up before its struct count). */
export const DEFAULT_PIECE_BYTES = 2 * 1024 * 1024;

type Struct = Y.Item | Y.GC;
type DeleteSet = ReturnType<typeof Y.createDeleteSetFromStructStore>;

export interface PieceLimits {
  /** Structs per piece (a piece may run on a little to end where a record ends). */
  structs?: number;
  /** Bytes per piece (one struct larger than this is a piece of its own). */
  bytes?: number;
}

/** One client's consecutive structs in a piece, encoded as they come. */
interface Section {
  encoder: Y.UpdateEncoderV1;
  clock: number;
  count: number;
}

/**
 * The doc's state as updates of at most about `limits.structs` structs and `limits.bytes` bytes
 * each (one piece for a small doc), preferring to cut where a new top-level record starts, so a
 * record read between pieces is rarely half there.
 */
export function encodeStateAsPieces(doc: Y.Doc, limits: PieceLimits = {}): Uint8Array[] {
  const maxStructs = Math.max(1, Math.floor(limits.structs ?? DEFAULT_PIECE_STRUCTS));
  const maxBytes = Math.max(1, limits.bytes ?? DEFAULT_PIECE_BYTES);
  const store = doc.store.clients;
  const pieces: Uint8Array[] = [];
  let sections = new Map<number, Section>();
  let count = 0;
  /** Bytes of the piece's sections other than the one being written. */
  let otherBytes = 0;

  const flush = (deletions: DeleteSet | null) => {
    pieces.push(joinPiece(sections, deletions));
    sections = new Map();
    count = 0;
    otherBytes = 0;
  };

  for (const run of dependencyOrder(store)) {
    const structs = store.get(run.client) as Struct[];
    let at = run.start;
    while (at < run.end) {
      let section = sections.get(run.client);
      if (!section) {
        section = {
          encoder: new Y.UpdateEncoderV1(),
          clock: (structs[at] as Struct).id.clock,
          count: 0,
        };
        sections.set(run.client, section);
      } else {
        otherBytes -= encoding.length(section.encoder.restEncoder);
      }
      const open = section;
      const write = (until: number) => {
        open.count += until - at;
        for (; at < until; at++) (structs[at] as Struct).write(open.encoder, 0);
      };
      let full = false;
      let heavy = false;
      while (at < run.end && !full) {
        const before = at;
        write(at + 1);
        count += at - before;
        heavy = otherBytes + encoding.length(section.encoder.restEncoder) >= maxBytes;
        full = heavy || count >= maxStructs;
      }
      // Full by count: run on to where the next record starts. Full by bytes: stop here.
      if (full && !heavy) {
        const stop = recordBoundary(structs, at, Math.min(run.end, at + (maxStructs >> 1)));
        count += stop - at;
        write(stop);
      }
      otherBytes += encoding.length(section.encoder.restEncoder);
      if (full) flush(null);
    }
  }
  const deletions = Y.createDeleteSetFromStructStore(doc.store);
  if (count > 0 || pieces.length === 0 || deletions.clients.size > 0) flush(deletions);
  // What waits for a missing dependency goes along too, as encodeStateAsUpdate keeps it (Yjs
  // holds it in update format v2).
  const { pendingStructs, pendingDs } = doc.store;
  if (pendingStructs) pieces.push(Y.convertUpdateFormatV2ToV1(pendingStructs.update));
  if (pendingDs) pieces.push(Y.convertUpdateFormatV2ToV1(pendingDs));
  return pieces;
}

/** The first index in [from, limit) where a top-level record starts, else `from`. */
function recordBoundary(structs: Struct[], from: number, limit: number): number {
  for (let i = from; i < limit; i++) {
    const struct = structs[i];
    if (struct instanceof Y.Item && struct.parent instanceof Y.AbstractType) {
      if (struct.parent._item === null) return i;
    }
  }
  return from;
}

interface Run {
  client: number;
  start: number;
  end: number;
}

/**
 * Every struct of the store once, as runs of consecutive structs of one client, each struct after
 * the structs it depends on.
 */
function dependencyOrder(store: Map<number, Struct[]>): Run[] {
  const next = new Map<number, number>();
  for (const client of store.keys()) next.set(client, 0);
  const runs: Run[] = [];

  /** Whether the struct holding `id` has been placed (or is not in the store at all). */
  const placed = (id: Y.ID): boolean => {
    const structs = store.get(id.client);
    if (!structs) return true;
    const index = next.get(id.client) as number;
    return index >= structs.length || id.clock < (structs[index] as Struct).id.clock;
  };

  const missingDependency = (struct: Struct): number | null => {
    if (!(struct instanceof Y.Item)) return null;
    if (struct.origin && !placed(struct.origin)) return struct.origin.client;
    if (struct.rightOrigin && !placed(struct.rightOrigin)) return struct.rightOrigin.client;
    const parent = struct.parent;
    if (parent instanceof Y.AbstractType) {
      if (parent._item && !placed(parent._item.id)) return parent._item.id.client;
    } else if (parent instanceof Y.ID && !placed(parent)) {
      return parent.client;
    }
    return null;
  };

  const place = (client: number) => {
    const index = next.get(client) as number;
    const last = runs[runs.length - 1];
    if (last && last.client === client && last.end === index) last.end++;
    else runs.push({ client, start: index, end: index + 1 });
    next.set(client, index + 1);
  };

  // Highest client first, as Yjs writes them.
  for (const client of [...store.keys()].sort((a, b) => b - a)) {
    const structs = store.get(client) as Struct[];
    while ((next.get(client) as number) < structs.length) {
      // Nearly always, what the next struct depends on is placed already.
      if (missingDependency(structs[next.get(client) as number] as Struct) === null) {
        place(client);
        continue;
      }
      // Place first what it depends on (one struct of the blocking client at a time, then look
      // again).
      const stack = [client];
      const waiting = new Set([client]);
      while (stack.length > 0) {
        const top = stack[stack.length - 1] as number;
        const topStructs = store.get(top) as Struct[];
        const index = next.get(top) as number;
        if (index >= topStructs.length) {
          stack.pop();
          waiting.delete(top);
          continue;
        }
        const blocker = missingDependency(topStructs[index] as Struct);
        // A cycle cannot come from Yjs; should one exist, placing the struct anyway leaves the
        // rest to Yjs's own pending-struct handling rather than looping.
        if (blocker !== null && !waiting.has(blocker)) {
          stack.push(blocker);
          waiting.add(blocker);
          continue;
        }
        place(top);
        stack.pop();
        waiting.delete(top);
      }
    }
  }
  return runs;
}

/** One update: the sections (highest client first, as Yjs writes them), then a delete set. */
function joinPiece(sections: Map<number, Section>, deletions: DeleteSet | null): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  const out = encoder.restEncoder;
  encoding.writeVarUint(out, sections.size);
  for (const [client, section] of [...sections].sort((a, b) => b[0] - a[0])) {
    encoding.writeVarUint(out, section.count);
    encoder.writeClient(client);
    encoding.writeVarUint(out, section.clock);
    // Update format v1 keeps everything in the one stream, so a section's structs append as bytes.
    encoding.writeUint8Array(out, encoding.toUint8Array(section.encoder.restEncoder));
  }
  writeDeleteSet(encoder, deletions);
  return encoder.toUint8Array();
}

function writeDeleteSet(encoder: Y.UpdateEncoderV1, deletions: DeleteSet | null): void {
  const clients = deletions ? [...deletions.clients].sort((a, b) => b[0] - a[0]) : [];
  encoding.writeVarUint(encoder.restEncoder, clients.length);
  for (const [client, items] of clients) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, items.length);
    for (const item of items) {
      encoder.writeDsClock(item.clock);
      encoder.writeDsLen(item.len);
    }
  }
}
