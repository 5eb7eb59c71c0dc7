import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryPersistence, SqlitePersistence } from '../../../server/persistence';
import { persistenceContract } from './persistence.contract';

function openSqlite(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  return db;
}

persistenceContract('memory', () => ({ persistence: new MemoryPersistence(), dispose: () => {} }), {
  durable: false,
});

persistenceContract(
  'sqlite',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'vl-persistence-'));
    const file = join(dir, 'library.db');
    let db = openSqlite(file);
    return {
      persistence: new SqlitePersistence(db),
      reopen: () => {
        db.close();
        db = openSqlite(file);
        return new SqlitePersistence(db);
      },
      dispose: () => {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  { durable: true },
);

describe('SqlitePersistence', () => {
  it('folds a long log into the snapshot when loading', () => {
    const db = new Database(':memory:');
    const persistence = new SqlitePersistence(db, { compactOnLoadAfter: 5 });
    const doc = new Y.Doc();
    doc.on('update', (update: Uint8Array) => persistence.append('team/a', update));
    for (let i = 0; i < 12; i++) doc.getArray('log').push([i]);
    const rows = () =>
      (db.prepare('SELECT count(*) AS n FROM room_updates').get() as { n: number }).n;
    expect(rows()).toBe(12);
    const first = persistence.load('team/a');
    expect(rows()).toBe(0);
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, persistence.load('team/a')!);
    expect(Y.encodeStateVector(loaded)).toEqual(Y.encodeStateVector(doc));
    expect(loaded.getArray('log').toJSON()).toEqual(doc.getArray('log').toJSON());
    expect(first).not.toBeNull();
    db.close();
  });
});
