/**
 * Users, teams, memberships and tokens in SQLite. Plain functions over a `Db`, shared by the HTTP
 * routes, access checks and the admin command. Errors are LibraryErrors naming the field.
 */
import { randomBytes } from 'node:crypto';
import { conflict, notFound } from '../../src/lib/library/errors';
import type { Role } from '../../src/lib/library/records/common';
import type { Db } from './open';

export interface User {
  id: string;
  username: string;
  display_name: string;
}

export interface Team {
  id: string;
  name: string;
}

export interface Membership extends Team {
  role: Role;
}

export interface Member extends User {
  role: Role;
}

export interface TokenRow {
  id: string;
  user_id: string;
  kind: 'session' | 'api';
  name: string;
  created_at: string;
  expires_at: string | null;
}

/**
 * Random url-safe ids: they appear in room names (`[A-Za-z0-9_-]{1,64}`). Never starting with `-`
 * or `_`, so an id passed on a command line (`--team <id>`) is never taken for an option.
 */
export function newAccountId(): string {
  for (;;) {
    const id = randomBytes(12).toString('base64url');
    if (/^[A-Za-z0-9]/.test(id)) return id;
  }
}

const nowIso = (): string => new Date().toISOString();

export function countUsers(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
}

export function insertUser(
  db: Db,
  input: { username: string; displayName: string; passwordHash: string },
): User {
  const id = newAccountId();
  try {
    db.prepare(
      'INSERT INTO users (id, username, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)',
    ).run(id, input.username, input.displayName, input.passwordHash, nowIso());
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('username: already taken', 'username');
    throw error;
  }
  return { id, username: input.username, display_name: input.displayName };
}

export function userById(db: Db, id: string): User | null {
  return (
    (db.prepare('SELECT id, username, display_name FROM users WHERE id = ?').get(id) as
      User | undefined) ?? null
  );
}

export function userByUsername(
  db: Db,
  username: string,
): (User & { password_hash: string }) | null {
  return (
    (db
      .prepare('SELECT id, username, display_name, password_hash FROM users WHERE username = ?')
      .get(username) as (User & { password_hash: string }) | undefined) ?? null
  );
}

export function requireUserByUsername(db: Db, username: string, path = 'user'): User {
  const user = userByUsername(db, username);
  if (!user) throw notFound('user', username, path);
  return { id: user.id, username: user.username, display_name: user.display_name };
}

export function insertTeam(db: Db, name: string): Team {
  const id = newAccountId();
  try {
    db.prepare('INSERT INTO teams (id, name, created_at) VALUES (?, ?, ?)').run(id, name, nowIso());
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('name: a team with this name exists', 'name');
    throw error;
  }
  return { id, name };
}

export function teamById(db: Db, id: string): Team | null {
  return (
    (db.prepare('SELECT id, name FROM teams WHERE id = ?').get(id) as Team | undefined) ?? null
  );
}

/** `--team` takes an id or a name; the id wins when both match. */
export function requireTeam(db: Db, idOrName: string, path = 'team'): Team {
  const team =
    teamById(db, idOrName) ??
    (db.prepare('SELECT id, name FROM teams WHERE name = ?').get(idOrName) as Team | undefined);
  if (!team) throw notFound('team', idOrName, path);
  return team;
}

export function roleIn(db: Db, teamId: string, userId: string): Role | null {
  const row = db
    .prepare('SELECT role FROM memberships WHERE team_id = ? AND user_id = ?')
    .get(teamId, userId) as { role: Role } | undefined;
  return row?.role ?? null;
}

/** Adds a member or changes their role; returns the previous role (null when new). */
export function upsertMembership(db: Db, teamId: string, userId: string, role: Role): Role | null {
  const previous = roleIn(db, teamId, userId);
  if (previous === 'owner' && role !== 'owner') assertNotLastOwner(db, teamId, userId);
  db.prepare(
    `INSERT INTO memberships (team_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (team_id, user_id) DO UPDATE SET role = excluded.role`,
  ).run(teamId, userId, role, nowIso());
  return previous;
}

