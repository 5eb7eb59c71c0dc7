/**
 * A server data directory holding one team whose room is a generated library of `assets` clips
 * (`bench/data/generate.ts`), written straight into the server's SQLite persistence as the room's
 * snapshot (the exact state a y-websocket writer would leave, without pushing 184 MB through a
 * socket). Kept under the system temp directory and reused by later runs (BENCH_RESEED=1 redoes it).
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { migrate } from '../../src/lib/library/migrations';
import { SqlitePersistence } from '../../server/persistence';
import { createTeam, PASSWORD, startServer, type TestServer } from '../../tests/e2e/harness';
import { generateLibrary, writeLibrary, type GeneratedLibrary } from '../data/generate';

export const SEED = 1;
export const USERNAME = 'ada';
export { PASSWORD };

export interface SeededLibrary {
  dataDir: string;
  teamId: string;
  assets: number;
  /** Bytes of the room's encoded state. */
  docBytes: number;
  /** Wall time of generating and storing it (0 when reused). */
  seedMs: number;
}

interface Meta {
  teamId: string;
  assets: number;
  docBytes: number;
}

const baseDir = () => process.env.BENCH_DATA_DIR ?? path.join(tmpdir(), 'vl-bench-browser');

/** The generated library with this team id (deterministic per seed and size). */
export function library(assets: number, teamId: string): GeneratedLibrary {
  return generateLibrary({ assets, seed: SEED, teamId });
}

/** Starts the real server on a data directory holding an `assets`-clip library (made if needed). */
export async function seededServer(
  assets: number,
): Promise<{ server: TestServer; seeded: SeededLibrary }> {
  const dataDir = path.join(baseDir(), `library-${assets}-seed${SEED}`);
  const metaFile = path.join(dataDir, 'bench-meta.json');
  if (!process.env.BENCH_RESEED && existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Meta;
    const server = await startServer({ dataDir, timeoutMs: 600_000 });
    return { server, seeded: { dataDir, ...meta, seedMs: 0 } };
  }
  const started = performance.now();
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const server = await startServer({ dataDir, timeoutMs: 600_000 });
  const { teamId } = await createTeam(server, 'Studio', [{ username: USERNAME, role: 'owner' }]);
  await server.stop();

  const doc = new Y.Doc();
  migrate(doc);
  writeLibrary(doc, library(assets, teamId));
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  const db = new Database(path.join(dataDir, 'library.db'));
  try {
    new SqlitePersistence(db).compact(`team/${teamId}`, state);
  } finally {
    db.close();
  }
  const meta: Meta = { teamId, assets, docBytes: state.byteLength };
  writeFileSync(metaFile, JSON.stringify(meta));
  await server.restart();
  return { server, seeded: { dataDir, ...meta, seedMs: performance.now() - started } };
}
