/**
 * Where records live and who may change them: the one place for both. Every operation locates its
 * record with these finders and asks these rules before it writes, so a refusal always happens
 * before the transaction and leaves the doc untouched.
 *
 * Rules (docs/schema.md, "Permissions"):
 * - viewers and people without a team role write nothing, except what an active VideoShare grant
 *   allows on that one asset (`edit`: its fields; `admin`: also sharing and share level);
 * - editors, admins and owners create, edit team assets and collections, curate items, duplicate
 *   and remix;
 * - share level, can_duplicate / can_remix, sharing, revoking and purging belong to the asset's
 *   creator, team admins and owners, and `admin` grantees.
 *
 * A room marked read-only in the context is never written, whatever the role: the server drops
 * such updates anyway. A server applying a grantee's edit through the REST API hands in the room as
 * writable and these rules still confine the grantee to the granted asset.
 */
import type * as Y from 'yjs';
import { LibraryError, forbidden, notFound } from './errors';
import {
  ROLE_CAN_MANAGE,
  ROLE_CAN_WRITE,
  type Actor,
  type LibraryContext,
  type LibraryRoom,
} from './context';
import { assetsOf, collectionsOf, sharesOf, tombstonesOf } from './schema';
import { readTombstone } from './records/tombstone';
import { readAsset, type VideoAsset } from './records/asset';
import { readCollection, type VideoCollection } from './records/collection';
import { isShareActive, readShare, type Permission, type VideoShare } from './records/share';
import type { ShareLevel } from './records/common';
import { parseRoomName, privateRoom, teamRoom } from './rooms';

/** A record found in one of the context's rooms: the room, its live Y.Map and its validated value. */
export interface Located<T> {
  room: LibraryRoom;
  map: Y.Map<unknown>;
  record: T;
}

/**
 * When one id sits in several rooms (a team asset and the server's copy in `shared/<userId>`, or
 * both ends of an interrupted move), writes go to the same record queries show
 * (live/records-by-room.ts): by room kind, then room name.
 */
const ROOM_PREFERENCE: Record<LibraryRoom['kind'], number> = {
  team: 0,
  private: 1,
  shared: 2,
  public: 3,
};

