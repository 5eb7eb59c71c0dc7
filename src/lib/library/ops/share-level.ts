/**
 * The spec's update-share-level for assets. Visibility is decided by the room a record lives in,
 * so going between private and team moves the asset (with its lineage edges where it is the child
 * and its shares) to the other room; team ↔ public stays in the team room and only changes a field.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import type { LibraryContext, LibraryRoom } from '../context';
import { assetsOf } from '../schema';
import { idSchema, parseOrThrow, shareLevelSchema, type ShareLevel } from '../records/common';
import { assertCanManageAsset, findLiveAsset, roomForLevel, roomKindFor } from '../access';
import { entriesOfAsset, moveRecords } from './move';
import { nowIso, transactIn } from './transact';

const setShareLevelInput = z.object({ asset_id: idSchema, share_level: shareLevelSchema });

/**
 * Sets an asset's share level. Creator, team admins and owners, or an `admin` grantee. A private
 * asset goes to its creator's private room, so making someone else's asset private needs that room
 * in the context (FORBIDDEN naming `share_level` otherwise). Moving between rooms is two
 * transactions on two docs, copy first (see ops/move.ts); otherwise one. Asking again for the
 * level an asset already has finishes a move that was interrupted (removes the stale original).
 */
export function setShareLevel(
  ctx: LibraryContext,
  input: { asset_id: unknown; share_level: unknown },
): { asset_id: string; share_level: ShareLevel; moved: boolean } {
  const { asset_id: assetId, share_level: level } = parseOrThrow(setShareLevelInput, input);
  const located = findLiveAsset(ctx, assetId);
  assertCanManageAsset(ctx, located);
  const now = nowIso(ctx);
  const needsRoom = roomKindFor(level);
  if (located.room.kind === needsRoom) {
    if (located.record.metadata.share_level === level) {
      removeStaleCopies(ctx, located.room, assetId);
      return { asset_id: assetId, share_level: level, moved: false };
    }
    const meta = located.map.get('metadata') as Y.Map<unknown>;
    transactIn(ctx, located.room, 'setShareLevel', () => {
      meta.set('share_level', level);
      meta.set('updated_at', now);
      located.map.set('updated_at', now);
    });
    return { asset_id: assetId, share_level: level, moved: false };
  }
  const target = roomForLevel(ctx, level, 'share_level', located.record.creator_id);
  moveRecords(
    ctx,
    'setShareLevel',
    located.room,
    target,
    entriesOfAsset(located.room, assetId),
    (copies) => {
      const asset = copies.get(`assets/${assetId}`);
      const meta = asset?.get('metadata');
      if (meta instanceof Y.Map) {
        meta.set('share_level', level);
        meta.set('updated_at', now);
      }
      asset?.set('updated_at', now);
    },
  );
  return { asset_id: assetId, share_level: level, moved: true };
}

/**
 * Finishes a move that stopped after its copy step: deletes the leftover originals (with their
 * edges and shares) from the other writable rooms of the context.
 */
function removeStaleCopies(ctx: LibraryContext, keep: LibraryRoom, assetId: string): void {
  for (const room of ctx.rooms) {
    if (room === keep || !room.writable || (room.kind !== 'team' && room.kind !== 'private')) {
      continue;
    }
    if (!assetsOf(room.doc).has(assetId)) continue;
    const entries = entriesOfAsset(room, assetId);
    transactIn(ctx, room, 'setShareLevel', () => {
      for (const { map, key } of entries) room.doc.getMap(map).delete(key);
    });
  }
}
