/**
 * Keeps the server-written projection rooms (`shared/<userId>`, `public/<teamId>`) equal to what
 * the source rooms (`team/<t>`, `private/<t>/<u>`) call for, without keeping any room loaded: the
 * sync server reports every transaction of a loaded room (`observe`), a change to a source's
 * assets, shares, lineage or tombstones marks it dirty, and a recompute loads it for a moment
 * (`withRoom`), keeps what it contributes as detached snapshots, and rewrites only the projection
 * rooms it touches, record by record. Rooms nobody else uses are then unloaded by the sync server.
 *
 * Purge tombstones hide a record wherever a stale copy survives: an id tombstoned in its source
 * room, or in the team room of the source's team, is left out of every projection (a tombstone in
 * someone's private room hides only that room's copies). A timer fires at the next share expiry,
 * so an expired share disappears at `expires_at` without any edit.
 */
import type * as Y from 'yjs';
import { LibraryOrigin } from '../../src/lib/library/context';
import { readTombstone } from '../../src/lib/library/records/tombstone';
import { parseRoomName, teamRoom } from '../../src/lib/library/rooms';
import {
  assetsOf,
  lineageOf,
  metaOf,
  SCHEMA_VERSION,
  schemaVersionOf,
  sharesOf,
  tombstonesOf,
} from '../../src/lib/library/schema';
import type { SyncLogger } from '../sync/logger';
import { addContributions, type Desired, type ProjectionContents } from './contents';
import { buildYMap, recordJson, recordSnapshot, type RecordSnapshot } from './copy';

export interface ProjectorOptions {
  withRoom: <T>(room: string, fn: (doc: Y.Doc) => T | Promise<T>) => Promise<T>;
  /** Every transaction of every loaded room (the sync server's `observe`); returns a stop. */
  observe: (listener: (room: string, doc: Y.Doc, transaction: Y.Transaction) => void) => () => void;
  /** Every room that may hold shares or public assets: team rooms and members' private rooms. */
  sourceRooms: () => string[];
  /** Projection rooms already stored (from earlier runs), to clear what expired meanwhile. */
  storedProjectionRooms: () => string[];
  /**
   * Every room stored; a new source that is not (a member's private room nobody wrote yet) holds
   * nothing and is not loaded. Without it every new source is loaded once.
   */
  storedRooms?: () => string[];
  userExists: (userId: string) => boolean;
  logger: SyncLogger;
  now?: () => Date;
  /** Coalesces bursts of edits into one recompute. */
  debounceMs?: number;
}

/** What one source puts into one projection room, detached from the source doc. */
interface Part {
  assets: Map<string, RecordSnapshot>;
  shares: Map<string, RecordSnapshot & { assetId: string }>;
  lineage: Map<string, RecordSnapshot & { childId: string }>;
}

interface Contribution {
  rooms: Map<string, Part>;
  /** The next instant an active share of this source expires (ms since epoch), or null. */
  nextExpiry: number | null;
  /** Ids with a purge tombstone in this source room. */
  tombstones: Set<string>;
}

const emptyPart = (): Part => ({ assets: new Map(), shares: new Map(), lineage: new Map() });
const emptyContribution = (): Contribution => ({
  rooms: new Map(),
  nextExpiry: null,
  tombstones: new Set(),
});

const ORIGIN = new LibraryOrigin('projection', 'server');
const MAX_TIMER_MS = 2 ** 31 - 1;

function teamOf(source: string): string | null {
  try {
    const room = parseRoomName(source);
    return room.kind === 'shared' ? null : room.teamId;
  } catch {
    return null;
  }
}

function partOf(contents: ProjectionContents): Part {
  const part = emptyPart();
  for (const [id, map] of contents.assets) part.assets.set(id, recordSnapshot(map));
  for (const [id, map] of contents.shares) {
    part.shares.set(id, { ...recordSnapshot(map), assetId: String(map.get('asset_id')) });
  }
  for (const [id, map] of contents.lineage) {
    part.lineage.set(id, { ...recordSnapshot(map), childId: String(map.get('child_id')) });
  }
  return part;
}

function tombstonesIn(doc: Y.Doc): Set<string> {
  const ids = new Set<string>();
  for (const [id, value] of tombstonesOf(doc).entries()) {
    const stone = readTombstone(value);
    if (stone.ok && stone.value.id === id) ids.add(id);
  }
  return ids;
}

