/**
 * The stored entries of a local copy, in y-indexeddb's database: the `updates` store (auto-increment
 * keys, one Yjs update per value) and the `custom` store.
 *
 * Browsers refuse an IndexedDB value above a limit (Chromium: 133,169,152 bytes), so an update
 * larger than the part size is kept as an empty update in `updates`, which holds its place in the
 * order, and its bytes as parts in `custom` under `[PART_KEY, updateKey, partIndex]`. The
 * placeholder and its parts are written and deleted in one transaction, so they never part ways.
 */
import * as idb from 'lib0/indexeddb';

export const UPDATES_STORE = 'updates';
export const CUSTOM_STORE = 'custom';
export const PART_KEY = 'local-copy-part';
/** Under this key in `custom`: the last key the latest compaction wrote (its pieces end there). */
export const COMPACTED_KEY = 'local-copy-compacted-through';

/** A valid Yjs update that changes nothing (no structs, no deletions). */
const EMPTY_UPDATE = new Uint8Array([0, 0]);

/** Parts of the updates stored under a key >= `from` (array keys sort after numbers). */
function partsFrom(from: number): IDBKeyRange {
  return IDBKeyRange.bound([PART_KEY, from], [PART_KEY, []]);
}

/** Parts of the updates stored under a key <= `through`. */
function partsThrough(through: number): IDBKeyRange {
  return IDBKeyRange.bound([PART_KEY], [PART_KEY, through, []]);
}

export interface StoredEntries {
  /** The stored updates in key order, each whole again. */
  updates: Uint8Array[];
  /** The largest key read, or null when nothing was stored from `from` on. */
  lastKey: number | null;
  /** How many of them were stored after the latest compaction. */
  sinceCompaction: number;
}

/** Reads every update stored under a key >= `from`, joining the parted ones. */
export async function readEntries(tx: IDBTransaction, from: number): Promise<StoredEntries> {
  const [entries, parts, compacted] = await Promise.all([
    idb.getAllKeysValues(tx.objectStore(UPDATES_STORE), IDBKeyRange.lowerBound(from)),
    idb.getAllKeysValues(tx.objectStore(CUSTOM_STORE), partsFrom(from)),
    idb.get(tx.objectStore(CUSTOM_STORE), COMPACTED_KEY),
  ]);
  const compactedThrough = typeof compacted === 'number' ? compacted : -1;
  const partsOf = new Map<number, Uint8Array[]>();
  // Keys come sorted by update key, then part index.
  for (const { k, v } of parts as { k: [string, number, number]; v: Uint8Array }[]) {
    const list = partsOf.get(k[1]);
    if (list) list.push(v);
    else partsOf.set(k[1], [v]);
  }
  const updates: Uint8Array[] = [];
  let lastKey: number | null = null;
  let sinceCompaction = 0;
  for (const { k, v } of entries as { k: number; v: Uint8Array }[]) {
    const list = partsOf.get(k);
    updates.push(list ? join(list) : v);
    lastKey = k;
    if (k > compactedThrough) sinceCompaction++;
  }
  return { updates, lastKey, sinceCompaction };
}

/**
 * Adds one update in the transaction (in parts when larger than `partSize`); resolves to its key
 * once the request for the placeholder or the whole update succeeded.
 */
export async function addEntry(
  tx: IDBTransaction,
  update: Uint8Array,
  partSize: number,
): Promise<number> {
  const updates = tx.objectStore(UPDATES_STORE);
  if (update.byteLength <= partSize) {
    return (await idb.rtop(updates.add(ownBuffer(update)))) as number;
  }
  const key = (await idb.rtop(updates.add(EMPTY_UPDATE))) as number;
  const custom = tx.objectStore(CUSTOM_STORE);
  for (let index = 0, at = 0; at < update.byteLength; index++, at += partSize) {
    // slice, not subarray: a view would carry its whole buffer into the stored value.
    custom.put(update.slice(at, at + partSize), [PART_KEY, key, index]);
  }
  return key;
}

/** Records that a compaction's pieces end at `through`. */
export function markCompacted(tx: IDBTransaction, through: number): void {
  tx.objectStore(CUSTOM_STORE).put(through, COMPACTED_KEY);
}

/** Deletes every entry stored under a key <= `through`, parts included. */
export function deleteThrough(tx: IDBTransaction, through: number): void {
  tx.objectStore(UPDATES_STORE).delete(IDBKeyRange.upperBound(through));
  tx.objectStore(CUSTOM_STORE).delete(partsThrough(through));
}

/** Settles when the transaction has committed (or failed, with its error). */
export function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('The local copy could not be written.'));
    tx.onabort = () => reject(tx.error ?? new Error('The local copy could not be written.'));
  });
}

function join(parts: Uint8Array[]): Uint8Array {
  const [first] = parts;
  if (parts.length === 1 && first) return first;
  const whole = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    whole.set(part, at);
    at += part.byteLength;
  }
  return whole;
}

/** The update itself when it owns its buffer, else a copy (see addEntry). */
function ownBuffer(update: Uint8Array): Uint8Array {
  return update.byteOffset === 0 && update.byteLength === update.buffer.byteLength
    ? update
    : update.slice();
}
