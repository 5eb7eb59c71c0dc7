/**
 * Live library indexes for the REST reads, cached per room set (`team/T|private/T/U|shared/U`).
 *
 * Building a LibraryIndex over a large room costs far more than a request should, so a view keeps
 * its rooms loaded (a `withRoom` call that stays open until the view is evicted) and its index is
 * kept current by Y events: a REST write, a browser's update and a projection all show in the next
 * read without a rebuild. Views idle for `idleMs` are dropped, as is a view whose room the sync
 * server unloaded (a failed append, shutdown).
 */
import type * as Y from 'yjs';
import { LibraryIndex } from '../../src/lib/library/live';
import { parseRoomName } from '../../src/lib/library/rooms';
import type { SyncServer } from '../sync';

export interface LibraryView {
  readonly key: string;
  readonly index: LibraryIndex;
  /** Room name → the live doc the sync server serves. */
  readonly docs: ReadonlyMap<string, Y.Doc>;
}

interface Entry extends LibraryView {
  lastUsed: number;
  release: () => void;
}

export interface LibraryViewsOptions {
  idleMs?: number;
  /** Least recently used views beyond this are dropped. */
  maxViews?: number;
  now?: () => number;
}

interface HeldRoom {
  doc: Y.Doc;
  release: () => void;
}

/** Loads `name` and keeps it loaded until `release()` is called. */
async function holdRoom(sync: Pick<SyncServer, 'withRoom'>, name: string): Promise<HeldRoom> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  return new Promise<HeldRoom>((resolve, reject) => {
    sync
      .withRoom(name, (doc) => {
        resolve({ doc, release });
        return released;
      })
      .catch(reject);
  });
}

export class LibraryViews {
  readonly #sync: Pick<SyncServer, 'withRoom'>;
  readonly #idleMs: number;
  readonly #maxViews: number;
  readonly #now: () => number;
  readonly #views = new Map<string, Entry>();
  readonly #loading = new Map<string, Promise<Entry>>();
  readonly #sweeper: ReturnType<typeof setInterval>;
  #closed = false;

  constructor(sync: Pick<SyncServer, 'withRoom'>, options: LibraryViewsOptions = {}) {
    this.#sync = sync;
    this.#idleMs = options.idleMs ?? 60_000;
    this.#maxViews = options.maxViews ?? 200;
    this.#now = options.now ?? Date.now;
    this.#sweeper = setInterval(() => this.sweep(), Math.max(1000, this.#idleMs / 2));
    this.#sweeper.unref();
  }

  /** The live view over exactly these rooms (loaded on first use). */
  async view(roomNames: readonly string[]): Promise<LibraryView> {
    if (this.#closed) throw new Error('the library views are closed');
    const key = roomNames.join('|');
    const cached = this.#views.get(key);
    if (cached) {
      cached.lastUsed = this.#now();
      return cached;
    }
    let loading = this.#loading.get(key);
    if (!loading) {
      loading = this.#load(key, roomNames).finally(() => this.#loading.delete(key));
      this.#loading.set(key, loading);
    }
    return loading;
  }

  /** Drops views idle for longer than `idleMs`. */
  sweep(): void {
    const cutoff = this.#now() - this.#idleMs;
    for (const entry of [...this.#views.values()]) {
      if (entry.lastUsed < cutoff) this.#evict(entry);
    }
  }

  get size(): number {
    return this.#views.size;
  }

  /** Releases every room; for shutdown, before the sync server closes. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#sweeper);
    await Promise.allSettled([...this.#loading.values()]);
    for (const entry of [...this.#views.values()]) this.#evict(entry);
  }

  async #load(key: string, roomNames: readonly string[]): Promise<Entry> {
    const held = await Promise.allSettled(roomNames.map((name) => holdRoom(this.#sync, name)));
    const failed = held.find((result) => result.status === 'rejected');
    const rooms = held.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    if (failed || this.#closed) {
      for (const room of rooms) room.release();
      throw failed ? (failed as PromiseRejectedResult).reason : new Error('closed');
    }
    const docs = new Map(roomNames.map((name, i) => [name, rooms[i]!.doc]));
    const index = new LibraryIndex(
      roomNames.map((name, i) => ({
        name,
        kind: parseRoomName(name).kind,
        doc: rooms[i]!.doc,
        writable: false,
      })),
    );
    const onDestroy = () => this.#evict(entry);
    const entry: Entry = {
      key,
      index,
      docs,
      lastUsed: this.#now(),
      release: () => {
        for (const room of rooms) {
          room.doc.off('destroy', onDestroy);
          room.release();
        }
        index.destroy();
      },
    };
    for (const room of rooms) room.doc.on('destroy', onDestroy);
    this.#views.set(key, entry);
    this.#trim();
    return entry;
  }

  #trim(): void {
    if (this.#views.size <= this.#maxViews) return;
    const oldest = [...this.#views.values()].sort((a, b) => a.lastUsed - b.lastUsed);
    for (const entry of oldest.slice(0, this.#views.size - this.#maxViews)) this.#evict(entry);
  }

  #evict(entry: Entry): void {
    if (this.#views.get(entry.key) !== entry) return;
    this.#views.delete(entry.key);
    entry.release();
  }
}
