/**
 * A room's copy in IndexedDB: y-indexeddb's IndexeddbPersistence, in the same database and layout
 * (copies written by plain y-indexeddb load as they are), with three changes:
 *
 * - no stored value is larger than the part size: a large update (the first sync of a big room)
 *   and a compacted state are stored in parts (see entries.ts) and joined again on load;
 * - compaction reads what other tabs stored, then replaces everything it covers with the doc's
 *   state in one transaction, so an interruption leaves the old copy or the new one;
 * - the doc's `update` listener is attached only after the load, so Yjs does not encode the whole
 *   loaded copy again as an update nobody needs;
 * - the load gives the page a turn every few milliseconds, and compaction stores the state as
 *   pieces that can be applied one at a time (see state-pieces.ts): a room of 100k clips no longer
 *   holds the page for most of a minute while it is read. A large update stored whole (the first
 *   sync of a big room) is compacted into pieces soon after.
 */
import * as Y from 'yjs';
import * as idb from 'lib0/indexeddb';
import { IndexeddbPersistence, PREFERRED_TRIM_SIZE, clearDocument } from 'y-indexeddb';
import { DEFAULT_PIECE_BYTES, encodeStateAsPieces, type PieceLimits } from '$lib/sync/state-pieces';
import {
  addEntry,
  committed,
  deleteThrough,
  markCompacted,
  readEntries,
  CUSTOM_STORE,
  UPDATES_STORE,
} from './entries';

/** Well under Chromium's largest value (133,169,152 bytes), and few parts for a big room. */
export const DEFAULT_PART_SIZE = 32 * 1024 * 1024;

/** How long the load works before the page gets a turn. */
const TURN_MS = 25;

/** A stored update this large is compacted into pieces, so the next load can take turns. */
const LARGE_UPDATE = 4 * DEFAULT_PIECE_BYTES;

/**
 * Resumes in a task queued behind whatever else waits (a message to itself: no timer clamping),
 * so the page paints, answers input and runs its other work (the other rooms' reads, the socket)
 * in between. Not `scheduler.yield()`: its continuation goes ahead of every other waiting task, so
 * a long load in turns still starved everything but input and paint.
 */
