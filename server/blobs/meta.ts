/**
 * Blob metadata in SQLite (tables `blobs`, `blob_uploads`, `blob_teams`, created by
 * server/db/schema.ts): size, type, when it was first and last uploaded, who uploaded it (an
 * uploader can always read it) and which teams it was uploaded into (only their rooms make it
 * readable to anyone else).
 */
import type { Db } from '../db/open';

export interface BlobRecord {
  sha256: string;
  size: number;
  content_type: string;
  created_at: string;
  last_put_at: string;
}

const WRITER_ROLES = "('owner', 'admin', 'editor')";

export class BlobMeta {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /**
   * Records an upload (first or repeated) by `userId` into `teamIds`; without `teamIds`, into
   * every team where the uploader is a writer now.
   */
  recordUpload(
    blob: { sha256: string; size: number; content_type: string },
    userId: string,
    at: Date,
    teamIds?: readonly string[],
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
      if (teamIds) {
        this.addTeams(blob.sha256, teamIds, at);
      } else {
        this.#db
          .prepare(
            `INSERT OR IGNORE INTO blob_teams (sha256, team_id, added_at)
             SELECT ?, team_id, ? FROM memberships WHERE user_id = ? AND role IN ${WRITER_ROLES}`,
          )
          .run(blob.sha256, now, userId);
      }
    })();
  }

  /** Attributes an existing blob to more teams (uploads, the one-time backfill). */
  addTeams(sha256: string, teamIds: Iterable<string>, at: Date): void {
    const insert = this.#db.prepare(
      `INSERT OR IGNORE INTO blob_teams (sha256, team_id, added_at)
       SELECT sha256, ?, ? FROM blobs WHERE sha256 = ?`,
    );
    for (const teamId of teamIds) insert.run(teamId, at.toISOString(), sha256);
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

  /** The teams the blob was uploaded into. */
  teamsOf(sha256: string): string[] {
    return (
      this.#db
        .prepare('SELECT team_id FROM blob_teams WHERE sha256 = ? ORDER BY team_id')
        .all(sha256) as { team_id: string }[]
    ).map((row) => row.team_id);
  }

  inTeam(sha256: string, teamId: string): boolean {
    return (
      this.#db
        .prepare('SELECT 1 FROM blob_teams WHERE sha256 = ? AND team_id = ?')
        .get(sha256, teamId) !== undefined
    );
  }

  /** Whether blobs stored before team attribution still wait for the room scan. */
  backfillPending(): boolean {
    return this.#db.prepare('SELECT 1 FROM blob_backfill LIMIT 1').get() !== undefined;
  }

  finishBackfill(): void {
    this.#db.prepare('DELETE FROM blob_backfill').run();
  }

  all(): BlobRecord[] {
    return this.#db.prepare('SELECT * FROM blobs ORDER BY sha256').all() as BlobRecord[];
  }

  remove(sha256: string): void {
    this.#db.prepare('DELETE FROM blobs WHERE sha256 = ?').run(sha256);
  }
}
