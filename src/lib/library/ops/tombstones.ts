/**
 * Purging for good across rooms. A purge deletes the copies its author may write and leaves a
 * tombstone in each of those rooms (records/tombstone.ts); readers hide a tombstoned id whatever
 * room still holds a copy, and {@link sweepTombstoned} lets a device that can write such a stale
 * copy (another member's private room after concurrent share-level moves) delete it.
 */
import * as Y from 'yjs';
import type { LibraryContext } from '../context';
import { readTombstone, tombstoneToYMap, type TombstoneKind } from '../records/tombstone';
import { assetsOf, collectionsOf, lineageOf, sharesOf, tombstonesOf } from '../schema';
import { nowIso, transactIn } from './transact';

/**
 * Deletes an asset from one room doc with its shares, the collection items holding it and the
 * lineage edges where it is the child. Call inside a transaction.
 */
export function deleteAssetFrom(doc: Y.Doc, assetId: string): void {
  assetsOf(doc).delete(assetId);
  const shares = sharesOf(doc);
  for (const [id, share] of [...shares.entries()]) {
    if (share instanceof Y.Map && share.get('asset_id') === assetId) shares.delete(id);
  }
  const lineage = lineageOf(doc);
  for (const [id, edge] of [...lineage.entries()]) {
    if (edge instanceof Y.Map && edge.get('child_id') === assetId) lineage.delete(id);
  }
  for (const collection of collectionsOf(doc).values()) {
    if (!(collection instanceof Y.Map)) continue;
    const items = collection.get('items');
    if (items instanceof Y.Map && items.has(assetId)) items.delete(assetId);
  }
}

/** Writes the tombstone of `id` into one room doc (unless one is there). Call inside a transaction. */
export function writeTombstone(
  ctx: LibraryContext,
  doc: Y.Doc,
  id: string,
  kind: TombstoneKind,
  purgedAt = nowIso(ctx),
  purgedBy = ctx.actor.userId,
): void {
  const tombstones = tombstonesOf(doc);
  if (readTombstone(tombstones.get(id)).ok) return;
  tombstones.set(id, tombstoneToYMap({ id, kind, purged_at: purgedAt, purged_by: purgedBy }));
}

/**
 * Deletes the stale copies of purged records: in every team or private room of the context the
 * actor may write, each asset or collection whose id is tombstoned in any room of the context is
 * deleted (an asset with its shares, items and child edges there) and the tombstone is copied into
 * that room, so the room alone keeps the record gone. One transaction per room that changes; none
 * when there is nothing to sweep. Call it after a sync. Returns how many copies were deleted.
 */
export function sweepTombstoned(ctx: LibraryContext): { assets: number; collections: number } {
  const tombstones = new Map<
    string,
    { kind: TombstoneKind; purged_at: string; purged_by: string }
  >();
  for (const room of ctx.rooms) {
    for (const [id, raw] of tombstonesOf(room.doc).entries()) {
      const result = readTombstone(raw);
      if (result.ok && result.value.id === id && !tombstones.has(id)) {
        tombstones.set(id, result.value);
      }
    }
  }
  const swept = { assets: 0, collections: 0 };
  if (tombstones.size === 0) return swept;
  for (const room of ctx.rooms) {
    if (!room.writable || (room.kind !== 'team' && room.kind !== 'private')) continue;
    const assets = [...assetsOf(room.doc).keys()].filter((id) => tombstones.has(id));
    const collections = [...collectionsOf(room.doc).keys()].filter((id) => tombstones.has(id));
    if (assets.length === 0 && collections.length === 0) continue;
    transactIn(ctx, room, 'sweepTombstoned', () => {
      for (const id of assets) deleteAssetFrom(room.doc, id);
      for (const id of collections) collectionsOf(room.doc).delete(id);
      for (const id of [...assets, ...collections]) {
        const stone = tombstones.get(id)!;
        writeTombstone(ctx, room.doc, id, stone.kind, stone.purged_at, stone.purged_by);
      }
    });
    swept.assets += assets.length;
    swept.collections += collections.length;
  }
  return swept;
}
