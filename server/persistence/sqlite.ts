import type { Database, Statement } from 'better-sqlite3';
import * as Y from 'yjs';
import type { RoomPersistence } from './types';

export interface SqlitePersistenceOptions {
  /** A load that finds more log rows than this folds them into the snapshot. */
  compactOnLoadAfter?: number;
  /** Clock for `updated_at` (ms since epoch). */
  now?: () => number;
}

/**
 * Rooms in SQLite: an append-only log of updates per room plus one snapshot. Appends are single
 * prepared INSERTs, so with the database in WAL mode a returned `append` survives kill -9.
 * The database is handed in (the server opens it once for accounts and rooms) and stays open on
 * `close()`.
 */
export class SqlitePersistence implements RoomPersistence {
  readonly #db: Database;
  readonly #compactOnLoadAfter: number;
  readonly #now: () => number;
  readonly #insertUpdate: Statement<[string, Uint8Array]>;
  readonly #selectUpdates: Statement<[string], { seq: number; update: Buffer }>;
  readonly #selectSnapshot: Statement<[string], { state: Buffer }>;
  readonly #upsertSnapshot: Statement<[string, Uint8Array, number]>;
  readonly #deleteUpdates: Statement<[string, number]>;
  readonly #deleteAllUpdates: Statement<[string]>;
  readonly #selectRooms: Statement<[], { room: string }>;
  #closed = false;

  constructor(db: Database, options: SqlitePersistenceOptions = {}) {
    this.#db = db;
    this.#compactOnLoadAfter = options.compactOnLoadAfter ?? 200;
    this.#now = options.now ?? Date.now;
    db.exec(`
      CREATE TABLE IF NOT EXISTS room_updates (
        seq INTEGER PRIMARY KEY,
        room TEXT NOT NULL,
        "update" BLOB NOT NULL
      );
      CREATE INDEX IF NOT EXISTS room_updates_room_seq ON room_updates (room, seq);
      CREATE TABLE IF NOT EXISTS room_snapshots (
        room TEXT PRIMARY KEY,
        state BLOB NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `);
    this.#insertUpdate = db.prepare('INSERT INTO room_updates (room, "update") VALUES (?, ?)');
    this.#selectUpdates = db.prepare(
      'SELECT seq, "update" AS "update" FROM room_updates WHERE room = ? ORDER BY seq',
    );
    this.#selectSnapshot = db.prepare('SELECT state FROM room_snapshots WHERE room = ?');
    this.#upsertSnapshot = db.prepare(
      `INSERT INTO room_snapshots (room, state, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (room) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
    );
    this.#deleteUpdates = db.prepare('DELETE FROM room_updates WHERE room = ? AND seq <= ?');
    this.#deleteAllUpdates = db.prepare('DELETE FROM room_updates WHERE room = ?');
    this.#selectRooms = db.prepare(
      'SELECT room FROM room_snapshots UNION SELECT DISTINCT room FROM room_updates ORDER BY room',
    );
  }

  load(room: string): Uint8Array | null {
    // One read transaction so the snapshot and the log are seen at the same instant.
    const read = this.#db.transaction(() => ({
      snapshot: this.#selectSnapshot.get(room)?.state ?? null,
      log: this.#selectUpdates.all(room),
    }));
    const { snapshot, log } = read();
    if (!snapshot && log.length === 0) return null;
    const parts: Uint8Array[] = snapshot ? [snapshot] : [];
    for (const row of log) parts.push(row.update);
    const state = parts.length === 1 ? new Uint8Array(parts[0]!) : Y.mergeUpdates(parts);
    if (!this.#closed && log.length > this.#compactOnLoadAfter) {
      const lastSeq = log[log.length - 1]!.seq;
      this.#db.transaction(() => {
        this.#upsertSnapshot.run(room, state, this.#now());
        this.#deleteUpdates.run(room, lastSeq);
      })();
    }
    return state;
  }

  append(room: string, update: Uint8Array): void {
    this.#assertOpen();
    this.#insertUpdate.run(room, update);
  }

  appendMany(room: string, updates: readonly Uint8Array[]): void {
    this.#assertOpen();
    this.#db.transaction(() => {
      for (const update of updates) this.#insertUpdate.run(room, update);
    })();
  }

  compact(room: string, state: Uint8Array): void {
    this.#assertOpen();
    this.#db.transaction(() => {
      this.#upsertSnapshot.run(room, state, this.#now());
      this.#deleteAllUpdates.run(room);
    })();
  }

  rooms(): string[] {
    return this.#selectRooms.all().map((row) => row.room);
  }

  close(): void {
    this.#closed = true;
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('room persistence is closed');
  }
}
