/**
 * Applies one batch of changed record ids of one room (a transaction, or a room arriving or
 * leaving) to the index's parts: each record is re-read and validated once, the winning copies
 * placed, the lineage families touched settled, and the derived data of the changed assets alone
 * brought up to date. Returns what changed, for subscribers.
 */
import { readAsset } from '../records/asset';
import { readCollection, type CollectionItem, type VideoCollection } from '../records/collection';
import { readLineage } from '../records/lineage';
import { readShare } from '../records/share';
import { readTombstone } from '../records/tombstone';
import type { AssetSlots } from './asset-slots';
import type { AssetText } from './asset-text';
import type { IndexChange } from './indexed-asset';
import type { LineageGraph } from './lineage-graph';
import type { ProblemLog, RecordMap } from './problems';
import type { RoomRecords } from './room-records';
import type { Pending } from './room-watch';
import { validateRecord } from './validate';

export interface IndexParts {
  records: RoomRecords;
  slots: AssetSlots;
  text: AssetText;
  lineage: LineageGraph;
  problems: ProblemLog;
  /** Whether an asset has a parent or child that counts (see `LibraryIndex.hasLineage`). */
  hasLineage: (assetId: string) => boolean;
}

/** Re-reads the given records of one room (`read` gives undefined for a deleted record). */
export function applyBatch(
  parts: IndexParts,
  room: string,
  batch: Pending,
  read: (kind: RecordMap, id: string) => unknown,
): IndexChange {
  const { records, slots, text, lineage, problems } = parts;
  const changedAssets = new Set<string>();
  const textDirty = new Set<string>();
  const graphSeeds: string[] = [];
  const changedCollections = new Set(batch.collections);
  const noteChanges = (id: string, before?: VideoCollection, after?: VideoCollection) => {
    for (const assetId of text.updateNotes(id, shownItems(before), shownItems(after))) {
      textDirty.add(assetId);
    }
  };
  slots.beginBatch(batch.assets);

  for (const id of batch.tombstones) {
    const value = validateRecord(
      problems,
      room,
      'tombstones',
      id,
      read('tombstones', id),
      readTombstone,
    );
    const wasTombstoned = records.isTombstoned(id);
    const collectionBefore = records.collection(id)?.value;
    records.tombstones.set(room, id, value);
    if (records.isTombstoned(id) === wasTombstoned) continue;
    // The id appears or disappears from every room at once.
    if (records.assets.get(id)) {
      changedAssets.add(id);
      textDirty.add(id);
      graphSeeds.push(id);
      slots.place(id, records.asset(id));
    }
    if (records.collections.get(id)) {
      changedCollections.add(id);
      noteChanges(id, collectionBefore, records.collection(id)?.value);
    }
  }
  for (const id of batch.assets) {
    const value = validateRecord(problems, room, 'assets', id, read('assets', id), readAsset);
    if (records.assets.set(room, id, value)) {
      changedAssets.add(id);
      textDirty.add(id);
      graphSeeds.push(id);
      slots.place(id, records.asset(id));
    }
  }
  for (const id of batch.lineage) {
    const value = validateRecord(problems, room, 'lineage', id, read('lineage', id), readLineage);
    if (records.edges.set(room, id, value)) {
      graphSeeds.push(...lineage.setEdge(id, records.edges.get(id)?.value));
    }
  }
  for (const id of batch.collections) {
    const raw = read('collections', id);
    const value = validateRecord(problems, room, 'collections', id, raw, readCollection);
    const before = records.collection(id)?.value;
    if (records.collections.set(room, id, value)) {
      noteChanges(id, before, records.collection(id)?.value);
    }
  }
  for (const id of batch.shares) {
    records.setShare(
      room,
      id,
      validateRecord(problems, room, 'shares', id, read('shares', id), readShare),
    );
  }

  const familyChanged = lineage.settle(graphSeeds);
  for (const id of graphSeeds) changedAssets.add(id);
  for (const id of familyChanged) changedAssets.add(id);
  // A neighbour's trash state changes this asset's derived counts: tell views about it too.
  for (const id of [...changedAssets]) {
    for (const edge of lineage.parentsOf(id)) changedAssets.add(edge.parent_id);
    for (const edge of lineage.childrenOf(id)) changedAssets.add(edge.child_id);
  }
  text.update(textDirty);
  for (const id of changedAssets) {
    const slot = slots.slot(id);
    if (slot !== undefined) slots.setHasLineage(slot, parts.hasLineage(id));
  }
  slots.endBatch();

  return {
    room,
    assets: [...changedAssets],
    collections: [...changedCollections],
    shares: [...batch.shares],
    lineage: [...batch.lineage],
  };
}

/** Items whose notes are searchable text of their videos: none for a trashed or purged collection. */
function shownItems(collection: VideoCollection | undefined): readonly CollectionItem[] {
  return collection && collection.trashed_at === null ? collection.items : [];
}
