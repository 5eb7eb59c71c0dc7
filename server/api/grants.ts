/**
 * Grants finer than a room. A VideoShare with `edit` or `admin` lets its grantee change that one
 * asset through the API even when they only read its room (a viewer) or are not in its team at
 * all. The server then hands the asset's source room to the core as writable, and the core's
 * rules (access.ts: `grantOn`) confine the grantee to the granted asset. The source room is only
 * handed in writable after the grant was found in its live doc, in the same synchronous step as
 * the write: an editor with a mere `view` grant on someone's private clip must not get that
 * private room writable, where their role would let them edit it.
 */
import type * as Y from 'yjs';
import { findAsset, grantOn } from '../../src/lib/library/access';
import type { Actor, LibraryContext } from '../../src/lib/library/context';
import type { VideoAsset } from '../../src/lib/library/records/asset';
import { idSchema } from '../../src/lib/library/records/common';
import type { Permission } from '../../src/lib/library/records/share';
import { parseRoomName, privateRoom, teamRoom } from '../../src/lib/library/rooms';
import {
  actorOf,
  roomsOf,
  scopeOf,
  type Caller,
  type ReadScope,
  type RoomSpec,
  type Scopes,
} from './scope';

/**
 * What the write needs beyond the caller's own rooms:
 * - `none`: nothing (creating, deriving: the caller's role decides);
 * - `edit`: the asset's room, when an `edit`/`admin` grant is found there;
 * - `manage`: also the room a share-level change moves it to, for an `admin` grant;
 * - `view`: the asset's room for the view counter, for anyone who can see the asset (views by
 *   read-only users go through the server).
 */
export type GrantMode = 'none' | 'edit' | 'manage' | 'view';

export interface WritePlan {
  read: ReadScope;
  /** The asset, when the caller can see it. */
  asset?: VideoAsset;
  actor: Actor;
  specs: RoomSpec[];
  prepare?: (specs: RoomSpec[], docs: ReadonlyMap<string, Y.Doc>) => RoomSpec[];
}

/** The room an asset lives in, from its own fields. */
export function sourceRoomOf(asset: VideoAsset): string {
  return asset.metadata.share_level === 'private'
    ? privateRoom(asset.team_id, asset.creator_id)
    : teamRoom(asset.team_id);
}

function otherRoomOf(asset: VideoAsset): string {
  return asset.metadata.share_level === 'private'
    ? teamRoom(asset.team_id)
    : privateRoom(asset.team_id, asset.creator_id);
}

/** The caller's strongest active grant on `assetId`, read from the live doc of `room`. */
export function grantInRoom(
  actor: Actor,
  room: string,
  doc: Y.Doc | undefined,
  assetId: string,
  now: () => Date,
): Permission | null {
  if (!doc) return null;
  const ctx: LibraryContext = {
    actor,
    rooms: [{ name: room, kind: parseRoomName(room).kind, doc, writable: true }],
    now,
  };
  try {
    return grantOn(ctx, findAsset(ctx, assetId));
  } catch {
    return null;
  }
}

/**
 * Plans a write on one asset: the caller acts in the asset's team (or `team_id` when given), with
 * their own rooms there, plus what `mode` adds. An unknown or malformed id plans the caller's
 * rooms, and the core answers 404 or 400 naming the field.
 */
export async function planAssetWrite(
  scopes: Scopes,
  caller: Caller,
  rawAssetId: unknown,
  explicitTeam: unknown,
  mode: GrantMode,
): Promise<WritePlan> {
  const parsed = idSchema.safeParse(rawAssetId);
  const id = parsed.success ? parsed.data : undefined;
  const read = await scopes.find(
    caller,
    explicitTeam,
    (r) => id !== undefined && r.view.index.asset(id) !== undefined,
  );
  const entry = id === undefined ? undefined : read.view.index.asset(id);
  if (!entry) return { read, actor: actorOf(read.scope), specs: roomsOf(read.scope) };
  const { asset } = entry;
  const scope =
    explicitTeam !== undefined && explicitTeam !== null && explicitTeam !== ''
      ? read.scope
      : scopeOf(caller, asset.team_id);
  const actor = actorOf(scope, asset.team_id);
  const own = roomsOf(scope);
  const source = sourceRoomOf(asset);
  if (mode === 'none' || own.some((spec) => spec.name === source && spec.writable)) {
    return { read, asset, actor, specs: own };
  }
  if (mode === 'view') {
    return { read, asset, actor, specs: withRooms(own, [{ name: source, writable: true }]) };
  }
  const extra = [source, ...(mode === 'manage' ? [otherRoomOf(asset)] : [])];
  const original = new Map(own.map((spec) => [spec.name, spec.writable]));
  const assetId = asset.id;
  return {
    read,
    asset,
    actor,
    specs: withRooms(
      own,
      extra.map((name) => ({ name, writable: false })),
    ),
    prepare: (specs, docs) => {
      const grant = grantInRoom(actor, source, docs.get(source), assetId, scopes.now);
      return specs.map((spec) => {
        if (!extra.includes(spec.name) || spec.writable) return spec;
        const granted =
          spec.name === source ? grant === 'edit' || grant === 'admin' : grant === 'admin';
        return { ...spec, writable: granted || (original.get(spec.name) ?? false) };
      });
    },
  };
}

/** `own` with `extra` added or, for a room already there, replacing it. */
export function withRooms(own: readonly RoomSpec[], extra: readonly RoomSpec[]): RoomSpec[] {
  const byName = new Map(own.map((spec) => [spec.name, spec]));
  for (const spec of extra) byName.set(spec.name, spec);
  return [...byName.values()];
}

/** Runs a planned write. */
export function runPlan<T>(
  scopes: Scopes,
  plan: WritePlan,
  fn: (ctx: LibraryContext) => T,
): Promise<T> {
  return scopes.write(plan.actor, plan.specs, fn, plan.prepare);
}
