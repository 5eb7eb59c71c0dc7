/**
 * Opens the one SQLite file of the server (`$DATA_DIR/library.db`). The sync persistence layer
 * shares the same `Database` instance; the admin command opens its own connection to the same file.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrateAccounts } from './schema';

export type Db = Database.Database;

export function openDatabase(file: string): Db {
  // Password hashes and every room live here: readable by the server's user only.
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  if (file !== ':memory:') chmodSync(file, 0o600);
  // WAL lets the admin command write while the server reads; NORMAL is durable across process
  // crashes (kill -9), which is what the write-before-broadcast promise is about.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrateAccounts(db);
  return db;
}

/** Changes whenever another connection (the admin command) commits to the file. */
export function dataVersion(db: Db): number {
  return db.pragma('data_version', { simple: true }) as number;
}
