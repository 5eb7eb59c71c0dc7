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

const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Milliseconds of a stored date-time. One without an offset (`2025-12-31T23:59:59`, as the spec
 * writes them) is UTC on every peer; `Date.parse` alone would read it in the machine's time zone
 * and two peers would disagree about whether a share has expired.
 */
export function expiryToMs(value: string): number {
  return Date.parse(HAS_ZONE.test(value) ? value : `${value}Z`);
}

/** A share counts until the instant it expires. */
export function isShareActive(share: VideoShare, now: Date): boolean {
  return share.expires_at === null || expiryToMs(share.expires_at) > now.getTime();
}
