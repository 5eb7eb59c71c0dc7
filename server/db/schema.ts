/**
 * Accounts schema: users, teams, memberships, tokens (sessions and API tokens) and the audit log.
 * Ordered migrations tracked in their own table, so the room persistence layer may version its
 * tables independently in the same file.
 */
import type Database from 'better-sqlite3';

const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE teams (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at TEXT NOT NULL
  );
  CREATE TABLE memberships (
    team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'editor', 'viewer')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (team_id, user_id)
  );
  CREATE INDEX memberships_by_user ON memberships(user_id);
  -- Sessions (from login) and API tokens (from the admin command); only a SHA-256 of the secret.
  CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('session', 'api')),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT
  );
  CREATE INDEX tokens_by_user ON tokens(user_id);
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
  );
  `,
  // Blob metadata (server/blobs): the bytes live in files named by their SHA-256.
  `
  CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_put_at TEXT NOT NULL
  );
  CREATE TABLE blob_uploads (
    sha256 TEXT NOT NULL REFERENCES blobs(sha256) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    PRIMARY KEY (sha256, user_id)
  );
  CREATE INDEX blob_uploads_by_user ON blob_uploads(user_id);
  `,
  // Which teams each blob was uploaded into: a blob is readable only through the rooms of those
  // teams, so knowing a hash and writing it into an asset grants nothing. Blobs stored before
  // this: their uploaders' writer teams now, and, once at the next start (server/blobs/
  // attribution.ts, while `blob_backfill` holds a row), every team whose rooms reference them.
  `
  CREATE TABLE blob_teams (
    sha256 TEXT NOT NULL REFERENCES blobs(sha256) ON DELETE CASCADE,
    team_id TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (sha256, team_id)
  );
  CREATE INDEX blob_teams_by_team ON blob_teams(team_id);
  INSERT OR IGNORE INTO blob_teams (sha256, team_id, added_at)
    SELECT u.sha256, m.team_id, u.uploaded_at
    FROM blob_uploads u JOIN memberships m ON m.user_id = u.user_id
    WHERE m.role IN ('owner', 'admin', 'editor');
  CREATE TABLE blob_backfill (pending INTEGER NOT NULL);
  INSERT INTO blob_backfill (pending) SELECT 1 WHERE EXISTS (SELECT 1 FROM blobs);
  `,
];

export function migrateAccounts(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS accounts_migrations (
    version INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL
  )`);
  const apply = db.transaction(() => {
    const row = db.prepare('SELECT MAX(version) AS v FROM accounts_migrations').get() as {
      v: number | null;
    };
    const current = row.v ?? 0;
    MIGRATIONS.forEach((sql, index) => {
      const version = index + 1;
      if (version <= current) return;
      db.exec(sql);
      db.prepare('INSERT INTO accounts_migrations (version, applied_at) VALUES (?, ?)').run(
        version,
        new Date().toISOString(),
      );
    });
  });
  // IMMEDIATE: two processes starting at once must not both apply a migration.
  apply.immediate();
}
