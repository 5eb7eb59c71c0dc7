/**
 * Asset operations: create, update (a patch), trash, restore, purge, record a view. Each validates,
 * checks the rules in access.ts, then makes one transaction on the asset's room.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import type { LibraryContext } from '../context';
import { conflict, invalid } from '../errors';
import { newId } from '../ids';
import { ASSET_DEFAULTS, assetToYMap, METADATA_DEFAULTS, storedField } from '../records/asset';
import { idSchema, parseOrThrow } from '../records/common';
import { assetsOf } from '../schema';
import {
  assertCanCreate,
  assertCanEditAsset,
  assertCanManageAsset,
  assertOwnTeam,
  assertSelf,
  canSeeAsset,
  findAsset,
  findLiveAsset,
  roomForLevel,
} from '../access';
import { forbidden } from '../errors';
import {
  createAssetInput,
  MANAGED_FIELDS,
  METADATA_FIELDS,
  updateAssetInput,
  type CreateAssetInput,
  type UpdateAssetInput,
} from './asset-input';
import { deleteAssetFrom, writeTombstone } from './tombstones';
import { nowIso, transactIn } from './transact';
import { applyTagDiff, sameJson } from './ymap';

/**
 * Creates an asset in the room its share level calls for (team room for team/public, the actor's
 * private room for private). Creator and team come from the actor. Status defaults to `draft`,
 * share level to `team`, branch to `main`.
 */
export function createAsset(ctx: LibraryContext, input: CreateAssetInput): { asset_id: string } {
  const data = parseOrThrow(createAssetInput, input);
  assertSelf(ctx, data.creator_id, 'creator_id');
  assertOwnTeam(ctx, data.team_id);
  const room = roomForLevel(ctx, data.share_level);
  assertCanCreate(ctx, room, 'share_level');
  const id = newId();
  const now = nowIso(ctx);
  transactIn(ctx, room, 'createAsset', () => {
    assetsOf(room.doc).set(
      id,
      assetToYMap({
        id,
        team_id: ctx.actor.teamId,
        creator_id: ctx.actor.userId,
        name: data.name,
        prompt: data.prompt,
        engine: data.engine,
        status: data.status,
        duration: data.duration,
        width: data.width,
        height: data.height,
        thumbnail_url: data.thumbnail_url,
        video_url: data.video_url,
        thumbnail_sha256: data.thumbnail_sha256,
        video_sha256: data.video_sha256,
        tags: data.tags,
        category: data.category,
        generation_params: data.generation_params,
        seed: data.seed,
        created_at: now,
        updated_at: now,
        trashed_at: null,
        trashed_by: null,
        metadata: {
          mood: data.mood,
          scene_type: data.scene_type,
          lineage_root_id: null,
          parent_asset_id: null,
          lineage_version: 1,
          lineage_branch: data.lineage_branch,
          evolution_type: null,
          evolution_note: data.evolution_note,
          share_level: data.share_level,
          can_duplicate: data.can_duplicate,
          can_remix: data.can_remix,
          used_in_projects: data.used_in_projects,
          constellation_x: null,
          constellation_y: null,
          constellation_cluster: null,
          views: {},
          created_at: now,
          updated_at: now,
        },
      }),
    );
  });
  return { asset_id: id };
}

/**
 * Patches an asset: only the fields given, and of those only the ones that differ, are written,
 * so a concurrent edit of another field (or another tag) survives the merge. Tags are written as
 * a set difference. `can_duplicate`/`can_remix` need the creator's rights; the share level is
 * changed by {@link setShareLevel} (it may move the asset between rooms). A patch that changes
 * nothing makes no transaction. Returns the names of the fields that changed.
 */
export function updateAsset(
  ctx: LibraryContext,
  input: UpdateAssetInput,
): { asset_id: string; changed: string[] } {
  const {
    asset_id: assetId,
    share_level: shareLevel,
    ...patch
  } = parseOrThrow(updateAssetInput, input);
  if (shareLevel !== undefined) {
    throw invalid('share_level', 'change the share level with update-share-level');
  }
  const located = findLiveAsset(ctx, assetId);
  assertCanEditAsset(ctx, located);
  const fields = Object.entries(patch).filter(([, value]) => value !== undefined);
  const managed = fields.find(([key]) => MANAGED_FIELDS.has(key));
  if (managed) assertCanManageAsset(ctx, located, managed[0]);

  const asset = located.map;
  const meta = asset.get('metadata') as Y.Map<unknown>;
  const changes: [Y.Map<unknown>, string, unknown][] = [];
  let tagDiff: { add: string[]; remove: string[] } | undefined;
  for (const [key, value] of fields) {
    if (key === 'tags') {
      const wanted = new Set(value as string[]);
      const current = new Set(located.record.tags);
      const add = [...wanted].filter((tag) => !current.has(tag));
      const remove = [...current].filter((tag) => !wanted.has(tag));
      if (add.length || remove.length) tagDiff = { add, remove };
      continue;
    }
    const inMeta = METADATA_FIELDS.has(key);
    const target = inMeta ? meta : asset;
    // An absent field holds its default: patching it to the default changes nothing. A default
    // written over another value is written explicitly (so it wins or loses like any write).
    const current = storedField(target, key, inMeta ? METADATA_DEFAULTS : ASSET_DEFAULTS);
    if (!sameJson(current, value)) changes.push([target, key, value]);
  }
  const changed = [...changes.map(([, key]) => key), ...(tagDiff ? ['tags'] : [])];
  if (changed.length === 0) return { asset_id: assetId, changed };
  const now = nowIso(ctx);
  transactIn(ctx, located.room, 'updateAsset', () => {
    for (const [target, key, value] of changes) target.set(key, value);
    if (tagDiff) applyTagDiff(asset.get('tags') as Y.Map<true>, tagDiff.add, tagDiff.remove);
    asset.set('updated_at', now);
    meta.set('updated_at', now);
  });
  return { asset_id: assetId, changed };
}

