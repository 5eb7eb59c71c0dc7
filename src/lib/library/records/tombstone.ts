/**
 * A purge tombstone, as stored in a room's `tombstones` map (schema version 2): the id of an asset
 * or collection deleted for good. A purge can only delete the copies its author may write;
 * concurrent share-level moves can leave a stale copy in a room they cannot (another member's
 * private room). Every reader hides an id tombstoned in any room it reads, operations refuse it,
 * and a device that can write the stale copy deletes it (`sweepTombstoned`).
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { idSchema, isoDateSchema, readFailure, type ReadResult } from './common';

export const TOMBSTONE_KINDS = ['asset', 'collection'] as const;
export type TombstoneKind = (typeof TOMBSTONE_KINDS)[number];

export const storedTombstoneSchema = z.object({
  id: idSchema,
  kind: z.enum(TOMBSTONE_KINDS),
  purged_at: isoDateSchema,
  purged_by: idSchema,
});

export type Tombstone = z.output<typeof storedTombstoneSchema>;

/** Reads and validates one tombstone any peer may have written; never throws. */
export function readTombstone(value: unknown): ReadResult<Tombstone> {
  if (!(value instanceof Y.Map)) return { ok: false, path: '', message: 'not a Y.Map' };
  const parsed = storedTombstoneSchema.safeParse(value.toJSON());
  return parsed.success ? { ok: true, value: parsed.data } : readFailure(parsed.error);
}

/** The Y.Map a tombstone is stored as. */
export function tombstoneToYMap(tombstone: Tombstone): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(tombstone)) map.set(key, value);
  return map;
}
