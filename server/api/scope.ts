/**
 * Who is calling and which rooms their request sees: the caller's team (from `team_id`, or their
 * only team), their library rooms for that team (`team/T` writable unless viewer, `private/T/U`,
 * `shared/U` read-only) and the LibraryContext the core runs on.
 *
 * Reads use the cached live views (views.ts). Writes load their rooms through `sync.withRoom`, so
 * the change is persisted and broadcast exactly like a browser's update, and the sync server
 * reports a room that could not be saved.
 */
import type { Context } from 'hono';
import type * as Y from 'yjs';
import type { Actor, LibraryContext, LibraryRoom } from '../../src/lib/library/context';
import { forbidden, invalid } from '../../src/lib/library/errors';
import { idSchema, type Role } from '../../src/lib/library/records/common';
import { parseRoomName, privateRoom, sharedRoom, teamRoom } from '../../src/lib/library/rooms';
import { ROLE_CAN_WRITE } from '../../src/lib/library/context';
import { teamsOf, type Membership } from '../db/accounts';
import type { Db } from '../db/open';
import type { AppEnv } from '../http/context';
import { unauthorized } from '../http/errors';
import type { SyncServer } from '../sync';
import type { LibraryView, LibraryViews } from './views';

export interface Caller {
  userId: string;
  /** The caller's teams with their roles, read once per request. */
  teams: Membership[];
}

export interface RoomSpec {
  name: string;
  writable: boolean;
}

/** The team a request acts in (null: the caller is in no team, only shared assets are theirs). */
export interface Scope {
  caller: Caller;
  teamId: string | null;
  role: Role | null;
}

export interface ScopeDeps {
  db: Db;
  sync: Pick<SyncServer, 'withRoom'>;
  views: LibraryViews;
  now?: () => Date;
}

export function callerOf(c: Context<AppEnv>, db: Db): Caller {
  const principal = c.get('principal');
  if (!principal) throw unauthorized();
  return { userId: principal.userId, teams: teamsOf(db, principal.userId) };
}

/**
 * The team named by `team_id` (a team of the caller, 403 otherwise), or the caller's only team
 * when it is absent (400 when they have several, 403 when none).
 */
export function resolveTeam(caller: Caller, raw: unknown, path = 'team_id'): Scope {
  if (raw === undefined || raw === null || raw === '') {
    if (caller.teams.length === 1) return scopeOf(caller, caller.teams[0]!.id);
    if (caller.teams.length === 0) throw forbidden(`${path}: you are not in any team`, path);
    throw invalid(path, 'required: you belong to several teams');
  }
  const parsed = idSchema.safeParse(raw);
  if (!parsed.success) throw invalid(path, 'must be a team id');
  if (!caller.teams.some((team) => team.id === parsed.data)) {
    throw forbidden(`${path}: you are not a member of team ${JSON.stringify(parsed.data)}`, path);
  }
  return scopeOf(caller, parsed.data);
}

/** The scope of `teamId` for the caller: their role there, or null when not a member. */
export function scopeOf(caller: Caller, teamId: string | null): Scope {
  const role = caller.teams.find((team) => team.id === teamId)?.role ?? null;
  return { caller, teamId: role ? teamId : null, role };
}

/** The caller's library rooms in a scope. */
export function roomsOf(scope: Scope): RoomSpec[] {
  const me = scope.caller.userId;
  if (scope.teamId === null || scope.role === null) {
    return [{ name: sharedRoom(me), writable: false }];
  }
  return [
    { name: teamRoom(scope.teamId), writable: ROLE_CAN_WRITE[scope.role] },
    { name: privateRoom(scope.teamId, me), writable: true },
    { name: sharedRoom(me), writable: false },
  ];
}

export function actorOf(scope: Scope, teamId = scope.teamId): Actor {
  // Someone outside every team still acts in the asset's team, with no role: only grants count.
  return { userId: scope.caller.userId, teamId: teamId ?? '-', role: scope.role };
}

export function contextOf(
  actor: Actor,
  specs: readonly RoomSpec[],
  docs: ReadonlyMap<string, Y.Doc>,
  now: () => Date,
): LibraryContext {
  const rooms: LibraryRoom[] = specs.map((spec) => ({
    name: spec.name,
    kind: parseRoomName(spec.name).kind,
    doc: docs.get(spec.name)!,
    writable: spec.writable,
  }));
  return { actor, rooms, now };
}

export interface ReadScope {
  scope: Scope;
  view: LibraryView;
  /** For the core's finders (`findAsset`, `findShare`); never written. */
  ctx: LibraryContext;
}

export class Scopes {
  readonly #deps: ScopeDeps;
  readonly now: () => Date;

  constructor(deps: ScopeDeps) {
    this.#deps = deps;
    this.now = deps.now ?? (() => new Date());
  }

  get db(): Db {
    return this.#deps.db;
  }

  /** The live view of the caller's rooms in `scope`. */
  async read(scope: Scope): Promise<ReadScope> {
    const specs = roomsOf(scope);
    const view = await this.#deps.views.view(specs.map((spec) => spec.name));
    const ctx = contextOf(
      actorOf(scope),
      specs.map((spec) => ({ ...spec, writable: false })),
      view.docs,
      this.now,
    );
    return { scope, view, ctx };
  }

  /**
   * The first of the caller's teams whose library holds what `has` looks for (the explicit
   * `team_id` when given); else their only or first team, where the core will answer NOT_FOUND.
   */
  async find(
    caller: Caller,
    explicitTeam: unknown,
    has: (read: ReadScope) => boolean,
  ): Promise<ReadScope> {
    if (explicitTeam !== undefined && explicitTeam !== null && explicitTeam !== '') {
      return this.read(resolveTeam(caller, explicitTeam));
    }
    let first: ReadScope | undefined;
    for (const team of caller.teams) {
      const read = await this.read(scopeOf(caller, team.id));
      if (has(read)) return read;
      first ??= read;
    }
    if (first) return first;
    return this.read(scopeOf(caller, null));
  }

  /**
   * Runs `fn` on a context over `specs`, every room loaded through `sync.withRoom` for the call,
   * so what `fn` writes is persisted then broadcast. `prepare` may adjust the rooms once they are
   * loaded (grant checks read the live docs), synchronously before `fn`.
   */
  async write<T>(
    actor: Actor,
    specs: readonly RoomSpec[],
    fn: (ctx: LibraryContext) => T,
    prepare?: (specs: RoomSpec[], docs: ReadonlyMap<string, Y.Doc>) => RoomSpec[],
  ): Promise<T> {
    const unique = [...new Map(specs.map((spec) => [spec.name, spec])).values()];
    const docs = new Map<string, Y.Doc>();
    const step = async (i: number): Promise<T> => {
      if (i === unique.length) {
        const rooms = prepare ? prepare(unique, docs) : unique;
        return fn(contextOf(actor, rooms, docs, this.now));
      }
      const name = unique[i]!.name;
      return this.#deps.sync.withRoom(name, (doc) => {
        docs.set(name, doc);
        return step(i + 1);
      });
    };
    return step(0);
  }
}
