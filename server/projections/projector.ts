/**
 * Keeps the server-written projection rooms (`shared/<userId>`, `public/<teamId>`) equal to what
 * the source rooms (`team/<t>`, `private/<t>/<u>`) call for. Source rooms are held loaded (a
 * long-running `withRoom`) and observed; a change recomputes that room's contribution and
 * rewrites only the projection rooms it touches, record by record. A timer fires at the next
 * share expiry, so an expired share disappears at `expires_at` without any edit.
 */
import type * as Y from 'yjs';
import { LibraryOrigin } from '../../src/lib/library/context';
import {
  assetsOf,
  lineageOf,
  metaOf,
  SCHEMA_VERSION,
  schemaVersionOf,
  sharesOf,
} from '../../src/lib/library/schema';
import type { SyncLogger } from '../sync/logger';
import { addContributions, emptyContents, type Desired, type ProjectionContents } from './contents';
import { cloneYMap, recordJson } from './copy';

export interface ProjectorOptions {
  withRoom: <T>(room: string, fn: (doc: Y.Doc) => T | Promise<T>) => Promise<T>;
  /** Every room that may hold shares or public assets: team rooms and members' private rooms. */
  sourceRooms: () => string[];
  /** Projection rooms already stored (from earlier runs), to clear what expired meanwhile. */
  storedProjectionRooms: () => string[];
  userExists: (userId: string) => boolean;
  logger: SyncLogger;
  now?: () => Date;
  /** Coalesces bursts of edits into one recompute. */
  debounceMs?: number;
}

interface HeldRoom {
  doc: Y.Doc | null;
  /** Resolves once the room is loaded (or failed to load). */
  loaded: Promise<void>;
  release: () => void;
  done: Promise<void>;
}