export function deleteMembership(db: Db, teamId: string, userId: string): Role {
  const previous = roleIn(db, teamId, userId);
  if (!previous) throw notFound('membership', userId, 'user');
  if (previous === 'owner') assertNotLastOwner(db, teamId, userId);
  db.prepare('DELETE FROM memberships WHERE team_id = ? AND user_id = ?').run(teamId, userId);
  return previous;
}

function assertNotLastOwner(db: Db, teamId: string, userId: string): void {
  const others = db
    .prepare(
      "SELECT COUNT(*) AS n FROM memberships WHERE team_id = ? AND role = 'owner' AND user_id != ?",
    )
    .get(teamId, userId) as { n: number };
  if (others.n === 0) throw conflict('user: the last owner of a team cannot leave it', 'user');
}

export function teamsOf(db: Db, userId: string): Membership[] {
  return db
    .prepare(
      `SELECT t.id, t.name, m.role FROM memberships m JOIN teams t ON t.id = m.team_id
       WHERE m.user_id = ? ORDER BY t.name`,
    )
    .all(userId) as Membership[];
}

export function allTeamIds(db: Db): string[] {
  return (db.prepare('SELECT id FROM teams').all() as { id: string }[]).map((row) => row.id);
}

export function allMemberships(db: Db): { team_id: string; user_id: string }[] {
  return db.prepare('SELECT team_id, user_id FROM memberships').all() as {
    team_id: string;
    user_id: string;
  }[];
}

export function membersOf(db: Db, teamId: string): Member[] {
  return db
    .prepare(
      `SELECT u.id, u.username, u.display_name, m.role FROM memberships m
       JOIN users u ON u.id = m.user_id WHERE m.team_id = ? ORDER BY u.username`,
    )
    .all(teamId) as Member[];
}

export function insertToken(
  db: Db,
  input: {
    userId: string;
    kind: 'session' | 'api';
    name: string;
    tokenHash: string;
    expiresAt: Date | null;
  },
): TokenRow {
  const row: TokenRow = {
    id: newAccountId(),
    user_id: input.userId,
    kind: input.kind,
    name: input.name,
    created_at: nowIso(),
    expires_at: input.expiresAt?.toISOString() ?? null,
  };
  db.prepare(
    `INSERT INTO tokens (id, user_id, kind, name, token_hash, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(row.id, row.user_id, row.kind, row.name, input.tokenHash, row.created_at, row.expires_at);
  return row;
}

/** The user a live token belongs to, or null (unknown, revoked or expired). */
export function userIdForTokenHash(db: Db, tokenHash: string, now: Date): string | null {
  const row = db
    .prepare('SELECT user_id, expires_at FROM tokens WHERE token_hash = ?')
    .get(tokenHash) as { user_id: string; expires_at: string | null } | undefined;
  if (!row) return null;
  if (row.expires_at !== null && Date.parse(row.expires_at) <= now.getTime()) return null;
  return row.user_id;
}

/** Ends a login session; API tokens are left alone (only the admin command revokes them). */
export function deleteSessionByHash(db: Db, tokenHash: string): boolean {
  return (
    db.prepare("DELETE FROM tokens WHERE token_hash = ? AND kind = 'session'").run(tokenHash)
      .changes > 0
  );
}

export function deleteTokenById(db: Db, id: string): TokenRow {
  const row = db
    .prepare('SELECT id, user_id, kind, name, created_at, expires_at FROM tokens WHERE id = ?')
    .get(id) as TokenRow | undefined;
  if (!row) throw notFound('token', id, 'token-id');
  db.prepare('DELETE FROM tokens WHERE id = ?').run(id);
  return row;
}

/** Revokes every session and API token of a user (signs them out everywhere). */
export function deleteTokensOfUser(db: Db, userId: string): number {
  return db.prepare('DELETE FROM tokens WHERE user_id = ?').run(userId).changes;
}

export function deleteExpiredTokens(db: Db, now: Date): number {
  return db
    .prepare('DELETE FROM tokens WHERE expires_at IS NOT NULL AND expires_at <= ?')
    .run(now.toISOString()).changes;
}

export function audit(db: Db, actor: string | null, action: string, detail: object): void {
  db.prepare('INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)').run(
    nowIso(),
    actor,
    action,
    JSON.stringify(detail),
  );
}

function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    (error as { code: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}
