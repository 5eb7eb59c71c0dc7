/**
 * Blob metadata in SQLite (tables `blobs`, `blob_uploads`, created by server/db/schema.ts): size,
 * type, when it was first and last uploaded, and who uploaded it (an uploader can always read it).
 */
import type { Db } from '../db/open';

export interface BlobRecord {
  sha256: string;
  size: number;
  content_type: string;
  created_at: string;
  last_put_at: string;
}

export class BlobMeta {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Records an upload (first or repeated) by `userId`. */
  recordUpload(
    blob: { sha256: string; size: number; content_type: string },
    userId: string,
    at: Date,
  ): void {
    const now = at.toISOString();
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO blobs (sha256, size, content_type, created_at, last_put_at)
           VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(sha256) DO UPDATE SET last_put_at = excluded.last_put_at`,
        )
        .run(blob.sha256, blob.size, blob.content_type, now, now);
      this.#db
        .prepare(
          `INSERT INTO blob_uploads (sha256, user_id, uploaded_at) VALUES (?, ?, ?)
           ON CONFLICT(sha256, user_id) DO UPDATE SET uploaded_at = excluded.uploaded_at`,
        )
        .run(blob.sha256, userId, now);
    })();
  }

  get(sha256: string): BlobRecord | null {
    return (
      (this.#db.prepare('SELECT * FROM blobs WHERE sha256 = ?').get(sha256) as BlobRecord) ?? null
    );
  }

  isUploader(sha256: string, userId: string): boolean {
    return (
      this.#db
        .prepare('SELECT 1 FROM blob_uploads WHERE sha256 = ? AND user_id = ?')
        .get(sha256, userId) !== undefined
    );
  }

  all(): BlobRecord[] {
    return this.#db.prepare('SELECT * FROM blobs ORDER BY sha256').all() as BlobRecord[];
  }

  remove(sha256: string): void {
    this.#db.prepare('DELETE FROM blobs WHERE sha256 = ?').run(sha256);
  }
}