const ORIGIN = new LibraryOrigin('projection', 'server');
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Projector {
  readonly #options: ProjectorOptions;
  readonly #now: () => Date;
  readonly #held = new Map<string, HeldRoom>();
  /** Each source room's last computed contribution. */
  readonly #contributions = new Map<string, Desired>();
  readonly #dirtySources = new Set<string>();
  readonly #dirtyTargets = new Set<string>();
  /** What each projection room was last made to hold (see `fingerprint`). */
  readonly #written = new Map<string, string>();
  #debounce: ReturnType<typeof setTimeout> | null = null;
  #expiryTimer: ReturnType<typeof setTimeout> | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;

  constructor(options: ProjectorOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  /** Holds the source rooms and brings every projection room up to date. */
  async start(): Promise<void> {
    for (const room of this.#options.storedProjectionRooms()) this.#dirtyTargets.add(room);
    this.refreshSources();
    // Wait for every source before the first write, so a projection is never emptied just
    // because its source had not loaded yet.
    await Promise.all([...this.#held.values()].map((held) => held.loaded));
    await this.settle();
  }

  /** Call when teams or memberships may have changed: holds new source rooms, drops old ones. */
  refreshSources(): void {
    if (this.#stopped) return;
    const wanted = new Set(this.#options.sourceRooms());
    for (const [name, held] of this.#held) {
      if (wanted.has(name)) continue;
      held.release();
      this.#held.delete(name);
      this.#forget(name);
    }
    for (const name of wanted) if (!this.#held.has(name)) this.#hold(name);
    this.#schedule();
  }

  /** Resolves once every pending change has been written (for start-up and tests). */
  async settle(): Promise<void> {
    if (this.#debounce) {
      clearTimeout(this.#debounce);
      this.#debounce = null;
      await this.#run();
    }
    while (this.#running) await this.#running;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#debounce) clearTimeout(this.#debounce);
    if (this.#expiryTimer) clearTimeout(this.#expiryTimer);
    while (this.#running) await this.#running;
    for (const held of this.#held.values()) held.release();
    await Promise.all([...this.#held.values()].map((held) => held.done));
    this.#held.clear();
  }

  #hold(name: string): void {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let markLoaded!: () => void;
    const loaded = new Promise<void>((resolve) => (markLoaded = resolve));
    const held: HeldRoom = { doc: null, loaded, release, done: Promise.resolve() };
    const markDirty = () => {
      this.#dirtySources.add(name);
      this.#schedule();
    };
    // Only edits of the records projections copy matter (not presence, not collections).
    const onTransaction = (transaction: Y.Transaction, doc: Y.Doc) => {
      const watched = new Set<unknown>([assetsOf(doc), sharesOf(doc), lineageOf(doc)]);
      for (const type of transaction.changed.keys()) if (watched.has(type)) return markDirty();
      for (const type of transaction.changedParentTypes.keys()) {
        if (watched.has(type)) return markDirty();
      }
    };
    held.done = this.#options
      .withRoom(name, async (doc) => {
        held.doc = doc;
        doc.on('afterTransaction', onTransaction);
        markDirty();
        markLoaded();
        await released;
        doc.off('afterTransaction', onTransaction);
      })
      .catch((error: unknown) => {
        this.#options.logger.error({ room: name, err: error }, 'projection source failed');
      })
      .finally(markLoaded);
    this.#held.set(name, held);
  }

  /** A source that is no longer held contributes nothing; its targets must be recomputed. */
  #forget(name: string): void {
    const previous = this.#contributions.get(name);
    this.#contributions.delete(name);
    for (const target of previous?.rooms.keys() ?? []) this.#dirtyTargets.add(target);
  }

  #schedule(): void {
    if (this.#stopped || this.#debounce) return;
    this.#debounce = setTimeout(() => {
      this.#debounce = null;
      void this.#run();
    }, this.#options.debounceMs ?? 50);
  }

  async #run(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#recompute()
      .catch((error: unknown) => {
        this.#options.logger.error({ err: error }, 'projection update failed');
      })
      .finally(() => {
        this.#running = null;
        if (this.#again && !this.#stopped) {
          this.#again = false;
          this.#schedule();
        }
      });
    return this.#running;
  }

  async #recompute(): Promise<void> {
    const now = this.#now();
    const sources = [...this.#dirtySources];
    this.#dirtySources.clear();
    for (const name of sources) {
      const doc = this.#held.get(name)?.doc;
      if (!doc) continue;
      const desired: Desired = { rooms: new Map(), nextExpiry: null };
      addContributions(desired, name, doc, now, this.#options.userExists);
      for (const target of this.#contributions.get(name)?.rooms.keys() ?? []) {
        this.#dirtyTargets.add(target);
      }
      for (const target of desired.rooms.keys()) this.#dirtyTargets.add(target);
      this.#contributions.set(name, desired);
    }
    const targets = [...this.#dirtyTargets];
    this.#dirtyTargets.clear();
    for (const target of targets) {
      if (this.#stopped) return;
      const contents = this.#merged(target);
      // Unchanged content: leave the room alone (no load, no empty transaction).
      const print = fingerprint(contents);
      if (this.#written.get(target) === print) continue;
      await this.#options.withRoom(target, (doc) => reconcile(doc, contents));
      this.#written.set(target, print);
    }
    this.#armExpiryTimer(now);
  }

  #merged(target: string): ProjectionContents {
    const merged = emptyContents();
    for (const contribution of this.#contributions.values()) {
      const part = contribution.rooms.get(target);
      if (!part) continue;
      for (const [id, map] of part.assets) merged.assets.set(id, map);
      for (const [id, map] of part.shares) merged.shares.set(id, map);
      for (const [id, map] of part.lineage) merged.lineage.set(id, map);
    }
    return merged;
  }

  #armExpiryTimer(now: Date): void {
    if (this.#expiryTimer) clearTimeout(this.#expiryTimer);
    this.#expiryTimer = null;
    let next: number | null = null;
    for (const contribution of this.#contributions.values()) {
      if (contribution.nextExpiry !== null && (next === null || contribution.nextExpiry < next)) {
        next = contribution.nextExpiry;
      }
    }
    if (next === null || this.#stopped) return;
    const delay = Math.min(Math.max(next - now.getTime() + 5, 0), MAX_TIMER_MS);
    this.#expiryTimer = setTimeout(() => {
      this.#expiryTimer = null;
      // Only rooms with an expiring share need a look; re-reading them is cheap enough.
      for (const [name, contribution] of this.#contributions) {
        if (contribution.nextExpiry !== null) this.#dirtySources.add(name);
      }
      void this.#run();
    }, delay);
  }
}

function fingerprint(contents: ProjectionContents): string {
  const parts: string[] = [];
  for (const map of [contents.assets, contents.shares, contents.lineage]) {
    for (const id of [...map.keys()].sort()) parts.push(id, recordJson(map.get(id)));
    parts.push('|');
  }
  return parts.join('\n');
}

/** Makes the projection doc hold exactly `contents`, touching only records that differ. */
function reconcile(doc: Y.Doc, contents: ProjectionContents): void {
  doc.transact(() => {
    const maps: [string, Map<string, Y.Map<unknown>>][] = [
      ['assets', contents.assets],
      ['shares', contents.shares],
      ['lineage', contents.lineage],
    ];
    let empty = true;
    for (const [name, wanted] of maps) {
      const target = doc.getMap<unknown>(name);
      for (const key of [...target.keys()]) if (!wanted.has(key)) target.delete(key);
      for (const [key, source] of wanted) {
        empty = false;
        const existing = target.get(key);
        if (existing === undefined || recordJson(existing) !== recordJson(source)) {
          target.set(key, cloneYMap(source));
        }
      }
    }
    if (!empty && schemaVersionOf(doc) !== SCHEMA_VERSION) {
      metaOf(doc).set('schema_version', SCHEMA_VERSION);
    }
  }, ORIGIN);
}