const sameSet = (a: ReadonlySet<string> | undefined, b: ReadonlySet<string>): boolean =>
  (a?.size ?? 0) === b.size && [...b].every((id) => a?.has(id));

export class Projector {
  readonly #options: ProjectorOptions;
  readonly #now: () => Date;
  /** The source rooms wanted now (from the accounts). */
  readonly #sources = new Set<string>();
  /** Each source room's last computed contribution. */
  readonly #contributions = new Map<string, Contribution>();
  readonly #dirtySources = new Set<string>();
  /** Sources never read and never changed since: only these may be skipped when not stored. */
  readonly #unread = new Set<string>();
  readonly #dirtyTargets = new Set<string>();
  /** What each projection room was last made to hold (see `fingerprint`). */
  readonly #written = new Map<string, string>();
  readonly #started: Promise<void>;
  #markStarted!: () => void;
  #unobserve: (() => void) | null = null;
  #debounce: ReturnType<typeof setTimeout> | null = null;
  #expiryTimer: ReturnType<typeof setTimeout> | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;

  constructor(options: ProjectorOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.#started = new Promise((resolve) => (this.#markStarted = resolve));
  }

  /** Reads every source once and brings every projection room up to date. */
  async start(): Promise<void> {
    this.#unobserve = this.#options.observe(this.#onTransaction);
    for (const room of this.#options.storedProjectionRooms()) this.#dirtyTargets.add(room);
    this.refreshSources();
    try {
      // One run reads every source before writing any projection, so a projection is never
      // emptied just because its source had not been read yet.
      await this.settle();
    } finally {
      this.#markStarted();
    }
  }

  /** Call when teams or memberships may have changed: reads new source rooms, drops old ones. */
  refreshSources(): void {
    if (this.#stopped) return;
    const wanted = new Set(this.#options.sourceRooms());
    for (const name of [...this.#sources]) {
      if (wanted.has(name)) continue;
      this.#sources.delete(name);
      this.#dirtySources.delete(name);
      this.#unread.delete(name);
      this.#forget(name);
    }
    for (const name of wanted) {
      if (this.#sources.has(name)) continue;
      this.#sources.add(name);
      this.#dirtySources.add(name);
      this.#unread.add(name);
    }
    this.#schedule();
  }

  /**
   * The source rooms whose copy of `assetId` the projection room `target` holds (waits for the
   * first run after start): which team a `shared/<user>` copy really comes from.
   */
  async sourcesOf(target: string, assetId: string): Promise<string[]> {
    await this.#started;
    const sources: string[] = [];
    for (const [source, contribution] of this.#contributions) {
      const part = contribution.rooms.get(target);
      if (part?.assets.has(assetId) && !this.#isTombstoned(source, assetId)) sources.push(source);
    }
    return sources;
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
    this.#unobserve?.();
    if (this.#debounce) clearTimeout(this.#debounce);
    if (this.#expiryTimer) clearTimeout(this.#expiryTimer);
    while (this.#running) await this.#running;
    this.#markStarted();
  }

  /** Only edits of the records projections copy or hide matter (not presence, not collections). */
  readonly #onTransaction = (room: string, doc: Y.Doc, transaction: Y.Transaction): void => {
    if (this.#stopped || !this.#sources.has(room)) return;
    const watched = new Set<unknown>([
      assetsOf(doc),
      sharesOf(doc),
      lineageOf(doc),
      tombstonesOf(doc),
    ]);
    const touches =
      [...transaction.changed.keys()].some((type) => watched.has(type)) ||
      [...transaction.changedParentTypes.keys()].some((type) => watched.has(type));
    if (!touches) return;
    this.#unread.delete(room);
    this.#dirtySources.add(room);
    this.#schedule();
  };

  /** A source that is no longer read contributes nothing; its targets must be recomputed. */
  #forget(name: string): void {
    const previous = this.#contributions.get(name);
    this.#contributions.delete(name);
    for (const target of previous?.rooms.keys() ?? []) this.#dirtyTargets.add(target);
    if (previous && previous.tombstones.size > 0) this.#dirtyTeam(name);
  }

  /** Every projection a room of `source`'s team feeds (its team tombstones changed). */
  #dirtyTeam(source: string): void {
    const team = teamOf(source);
    if (team === null) return;
    for (const [name, contribution] of this.#contributions) {
      if (teamOf(name) !== team) continue;
      for (const target of contribution.rooms.keys()) this.#dirtyTargets.add(target);
    }
  }

  #isTombstoned(source: string, id: string): boolean {
    if (this.#contributions.get(source)?.tombstones.has(id)) return true;
    const team = teamOf(source);
    return team !== null && (this.#contributions.get(teamRoom(team))?.tombstones.has(id) ?? false);
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

  /** Loads `name` for a moment and detaches what it contributes. */
  async #read(name: string, now: Date): Promise<Contribution> {
    return this.#options.withRoom(name, (doc) => {
      const desired: Desired = { rooms: new Map(), nextExpiry: null };
      addContributions(desired, name, doc, now, this.#options.userExists);
      const rooms = new Map<string, Part>();
      for (const [target, contents] of desired.rooms) rooms.set(target, partOf(contents));
      return { rooms, nextExpiry: desired.nextExpiry, tombstones: tombstonesIn(doc) };
    });
  }

  async #recompute(): Promise<void> {
    const now = this.#now();
    const sources = [...this.#dirtySources];
    this.#dirtySources.clear();
    const stored =
      this.#options.storedRooms && sources.some((name) => this.#unread.has(name))
        ? new Set(this.#options.storedRooms())
        : null;
    for (const name of sources) {
      if (this.#stopped) return;
      if (!this.#sources.has(name)) continue;
      const skip = stored !== null && this.#unread.has(name) && !stored.has(name);
      this.#unread.delete(name);
      let next: Contribution;
      try {
        next = skip ? emptyContribution() : await this.#read(name, now);
      } catch (error) {
        this.#options.logger.error({ room: name, err: error }, 'projection source failed');
        continue;
      }
      // Dropped while it was being read.
      if (!this.#sources.has(name)) continue;
      const previous = this.#contributions.get(name);
      for (const target of previous?.rooms.keys() ?? []) this.#dirtyTargets.add(target);
      for (const target of next.rooms.keys()) this.#dirtyTargets.add(target);
      this.#contributions.set(name, next);
      if (!sameSet(previous?.tombstones, next.tombstones)) {
        if (parseRoomName(name).kind === 'team') this.#dirtyTeam(name);
      }
    }
    const targets = [...this.#dirtyTargets];
    this.#dirtyTargets.clear();
    for (const target of targets) {
      if (this.#stopped) return;
      const part = this.#merged(target);
      // Unchanged content: leave the room alone (no load, no empty transaction).
      const print = fingerprint(part);
      if (this.#written.get(target) === print) continue;
      await this.#options.withRoom(target, (doc) => reconcile(doc, part));
      this.#written.set(target, print);
    }
    this.#armExpiryTimer(now);
  }

  #merged(target: string): Part {
    const merged = emptyPart();
    for (const [source, contribution] of this.#contributions) {
      const part = contribution.rooms.get(target);
      if (!part) continue;
      const gone = (id: string) => this.#isTombstoned(source, id);
      for (const [id, snap] of part.assets) if (!gone(id)) merged.assets.set(id, snap);
      for (const [id, snap] of part.shares) if (!gone(snap.assetId)) merged.shares.set(id, snap);
      for (const [id, snap] of part.lineage) {
        if (!gone(snap.childId)) merged.lineage.set(id, snap);
      }
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
    this.#expiryTimer.unref?.();
  }
}

function fingerprint(part: Part): string {
  const parts: string[] = [];
  for (const map of [part.assets, part.shares, part.lineage] as Map<string, RecordSnapshot>[]) {
    for (const id of [...map.keys()].sort()) parts.push(id, map.get(id)!.json);
    parts.push('|');
  }
  return parts.join('\n');
}

/** Makes the projection doc hold exactly `part`, touching only records that differ. */
function reconcile(doc: Y.Doc, part: Part): void {
  doc.transact(() => {
    const maps: [string, Map<string, RecordSnapshot>][] = [
      ['assets', part.assets],
      ['shares', part.shares],
      ['lineage', part.lineage],
    ];
    let empty = true;
    for (const [name, wanted] of maps) {
      const target = doc.getMap<unknown>(name);
      for (const key of [...target.keys()]) if (!wanted.has(key)) target.delete(key);
      for (const [key, snap] of wanted) {
        empty = false;
        const existing = target.get(key);
        if (existing === undefined || recordJson(existing) !== snap.json) {
          target.set(key, buildYMap(snap.map));
        }
      }
    }
    if (!empty && schemaVersionOf(doc) !== SCHEMA_VERSION) {
      metaOf(doc).set('schema_version', SCHEMA_VERSION);
    }
  }, ORIGIN);
}
