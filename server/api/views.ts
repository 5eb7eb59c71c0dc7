/**
 * Live library indexes for the REST reads, cached per room set (`team/T|private/T/U|shared/U`).
 *
 * Building a LibraryIndex over a large room costs far more than a request should, so a view keeps
 * its rooms loaded (a `withRoom` call that stays open until the view is evicted) and its index is
 * kept current by Y events: a REST write, a browser's update and a projection all show in the next
 * read without a rebuild. Views idle for `idleMs` are dropped, as is a view whose room the sync
 * server unloaded (a failed append, shutdown).
 *
 * Most reads (an asset by id, a blob's access check, a filtered list) need no text, and the text
 * index is most of a build (MiniSearch), so a view defers the text of its first load (and of any
 * large batch after it) and indexes it in short slices between requests. A text search that comes
 * first indexes what is still waiting at once: answers never come from a partial text index.
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
  /** Lets go of the rooms; resolves once the sync server has them back. */
  release: () => Promise<void>;
}

/** One slice of background text indexing: short enough not to hold a request back noticeably. */
const TEXT_SLICE_MS = 8;

/**
 * Indexes the view's waiting text in slices, one per turn of the event loop (`setImmediate` runs
 * after pending I/O, so requests are served in between), whenever a batch left some waiting.
 * Returns the stop.
 */
function indexTextInBackground(index: LibraryIndex): () => void {
  let next: ReturnType<typeof setImmediate> | null = null;
  const slice = () => {
    next = null;
    if (!index.indexTextSlice(TEXT_SLICE_MS)) next = setImmediate(slice);
  };
  const start = () => {
    if (next === null && index.textPending > 0) next = setImmediate(slice);
  };
  const unsubscribe = index.subscribe(start);
  start();
  return () => {
    unsubscribe();
    if (next !== null) clearImmediate(next);
    next = null;
  };
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
  /** Settles once the room's `withRoom` call has ended. */
  done: Promise<unknown>;
}

/** Loads `name` and keeps it loaded until `release()` is called. */
async function holdRoom(sync: Pick<SyncServer, 'withRoom'>, name: string): Promise<HeldRoom> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let loaded!: (doc: Y.Doc) => void;
  const docPromise = new Promise<Y.Doc>((resolve) => (loaded = resolve));
  // `withRoom` calls back synchronously once the room is loaded, or rejects.
  const done = sync.withRoom(name, (doc) => {
    loaded(doc);
    return released;
  });
  const doc = await Promise.race([docPromise, done.then(() => docPromise)]);
  return { doc, release, done: done.catch(() => undefined) };
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
    this.#sweeper = setInterval(() => void this.sweep(), Math.max(1000, this.#idleMs / 2));
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

  /** Drops views idle for longer than `idleMs`; resolves once their rooms are released. */
  async sweep(): Promise<void> {
    const cutoff = this.#now() - this.#idleMs;
    const released: Promise<void>[] = [];
    for (const entry of [...this.#views.values()]) {
      if (entry.lastUsed < cutoff) released.push(this.#evict(entry));
    }
    await Promise.all(released);
  }

  get size(): number {
    return this.#views.size;
  }

  /** Releases every room; for shutdown, before the sync server closes. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#sweeper);
    await Promise.allSettled([...this.#loading.values()]);
    await Promise.all([...this.#views.values()].map((entry) => this.#evict(entry)));
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
      { deferText: true },
    );
    const stopText = indexTextInBackground(index);
    const onDestroy = () => void this.#evict(entry);
    const entry: Entry = {
      key,
      index,
      docs,
      lastUsed: this.#now(),
      release: async () => {
        stopText();
        index.destroy();
        for (const room of rooms) {
          room.doc.off('destroy', onDestroy);
          room.release();
        }
        await Promise.all(rooms.map((room) => room.done));
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
    for (const entry of oldest.slice(0, this.#views.size - this.#maxViews)) void this.#evict(entry);
  }

  #evict(entry: Entry): Promise<void> {
    if (this.#views.get(entry.key) !== entry) return Promise.resolve();
    this.#views.delete(entry.key);
    return entry.release();
  }
}