function yieldToPage(): Promise<void> {
  if (typeof MessageChannel !== 'function') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      channel.port2.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export interface LocalCopyOptions {
  /** The largest value written to IndexedDB, in bytes. */
  partSize?: number;
  /** Compact once this many updates are stored (y-indexeddb's threshold by default). */
  trimSize?: number;
  /** The size of the pieces a compaction stores. */
  pieces?: PieceLimits;
  /** Compact soon after storing an update larger than this, in bytes. */
  largeUpdate?: number;
  /** How long the load works before the page gets a turn, in milliseconds. */
  turnMs?: number;
}

const EMPTY = new Uint8Array(0);

export class LocalCopy extends IndexeddbPersistence {
  readonly partSize: number;
  readonly trimSize: number;
  readonly #pieces: PieceLimits;
  readonly #largeUpdate: number;
  readonly #turnMs: number;
  #closed = false;
  /** Settles when the load is over (done, failed or abandoned because the copy closed). */
  readonly #loaded: Promise<void>;
  #loadOver: () => void = () => undefined;
  /** Compactions run one after another, each reading what the one before left. */
  #compaction: Promise<void> = Promise.resolve();

  constructor(name: string, doc: Y.Doc, options: LocalCopyOptions = {}) {
    super(name, doc);
    this.partSize = Math.max(1, options.partSize ?? DEFAULT_PART_SIZE);
    this.trimSize = options.trimSize ?? PREFERRED_TRIM_SIZE;
    this.#pieces = options.pieces ?? {};
    this.#largeUpdate = options.largeUpdate ?? LARGE_UPDATE;
    this.#turnMs = options.turnMs ?? TURN_MS;
    // The base class reads the `updates` store itself once the database opens, applying parts'
    // placeholders as the only content and announcing 'synced' too early. Its read starts past
    // every key and skips an instance it takes for destroyed: it reads nothing and announces
    // nothing, and #load reads instead. Its listener would store the load and big updates whole.
    this._dbref = Number.MAX_SAFE_INTEGER;
    this._destroyed = true;
    doc.off('update', this._storeUpdate);
    this._storeUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin !== this) this.#store(update);
    };
    this.#loaded = new Promise((resolve) => (this.#loadOver = resolve));
    void this._db.then((db) => this.#load(db)).finally(() => this.#loadOver());
  }

  /** Stores the doc's whole state in place of every stored update it covers. */
  compact(): Promise<void> {
    // Not before the load is done: until then the doc holds only part of what is stored.
    const next = this.#compaction.then(() => this.#loaded).then(() => this.#compactNow());
    this.#compaction = next.catch(() => undefined);
    return next;
  }

  override destroy(): Promise<void> {
    this.#closed = true;
    return super.destroy();
  }

  /** Destroys this instance and deletes its database. */
  override async clearData(): Promise<void> {
    await this.destroy();
    await clearDocument(this.name);
  }

  async #load(db: IDBDatabase): Promise<void> {
    if (this.#closed) return;
    // Like y-indexeddb: whatever the doc held before the load is stored too.
    const before = this.doc.store.clients.size > 0 ? Y.encodeStateAsUpdate(this.doc) : null;
    try {
      const { updates, lastKey, sinceCompaction } = await readEntries(
        db.transaction([UPDATES_STORE, CUSTOM_STORE], 'readonly'),
        0,
      );
      if (this.#closed) return;
      // A large update stored since the last compaction (a first sync) is worth cutting into pieces.
      const large = updates
        .slice(updates.length - sinceCompaction)
        .some((update) => update.byteLength > this.#largeUpdate);
      if (!(await this.#applyInTurns(updates))) return;
      this._dbref = (lastKey ?? -1) + 1;
      // Counted like y-indexeddb's stored updates, but a compaction's pieces count as one.
      this._dbsize = large
        ? this.trimSize
        : sinceCompaction + (sinceCompaction < updates.length ? 1 : 0);
    } catch (error) {
      // The library still opens (and syncs) without its local copy; say why it is missing. A
      // compaction then reads every stored update first, so none is replaced unread.
      this._dbref = 0;
      this.emit('error', [error]);
    }
    if (this.#closed) return;
    this.doc.on('update', this._storeUpdate);
    if (before) this.#store(before);
    if (this._dbsize >= this.trimSize) this.#compactSoon();
    this.synced = true;
    this.emit('synced', [this]);
  }

  #store(update: Uint8Array): void {
    const db = this.db;
    if (!db || this.#closed) return;
    this.#write(db, update).catch((error: unknown) => this.emit('error', [error]));
    this._dbsize++;
    if (this._dbsize >= this.trimSize || update.byteLength > this.#largeUpdate) this.#compactSoon();
  }

  #compactSoon(): void {
    if (this._storeTimeoutId !== null) clearTimeout(this._storeTimeoutId);
    this._storeTimeoutId = setTimeout(() => {
      this._storeTimeoutId = null;
      this.compact().catch((error: unknown) => this.emit('error', [error]));
    }, this._storeTimeout);
  }

  /**
   * Applies the stored updates in order, as many per transaction as fit in a turn, yielding to
   * the page between turns. False when the copy was closed meanwhile.
   */
  async #applyInTurns(updates: Uint8Array[]): Promise<boolean> {
    let next = 0;
    while (next < updates.length) {
      const start = performance.now();
      Y.transact(
        this.doc,
        () => {
          do {
            Y.applyUpdate(this.doc, updates[next] as Uint8Array);
            // Let the bytes go as soon as they are in the doc (a big room's are 150 MB).
            updates[next++] = EMPTY;
          } while (next < updates.length && performance.now() - start < this.#turnMs);
        },
        this,
        false,
      );
      if (next < updates.length) {
        await yieldToPage();
        if (this.#closed) return false;
      }
    }
    return true;
  }

  async #write(db: IDBDatabase, update: Uint8Array): Promise<void> {
    const tx = db.transaction([UPDATES_STORE, CUSTOM_STORE], 'readwrite');
    const done = committed(tx);
    done.catch(() => undefined);
    const from = this._dbref;
    const key = await addEntry(tx, update, this.partSize);
    // Nothing stored by another tab between what this one has read and its own update: a
    // compaction need not read this update back (it may be a whole room).
    const between =
      key > from
        ? await idb.count(tx.objectStore(UPDATES_STORE), IDBKeyRange.bound(from, key, false, true))
        : 0;
    await done;
    if (between === 0 && this._dbref === from) this._dbref = key + 1;
  }

  async #compactNow(): Promise<void> {
    const db = this.db;
    if (!db || this.#closed) return;
    const tx = db.transaction([UPDATES_STORE, CUSTOM_STORE], 'readwrite');
    const done = committed(tx);
    done.catch(() => undefined);
    // What other tabs stored since this one last read goes into the state before it is replaced.
    const { updates, lastKey } = await readEntries(tx, this._dbref);
    if (updates.length > 0) {
      Y.transact(
        this.doc,
        () => {
          for (const update of updates) Y.applyUpdate(this.doc, update);
        },
        this,
        false,
      );
    }
    const through = lastKey ?? this._dbref - 1;
    const pieces = encodeStateAsPieces(this.doc, this.#pieces);
    let key = -1;
    try {
      deleteThrough(tx, through);
      for (const piece of pieces) key = await addEntry(tx, piece, this.partSize);
      markCompacted(tx, key);
    } catch (error) {
      // Never the deletions without every piece: the old copy stays as it was.
      tx.abort();
      throw error;
    }
    await done;
    this._dbref = Math.max(this._dbref, key + 1);
    this._dbsize = 1;
  }
}