const assetIdInput = z.object({ asset_id: idSchema });

/**
 * Moves an asset to the trash (restorable). Queries skip trashed assets; collection items and
 * lineage edges that point at it stay, so restoring brings everything back.
 */
export function trashAsset(ctx: LibraryContext, input: { asset_id: unknown }): void {
  const { asset_id: assetId } = parseOrThrow(assetIdInput, input);
  const located = findLiveAsset(ctx, assetId);
  assertCanEditAsset(ctx, located);
  const now = nowIso(ctx);
  transactIn(ctx, located.room, 'trashAsset', () => {
    located.map.set('trashed_at', now);
    located.map.set('trashed_by', ctx.actor.userId);
    located.map.set('updated_at', now);
  });
}

/** Takes an asset out of the trash. CONFLICT naming `asset_id` when it is not in the trash. */
export function restoreAsset(ctx: LibraryContext, input: { asset_id: unknown }): void {
  const { asset_id: assetId } = parseOrThrow(assetIdInput, input);
  const located = findAsset(ctx, assetId);
  assertCanEditAsset(ctx, located);
  if (located.record.trashed_at === null)
    throw conflict('the asset is not in the trash', 'asset_id');
  const now = nowIso(ctx);
  transactIn(ctx, located.room, 'restoreAsset', () => {
    located.map.set('trashed_at', null);
    located.map.set('trashed_by', null);
    located.map.set('updated_at', now);
  });
}

/**
 * Deletes a trashed asset for good, with its shares, the collection items that hold it and the
 * lineage edges where it is the child, in every room holding a copy the actor may write, and
 * leaves a purge tombstone in each (readers and operations then treat the id as gone everywhere). Edges where it is a parent stay (they live
 * with their children, possibly in rooms the actor cannot write); queries skip the missing node.
 * Only from the trash (CONFLICT otherwise), and only by the creator or a team admin.
 */
export function purgeAsset(ctx: LibraryContext, input: { asset_id: unknown }): void {
  const { asset_id: assetId } = parseOrThrow(assetIdInput, input);
  const located = findAsset(ctx, assetId);
  assertCanManageAsset(ctx, located);
  if (located.record.trashed_at === null) {
    throw conflict('only an asset in the trash can be purged', 'asset_id');
  }
  // Concurrent share-level moves on two devices can leave a stale copy of the asset in the other
  // room (ops/move.ts); purge every copy the actor may write, or the stale one would come back.
  const rooms = [
    located.room,
    ...ctx.rooms.filter(
      (room) =>
        room !== located.room &&
        room.writable &&
        (room.kind === 'team' || room.kind === 'private') &&
        assetsOf(room.doc).has(assetId),
    ),
  ];
  for (const room of rooms) {
    transactIn(ctx, room, 'purgeAsset', () => {
      deleteAssetFrom(room.doc, assetId);
      // Readers hide the id wherever a copy the actor cannot write survives (ops/tombstones.ts).
      writeTombstone(ctx, room.doc, assetId, 'asset');
    });
  }
}

/**
 * Counts one view by the actor. `metadata.views` is a per-writer counter: each Yjs client (one
 * device's copy of the room, `doc.clientID`) increments only its own key `<userId>:<clientID>`, so
 * views from different people and from one person's offline devices never overwrite each other;
 * the total is summed on read. (The price is one key per client that ever viewed the asset.)
 */
export function recordView(ctx: LibraryContext, input: { asset_id: unknown }): void {
  const { asset_id: assetId } = parseOrThrow(assetIdInput, input);
  const located = findLiveAsset(ctx, assetId);
  if (!canSeeAsset(ctx, located)) {
    throw forbidden('views of this asset are recorded by the server', 'asset_id');
  }
  const meta = located.map.get('metadata') as Y.Map<unknown>;
  const writer = `${ctx.actor.userId}:${located.room.doc.clientID}`;
  transactIn(ctx, located.room, 'recordView', () => {
    const views = meta.get('views') as Y.Map<number>;
    const mine = views.get(writer);
    views.set(writer, (typeof mine === 'number' ? mine : 0) + 1);
  });
}
