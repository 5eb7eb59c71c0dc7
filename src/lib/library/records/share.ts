/**
 * VideoShare: a grant of one asset to one user. Stored in the `shares` map of the room that holds
 * the asset (so a share of a private asset is visible only to its owner and, through the server's
 * `shared/<userId>` projection, to the grantee). Keyed by share id; values are Y.Maps of scalars.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { idSchema, isoDateSchema, readFailure, type ReadResult } from './common';

export const PERMISSIONS = ['view', 'edit', 'admin'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const storedShareSchema = z.object({
  id: idSchema,
  asset_id: idSchema,
  shared_by: idSchema,
  shared_with: idSchema,
  permission: z.enum(PERMISSIONS),
  message: z.string().max(2000),
  shared_at: isoDateSchema,
  expires_at: isoDateSchema.nullable(),
});

export type VideoShare = z.output<typeof storedShareSchema>;

export function readShare(value: unknown): ReadResult<VideoShare> {
  if (!(value instanceof Y.Map)) return { ok: false, path: '', message: 'not a Y.Map' };
  const parsed = storedShareSchema.safeParse(value.toJSON());
  if (!parsed.success) {
    return readFailure(parsed.error);
  }
  return { ok: true, value: parsed.data };
}

/** A share counts until the instant it expires. */
export function isShareActive(share: VideoShare, now: Date): boolean {
  return share.expires_at === null || Date.parse(share.expires_at) > now.getTime();
}
