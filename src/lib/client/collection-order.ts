/** Moving one item of a collection, in the terms of the core's `moveCollectionItem`. */
import type { LibraryContext } from '$lib/library/context';
import { moveCollectionItem } from '$lib/library/ops/index';

/**
 * Moves the item at `from` so it ends up at `to` (indexes in the order shown). Anchoring to a
 * neighbour (rather than rewriting every key) keeps a teammate's concurrent reorder of other items.
 */
export function moveItem(
  ctx: LibraryContext,
  collectionId: string,
  order: readonly string[],
  from: number,
  to: number,
): boolean {
  const assetId = order[from];
  if (assetId === undefined || to < 0 || to >= order.length || to === from) return false;
  const anchor = order[to]!;
  moveCollectionItem(
    ctx,
    to < from
      ? { collection_id: collectionId, asset_id: assetId, before_id: anchor }
      : { collection_id: collectionId, asset_id: assetId, after_id: anchor },
  );
  return true;
}
