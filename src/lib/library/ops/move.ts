/**
 * Moving records between rooms (a share-level change between private and team). Each room is its
 * own Y.Doc, and Yjs has no transaction spanning two docs, so a move is two transactions: first
 * the deep copy lands in the target doc, then the originals are deleted from the source doc.
 *
 * Why that is safe: the copy keeps the record's id, and it lands first. If anything stops between
 * the two steps, the record exists in both rooms, never in neither: readers dedupe by id (the team
 * room's copy wins, live/records-by-room.ts, and writes pick the same one, access.ts), and asking
 * for the share level again finishes the job. Edits another peer makes offline to the source copy
 * after the move are lost with it, as for any deleted record.
 */
import * as Y from 'yjs';
import type { LibraryContext, LibraryRoom } from '../context';
import { transactIn } from './transact';
import { cloneYValue } from './ymap';

export type TopLevelMap = 'assets' | 'collections' | 'lineage' | 'shares';

export interface MoveEntry {
  map: TopLevelMap;
  key: string;
}

/**
 * Copies `entries` from `from` to `to` (applying `patch` to the copies), then deletes them from
 * `from`. Returns nothing; both transactions carry the operation's origin.
 */
export function moveRecords(
  ctx: LibraryContext,
  operation: string,
  from: LibraryRoom,
  to: LibraryRoom,
  entries: readonly MoveEntry[],
  patch: (copies: Map<string, Y.Map<unknown>>) => void,
): void {
  const copies = new Map<string, Y.Map<unknown>>();
  transactIn(ctx, to, operation, () => {
    for (const { map, key } of entries) {
      const source = from.doc.getMap(map).get(key);
      if (source === undefined) continue;
      const copy = cloneYValue(source);
      to.doc.getMap(map).set(key, copy);
      if (copy instanceof Y.Map) copies.set(`${map}/${key}`, copy);
    }
    patch(copies);
  });
  transactIn(ctx, from, operation, () => {
    for (const { map, key } of entries) from.doc.getMap(map).delete(key);
  });
}

/** The lineage edges (where it is the child) and shares of an asset in one room: they move with it. */
export function entriesOfAsset(room: LibraryRoom, assetId: string): MoveEntry[] {
  const entries: MoveEntry[] = [{ map: 'assets', key: assetId }];
  for (const [key, edge] of room.doc.getMap('lineage').entries()) {
    if (edge instanceof Y.Map && edge.get('child_id') === assetId)
      entries.push({ map: 'lineage', key });
  }
  for (const [key, share] of room.doc.getMap('shares').entries()) {
    if (share instanceof Y.Map && share.get('asset_id') === assetId)
      entries.push({ map: 'shares', key });
  }
  return entries;
}
