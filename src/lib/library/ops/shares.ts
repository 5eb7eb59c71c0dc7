/**
 * VideoShare operations: grant one asset to one user, revoke, change the permission. A share lives
 * in the room of its asset. The server checks that `shared_with` is a real user and keeps the
 * grantee's `shared/<userId>` projection up to date; the core records the grant.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import type { LibraryContext } from '../context';
import { conflict, forbidden, invalid } from '../errors';
import { newId } from '../ids';
import { idSchema, isoDateSchema, parseOrThrow } from '../records/common';
import {
  expiryToMs,
  isShareActive,
  PERMISSIONS,
  readShare,
  type Permission,
} from '../records/share';
import { sharesOf } from '../schema';
import {
  assertCanManageAsset,
  assertSelf,
  canManageAsset,
  findAsset,
  findLiveAsset,
  findShare,
} from '../access';
import { transactIn } from './transact';

const expiresAt = isoDateSchema.nullable();

const shareInput = z.object({
  asset_id: idSchema,
  shared_by: idSchema.optional(),
  shared_with: idSchema,
  permission: z.enum(PERMISSIONS).default('view'),
  message: z.string().max(2000).default(''),
  expires_at: expiresAt.default(null),
});

function assertFuture(ctx: LibraryContext, expires: string | null): void {
  if (expires !== null && expiryToMs(expires) <= ctx.now().getTime()) {
    throw invalid('expires_at', 'must be in the future');
  }
}

/**
 * Shares an asset with one user (creator, team admins and owners, admin grantees). Sharing with
 * yourself is INVALID (`shared_with`); a user who already holds an active share of the asset gets
 * CONFLICT (`shared_with`): change that share's permission instead. An expiry must lie in the future.
 */
export function shareAsset(
  ctx: LibraryContext,
  input: z.input<typeof shareInput>,
): { share_id: string } {
  const data = parseOrThrow(shareInput, input);
  assertSelf(ctx, data.shared_by, 'shared_by');
  if (data.shared_with === ctx.actor.userId) {
    throw invalid('shared_with', 'you cannot share with yourself');
  }
  assertFuture(ctx, data.expires_at);
  const located = findLiveAsset(ctx, data.asset_id);
  assertCanManageAsset(ctx, located);
  const now = ctx.now();
  for (const value of sharesOf(located.room.doc).values()) {
    const share = readShare(value);
    if (
      share.ok &&
      share.value.asset_id === data.asset_id &&
      share.value.shared_with === data.shared_with &&
      isShareActive(share.value, now)
    ) {
      throw conflict('this user already holds a share of this asset', 'shared_with');
    }
  }
  const id = newId();
  transactIn(ctx, located.room, 'shareAsset', () => {
    const share = new Y.Map<unknown>();
    share.set('id', id);
    share.set('asset_id', data.asset_id);
    share.set('shared_by', ctx.actor.userId);
    share.set('shared_with', data.shared_with);
    share.set('permission', data.permission);
    share.set('message', data.message);
    share.set('shared_at', now.toISOString());
    share.set('expires_at', data.expires_at);
    sharesOf(located.room.doc).set(id, share);
  });
  return { share_id: id };
}

/**
 * Who may end or change a share: whoever may manage the asset; ending it also the grantee (to
 * leave) and the person who granted it. When the asset is gone, its shares can still be cleaned up
 * by their granter or a team admin.
 */
function assertCanChangeShare(
  ctx: LibraryContext,
  share: { asset_id: string; shared_by: string; shared_with: string },
  room: { writable: boolean },
  leaving: boolean,
): void {
  if (!room.writable) throw forbidden('you cannot write where this share lives', 'share_id');
  const me = ctx.actor.userId;
  if (leaving && (share.shared_with === me || share.shared_by === me)) return;
  let asset;
  try {
    asset = findAsset(ctx, share.asset_id);
  } catch {
    asset = undefined;
  }
  if (asset ? canManageAsset(ctx, asset) : share.shared_by === me) return;
  if (!asset && (ctx.actor.role === 'admin' || ctx.actor.role === 'owner')) return;
  throw forbidden('you may not change this share', 'share_id');
}

/** Ends a share (deletes it). The grantee loses access at once; the server drops their projection. */
export function revokeShare(ctx: LibraryContext, input: { share_id: unknown }): void {
  const { share_id: id } = parseOrThrow(z.object({ share_id: idSchema }), input);
  const located = findShare(ctx, id);
  assertCanChangeShare(ctx, located.record, located.room, true);
  transactIn(ctx, located.room, 'revokeShare', () => sharesOf(located.room.doc).delete(id));
}

const updateShareInput = z.object({
  share_id: idSchema,
  permission: z.enum(PERMISSIONS),
  expires_at: expiresAt.optional(),
});

/** Changes a share's permission (and, when given, its expiry; null = never expires). */
export function updateSharePermission(
  ctx: LibraryContext,
  input: z.input<typeof updateShareInput>,
): { share_id: string; permission: Permission } {
  const data = parseOrThrow(updateShareInput, input);
  if (data.expires_at !== undefined) assertFuture(ctx, data.expires_at);
  const located = findShare(ctx, data.share_id);
  assertCanChangeShare(ctx, located.record, located.room, false);
  const changes: [string, unknown][] = [];
  if (located.record.permission !== data.permission) changes.push(['permission', data.permission]);
  if (data.expires_at !== undefined && data.expires_at !== located.record.expires_at) {
    changes.push(['expires_at', data.expires_at]);
  }
  if (changes.length > 0) {
    transactIn(ctx, located.room, 'updateSharePermission', () => {
      for (const [key, value] of changes) located.map.set(key, value);
    });
  }
  return { share_id: data.share_id, permission: data.permission };
}
