/**
 * Garbage collection of blobs no asset references any more (after the trash is emptied, or an
 * upload never referenced). Safe against uploads in flight: bytes being received live in temporary
 * files GC never looks at; a blob committed or re-uploaded within `graceMs` is kept (the browser
 * uploads the bytes first and references them right after); and the final check and delete run
 * under the blob's lock, which a committing upload of the same bytes also takes.
 */
import type * as Y from 'yjs';
import { blobRefsOf } from './refs';
import type { BlobService } from './service';

export interface GcDeps {
  blobs: BlobService;
  /** Every room name that exists. */
  rooms: () => string[];
  withRoom: <T>(name: string, fn: (doc: Y.Doc) => T | Promise<T>) => Promise<T>;
  graceMs: number;
  now?: () => Date;
}

export interface GcResult {
  deleted: string[];
  kept: number;
}

export async function collectGarbage(deps: GcDeps): Promise<GcResult> {
  const { blobs } = deps;
  const now = deps.now ?? (() => new Date());
  const referenced = new Set<string>();
  for (const name of deps.rooms()) {
    await deps.withRoom(name, (doc) => {
      for (const sha of blobRefsOf(doc).shas()) referenced.add(sha);
    });
  }
  const cutoff = () => now().getTime() - deps.graceMs;
  const deleted: string[] = [];
  let kept = 0;
  const collectible = (sha: string, lastPut: number): boolean =>
    !referenced.has(sha) && lastPut <= cutoff();

  for (const record of blobs.meta.all()) {
    if (!collectible(record.sha256, Date.parse(record.last_put_at))) {
      kept++;
      continue;
    }
    const gone = await blobs.exclusive(record.sha256, async () => {
      const fresh = blobs.meta.get(record.sha256);
      if (fresh && !collectible(record.sha256, Date.parse(fresh.last_put_at))) return false;
      blobs.meta.remove(record.sha256);
      await blobs.store.delete(record.sha256);
      return true;
    });
    if (gone) deleted.push(record.sha256);
    else kept++;
  }
  // Files without a metadata row: a crash between the rename and the row.
  for await (const stat of blobs.store.list()) {
    if (blobs.meta.get(stat.sha256) || !collectible(stat.sha256, stat.modifiedAt.getTime())) {
      continue;
    }
    const gone = await blobs.exclusive(stat.sha256, async () =>
      blobs.meta.get(stat.sha256) ? false : blobs.store.delete(stat.sha256),
    );
    if (gone) deleted.push(stat.sha256);
  }
  return { deleted, kept };
}
