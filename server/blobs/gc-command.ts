/**
 * `npm run admin -- blobs gc`: the same collection as the server's timer, from another process on
 * the same data directory. Rooms are read from their SQLite log (a consistent snapshot in WAL
 * mode); uploads in flight in the server are temporary files this never looks at, and blobs
 * younger than `BLOB_GC_GRACE_MS` are kept, so it is safe while the server runs.
 */
import path from 'node:path';
import * as Y from 'yjs';
import type { Db } from '../db/open';
import { SqlitePersistence } from '../persistence';
import { loadBlobConfig } from './config';
import { FsBlobStore } from './fs-store';
import { collectGarbage } from './gc';
import { BlobService } from './service';

export async function collectBlobsCommand(
  db: Db,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ deleted: number; kept: number; deleted_sha256: string[] }> {
  const dataDir = path.dirname(db.name);
  const { gcGraceMs } = loadBlobConfig(env);
  const persistence = new SqlitePersistence(db);
  const blobs = new BlobService({
    db,
    // Not `init()`: the server may be streaming into the temporary folder right now.
    store: new FsBlobStore(path.join(dataDir, 'blobs')),
    views: {
      view: () => Promise.reject(new Error('no live views in the admin command')),
    },
    maxBytes: 0,
  });
  const result = await collectGarbage({
    blobs,
    rooms: () => persistence.rooms(),
    withRoom: async (name, fn) => {
      const doc = new Y.Doc();
      const state = persistence.load(name);
      if (state) Y.applyUpdate(doc, state);
      try {
        return await fn(doc);
      } finally {
        doc.destroy();
      }
    },
    graceMs: gcGraceMs,
  });
  return { deleted: result.deleted.length, kept: result.kept, deleted_sha256: result.deleted };
}
