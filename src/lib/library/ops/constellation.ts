/** The constellation map's one write: where a star sits and which cluster it belongs to. */
import * as Y from 'yjs';
import { z } from 'zod';
import type { LibraryContext } from '../context';
import { METADATA_DEFAULTS, storedField } from '../records/asset';
import { idSchema, parseOrThrow } from '../records/common';
import { assertCanEditAsset, findLiveAsset } from '../access';
import { nowIso, transactIn } from './transact';

const positionInput = z
  .object({
    asset_id: idSchema,
    x: z.number().finite().nullable(),
    y: z.number().finite().nullable(),
    cluster: z.string().trim().max(100).nullable().optional(),
  })
  .refine((value) => (value.x === null) === (value.y === null), {
    message: 'x and y are both numbers (pinned) or both null (unpinned)',
    path: ['y'],
  });

/**
 * Pins an asset at (x, y) on the constellation map, or unpins it with `x: null, y: null` (the
 * layout places it again). `cluster` is set when given (null clears it). Editors, admins, owners
 * and edit grantees.
 */
export function updateConstellationPosition(
  ctx: LibraryContext,
  input: z.input<typeof positionInput>,
): { asset_id: string; x: number | null; y: number | null } {
  const data = parseOrThrow(positionInput, input);
  const located = findLiveAsset(ctx, data.asset_id);
  assertCanEditAsset(ctx, located);
  const meta = located.map.get('metadata') as Y.Map<unknown>;
  // An absent key is unpinned (null), so unpinning a never-pinned star writes nothing.
  const current = (key: string) => storedField(meta, key, METADATA_DEFAULTS);
  const changed =
    current('constellation_x') !== data.x ||
    current('constellation_y') !== data.y ||
    (data.cluster !== undefined && current('constellation_cluster') !== data.cluster);
  if (changed) {
    transactIn(ctx, located.room, 'updateConstellationPosition', () => {
      // Both coordinates are written even when one is unchanged: two peers dragging one star
      // offline then each win or lose both keys together, so the star lands at one of the two
      // positions, never at a mix of them.
      meta.set('constellation_x', data.x);
      meta.set('constellation_y', data.y);
      if (data.cluster !== undefined) meta.set('constellation_cluster', data.cluster);
      meta.set('updated_at', nowIso(ctx));
    });
  }
  return { asset_id: data.asset_id, x: data.x, y: data.y };
}
