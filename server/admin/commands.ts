/**
 * The admin commands (team, user, member, token) on the accounts database. The CLI entry is
 * server/admin.ts; tests call {@link runAdmin} directly on the same file.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { LibraryError, invalid } from '../../src/lib/library/errors';
import { parseOrThrow, ROLES } from '../../src/lib/library/records/common';
import { hashPassword } from '../auth/passwords';
import { hashSecret, newSecret } from '../auth/tokens';
import { loadConfig } from '../config';
import {
  audit,
  deleteMembership,
  deleteTokenById,
  deleteTokensOfUser,
  insertTeam,
  insertToken,
  insertUser,
  requireTeam,
  requireUserByUsername,
  upsertMembership,
} from '../db/accounts';
import { openDatabase, type Db } from '../db/open';
import { collectBlobsCommand } from '../blobs/gc-command';
import { errorMessage } from '../http/errors';
import { displayNameSchema, passwordSchema, teamNameSchema, usernameSchema } from '../http/schemas';

const USAGE =
  'team create --name N | user create --username U --password P [--display-name D] | ' +
  'member add --team T --user U --role owner|admin|editor|viewer | member remove --team T --user U | ' +
  'token create --user U [--name N] | token revoke (--token-id ID | --user U) | blobs gc';

type Flags = Partial<Record<string, string>>;
type Result = Record<string, unknown>;

const required = (flags: Flags, name: string): string => {
  const value = flags[name];
  if (value === undefined || value === '') throw invalid(name, 'is required');
  return value;
};

const COMMANDS: Record<string, (db: Db, flags: Flags) => Promise<Result> | Result> = {
  'team create': (db, flags) => {
    const name = parseOrThrow(teamNameSchema, required(flags, 'name'), 'name');
    const team = insertTeam(db, name);
    audit(db, 'admin', 'team.create', { team: team.id, name });
    return { team };
  },

  'user create': async (db, flags) => {
    const username = parseOrThrow(usernameSchema, required(flags, 'username'), 'username');
    const password = parseOrThrow(passwordSchema, required(flags, 'password'), 'password');
    const displayName =
      flags['display-name'] === undefined
        ? username
        : parseOrThrow(displayNameSchema, flags['display-name'], 'display-name');
    const passwordHash = await hashPassword(password);
    const user = insertUser(db, { username, displayName, passwordHash });
    audit(db, 'admin', 'user.create', { user: user.id, username });
    return { user };
  },

  'member add': (db, flags) => {
    const role = parseOrThrow(z.enum(ROLES), required(flags, 'role'), 'role');
    return db
      .transaction(() => {
        const team = requireTeam(db, required(flags, 'team'));
        const user = requireUserByUsername(db, required(flags, 'user'));
        const previous = upsertMembership(db, team.id, user.id, role);
        audit(db, 'admin', 'member.add', { team: team.id, user: user.id, role, previous });
        return { team, user, role, previous_role: previous };
      })
      .immediate();
  },

  'member remove': (db, flags) =>
    db
      .transaction(() => {
        const team = requireTeam(db, required(flags, 'team'));
        const user = requireUserByUsername(db, required(flags, 'user'));
        const role = deleteMembership(db, team.id, user.id);
        audit(db, 'admin', 'member.remove', { team: team.id, user: user.id, role });
        return { team, user, removed_role: role };
      })
      .immediate(),

  'token create': (db, flags) => {
    const user = requireUserByUsername(db, required(flags, 'user'));
    const name = parseOrThrow(z.string().trim().min(1).max(100), flags.name ?? 'api', 'name');
    const token = newSecret();
    const row = insertToken(db, {
      userId: user.id,
      kind: 'api',
      name,
      tokenHash: hashSecret(token),
      expiresAt: null,
    });
    audit(db, 'admin', 'token.create', { user: user.id, token_id: row.id, name });
    return { token, token_id: row.id, name, user };
  },

  'token revoke': (db, flags) => {
    if (flags['token-id'] !== undefined && flags.user !== undefined) {
      throw invalid('token-id', 'give --token-id or --user, not both');
    }
    if (flags['token-id'] !== undefined) {
      const row = deleteTokenById(db, required(flags, 'token-id'));
      audit(db, 'admin', 'token.revoke', { token_id: row.id, user: row.user_id });
      return { revoked: 1, token_id: row.id, user_id: row.user_id };
    }
    if (flags.user === undefined) throw invalid('token-id', 'give --token-id or --user');
    const user = requireUserByUsername(db, required(flags, 'user'));
    // Every session and API token of the user: an operator cutting someone off means all of them.
    const revoked = deleteTokensOfUser(db, user.id);
    audit(db, 'admin', 'token.revoke', { user: user.id, revoked });
    return { revoked, user };
  },

  'blobs gc': (db) => collectBlobsCommand(db),
};

/** Runs one command; resolves to its JSON object, or throws (LibraryError naming the field). */
export async function runAdmin(argv: string[], env: NodeJS.ProcessEnv): Promise<Result> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        ['name', 'username', 'password', 'display-name', 'team', 'user', 'role', 'token-id'].map(
          (name) => [name, { type: 'string' as const }],
        ),
      ),
    });
  } catch (error) {
    throw invalid('arguments', `${(error as Error).message}; usage: ${USAGE}`);
  }
  const command = parsed.positionals.join(' ');
  const run = COMMANDS[command];
  if (!run) throw invalid('command', `unknown command ${JSON.stringify(command)}; usage: ${USAGE}`);
  const config = loadConfig(env);
  const db = openDatabase(config.dbPath);
  try {
    return { success: true, ...(await run(db, parsed.values as Flags)) };
  } finally {
    db.close();
  }
}

/** The one JSON object the command prints for `error`. */
export function adminFailure(error: unknown): { success: false; error: string } {
  const message =
    error instanceof LibraryError
      ? errorMessage(error)
      : error instanceof Error
        ? error.message
        : String(error);
  return { success: false, error: message };
}