function roomRank(a: LibraryRoom, b: LibraryRoom): number {
  return (
    ROOM_PREFERENCE[a.kind] - ROOM_PREFERENCE[b.kind] ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
}

/** The room kind an asset at this share level belongs in. */
export function roomKindFor(level: ShareLevel): 'team' | 'private' {
  return level === 'private' ? 'private' : 'team';
}

/**
 * Whether a purge tombstone for `id` sits in any room of the context: the asset or collection is
 * gone for good, whatever stale copy a room still holds (records/tombstone.ts).
 */
export function isTombstoned(ctx: LibraryContext, id: string): boolean {
  return ctx.rooms.some((room) => {
    const result = readTombstone(tombstonesOf(room.doc).get(id));
    return result.ok && result.value.id === id;
  });
}

function locate<T>(
  ctx: LibraryContext,
  id: string,
  mapOf: (doc: Y.Doc) => Y.Map<unknown>,
  read: (value: unknown) => { ok: true; value: T } | { ok: false },
): Located<T> | undefined {
  if (mapOf !== sharesOf && isTombstoned(ctx, id)) return undefined;
  let best: Located<T> | undefined;
  for (const room of ctx.rooms) {
    const map = mapOf(room.doc).get(id);
    const result = read(map);
    if (!result.ok) continue;
    if (!best || roomRank(room, best.room) < 0) {
      best = { room, map: map as Y.Map<unknown>, record: result.value };
    }
  }
  return best;
}

/**
 * Finds an asset in any room of the context (trashed ones included). Throws NOT_FOUND naming
 * `path`.
 */
export function findAsset(ctx: LibraryContext, id: string, path = 'asset_id'): Located<VideoAsset> {
  const found = locate(ctx, id, assetsOf, readAsset);
  if (!found) throw notFound('asset', id, path);
  return found;
}

/** Like {@link findAsset}, but an asset in the trash counts as missing (NOT_FOUND, "in the trash"). */
export function findLiveAsset(
  ctx: LibraryContext,
  id: string,
  path = 'asset_id',
): Located<VideoAsset> {
  const found = findAsset(ctx, id, path);
  if (found.record.trashed_at !== null) {
    throw new LibraryError('NOT_FOUND', `asset ${JSON.stringify(id)} is in the trash`, path);
  }
  return found;
}

/** Finds a collection in any room of the context; NOT_FOUND naming `path`. */
export function findCollection(
  ctx: LibraryContext,
  id: string,
  path = 'collection_id',
): Located<VideoCollection> {
  const found = locate(ctx, id, collectionsOf, readCollection);
  if (!found) throw notFound('collection', id, path);
  return found;
}

/**
 * Like {@link findCollection}, but a collection in the trash counts as missing (NOT_FOUND, "in
 * the trash"): it is edited and curated only after a restore.
 */
export function findLiveCollection(
  ctx: LibraryContext,
  id: string,
  path = 'collection_id',
): Located<VideoCollection> {
  const found = findCollection(ctx, id, path);
  if (found.record.trashed_at !== null) {
    throw new LibraryError('NOT_FOUND', `collection ${JSON.stringify(id)} is in the trash`, path);
  }
  return found;
}

/** Finds a share in any room of the context; NOT_FOUND naming `path`. */
export function findShare(ctx: LibraryContext, id: string, path = 'share_id'): Located<VideoShare> {
  const found = locate(ctx, id, sharesOf, readShare);
  if (!found) throw notFound('share', id, path);
  return found;
}

/** The context's room with this name, if the actor has it. */
export function roomNamed(ctx: LibraryContext, name: string): LibraryRoom | undefined {
  return ctx.rooms.find((room) => room.name === name);
}

/**
 * The room a record at `level` goes to: the team room for team and public, the private room of
 * `ownerId` (the actor by default) for private. FORBIDDEN naming `path` when the actor does not
 * have that room or may only read it.
 */
export function roomForLevel(
  ctx: LibraryContext,
  level: ShareLevel,
  path = 'share_level',
  ownerId = ctx.actor.userId,
): LibraryRoom {
  const name =
    level === 'private' ? privateRoom(ctx.actor.teamId, ownerId) : teamRoom(ctx.actor.teamId);
  const room = roomNamed(ctx, name);
  if (!room || !room.writable) {
    throw forbidden(`you cannot write to ${name}`, path);
  }
  return room;
}

/**
 * True when `room` is the actor's team room or the actor's own private room: team roles give
 * rights there and nowhere else (another member's private room is theirs alone).
 */
function isTeamsRoom(actor: Actor, room: LibraryRoom): boolean {
  try {
    const parsed = parseRoomName(room.name);
    if (parsed.kind === 'team') return parsed.teamId === actor.teamId;
    return (
      parsed.kind === 'private' && parsed.teamId === actor.teamId && parsed.userId === actor.userId
    );
  } catch {
    return false;
  }
}

/** True when the actor's team role lets them write library content in `room`. */
export function roleCanWriteIn(ctx: LibraryContext, room: LibraryRoom): boolean {
  const { role } = ctx.actor;
  return room.writable && role !== null && ROLE_CAN_WRITE[role] && isTeamsRoom(ctx.actor, room);
}

/** True for team admins and owners writing in a room of their team. */
export function roleCanManageIn(ctx: LibraryContext, room: LibraryRoom): boolean {
  const { role } = ctx.actor;
  return room.writable && role !== null && ROLE_CAN_MANAGE[role] && isTeamsRoom(ctx.actor, room);
}

const PERMISSION_RANK: Record<Permission, number> = { view: 1, edit: 2, admin: 3 };

/** The strongest active VideoShare grant the actor holds on an asset, read from the asset's room. */
export function grantOn(ctx: LibraryContext, located: Located<VideoAsset>): Permission | null {
  let best: Permission | null = null;
  const now = ctx.now();
  for (const value of sharesOf(located.room.doc).values()) {
    const share = readShare(value);
    if (!share.ok) continue;
    const { asset_id: assetId, shared_with: sharedWith, permission } = share.value;
    if (assetId !== located.record.id || sharedWith !== ctx.actor.userId) continue;
    if (!isShareActive(share.value, now)) continue;
    if (best === null || PERMISSION_RANK[permission] > PERMISSION_RANK[best]) best = permission;
  }
  return best;
}

/** May the actor change this asset's fields? */
export function canEditAsset(ctx: LibraryContext, located: Located<VideoAsset>): boolean {
  if (!located.room.writable) return false;
  if (roleCanWriteIn(ctx, located.room)) return true;
  const grant = grantOn(ctx, located);
  return grant === 'edit' || grant === 'admin';
}

/**
 * May the actor change who sees this asset (share level, duplicate/remix flags, shares) or purge
 * it? Its creator, team admins and owners, and `admin` grantees.
 */
export function canManageAsset(ctx: LibraryContext, located: Located<VideoAsset>): boolean {
  if (!located.room.writable) return false;
  if (roleCanManageIn(ctx, located.room)) return true;
  if (located.record.creator_id === ctx.actor.userId && roleCanWriteIn(ctx, located.room)) {
    return true;
  }
  return grantOn(ctx, located) === 'admin';
}

/** May the actor see this asset at all (to record a view)? Anyone whose context holds it. */
export function canSeeAsset(_ctx: LibraryContext, located: Located<VideoAsset>): boolean {
  return located.room.writable;
}

export function assertCanEditAsset(
  ctx: LibraryContext,
  located: Located<VideoAsset>,
  path = 'asset_id',
): void {
  if (!canEditAsset(ctx, located)) {
    throw forbidden(`you may not edit asset ${JSON.stringify(located.record.id)}`, path);
  }
}

export function assertCanManageAsset(
  ctx: LibraryContext,
  located: Located<VideoAsset>,
  path = 'asset_id',
): void {
  if (!canManageAsset(ctx, located)) {
    throw forbidden(
      `only the creator, a team admin or an admin grantee may do this to asset ${JSON.stringify(located.record.id)}`,
      path,
    );
  }
}

/** Duplicating needs a writing role; `can_duplicate: false` leaves it to the creator and managers. */
export function assertCanDerive(
  ctx: LibraryContext,
  located: Located<VideoAsset>,
  kind: 'duplicate' | 'remix',
  path = 'asset_id',
): void {
  const { role } = ctx.actor;
  if (role === null || !ROLE_CAN_WRITE[role]) {
    throw forbidden(`your role may not ${kind} assets`, path);
  }
  const allowed =
    kind === 'duplicate'
      ? located.record.metadata.can_duplicate
      : located.record.metadata.can_remix;
  if (allowed) return;
  const privileged =
    ROLE_CAN_MANAGE[role] ||
    located.record.creator_id === ctx.actor.userId ||
    // An admin grantee holds the creator's rights over this one asset.
    grantOn(ctx, located) === 'admin';
  if (!privileged) {
    throw forbidden(`the creator does not allow to ${kind} this asset`, path);
  }
}

/** Creating records (assets, collections) needs a writing role. */
export function assertCanCreate(ctx: LibraryContext, room: LibraryRoom, path: string): void {
  if (!roleCanWriteIn(ctx, room)) throw forbidden('your role may not create records', path);
}

/** Editing a collection and curating its items: editors, admins and owners. */
export function assertCanEditCollection(
  ctx: LibraryContext,
  located: Located<VideoCollection>,
  path = 'collection_id',
): void {
  if (!roleCanWriteIn(ctx, located.room)) {
    throw forbidden(`you may not edit collection ${JSON.stringify(located.record.id)}`, path);
  }
}

/** Deleting a collection or changing who sees it: its creator, team admins and owners. */
export function assertCanManageCollection(
  ctx: LibraryContext,
  located: Located<VideoCollection>,
  path = 'collection_id',
): void {
  const ok =
    roleCanManageIn(ctx, located.room) ||
    (located.record.creator_id === ctx.actor.userId && roleCanWriteIn(ctx, located.room));
  if (!ok) {
    throw forbidden(
      `only the creator or a team admin may do this to collection ${JSON.stringify(located.record.id)}`,
      path,
    );
  }
}

/** A user id in a request body must be the actor's own (or absent): nobody acts in another's name. */
export function assertSelf(ctx: LibraryContext, value: string | undefined, path: string): void {
  if (value !== undefined && value !== ctx.actor.userId) {
    throw forbidden(`${path} must be your own user id`, path);
  }
}

/** A team id in a request body must be the actor's team (or absent). */
export function assertOwnTeam(ctx: LibraryContext, value: string | undefined, path = 'team_id') {
  if (value !== undefined && value !== ctx.actor.teamId) {
    throw forbidden(`${path} must be your team`, path);
  }
}
