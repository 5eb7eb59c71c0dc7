/**
 * The live index: validated plain records of every room a person reads, kept current from Y
 * events. Queries (`../queries`) read only this; they never walk Y types.
 *
 * Each room's four record maps are observed deeply; the ids of the records a transaction touched
 * are collected from the event paths and, once the transaction ends, only those records are
 * re-read and validated. Malformed records are reported (`problems`) and skipped. Derived data —
 * lineage adjacency and counts, facet postings, the text index — is updated for the changed
 * records alone, and subscribers hear once per transaction which ids changed.
 */
import type { LibraryRoom } from '../context';
import { readAsset, type VideoAsset } from '../records/asset';
import type { ReadResult } from '../records/common';
import { readCollection, type CollectionItem, type VideoCollection } from '../records/collection';
import { readLineage, type VideoLineage } from '../records/lineage';
import { readShare, type VideoShare } from '../records/share';
import { readTombstone, type Tombstone } from '../records/tombstone';
import { clearBit, newBitset, resized, setBit, type Bitset } from '../search/bitset';
import { FacetIndex } from '../search/facet-index';
import { TextIndex } from '../search/text-index';
import { CollectionNotes } from './collection-notes';
import { LineageGraph } from './lineage-graph';
import { deriveLineageMeta, type LineageMeta } from './lineage-meta';
import { SortOrders } from './sort-orders';
import { ProblemLog, type IndexProblem, type RecordMap } from './problems';
import { RecordsByRoom, type Placed } from './records-by-room';
import { mapOf, type Pending, watchRoom } from './room-watch';
import { isoToMs } from './time';

export interface IndexedAsset {
  readonly asset: VideoAsset;
  /** The room the asset lives in (where writes to it go). */
  readonly room: string;
  /** Dense number used by the search structures. */
  readonly slot: number;
  readonly createdMs: number;
  /** Lower-cased name, the key of the name sort. */
  readonly nameKey: string;
}

/** What one transaction (or one room arriving or leaving) changed, as record ids. */
export interface IndexChange {
  room: string;
  assets: string[];
  collections: string[];
  shares: string[];
  lineage: string[];
}

/** The field sorts, each kept as a standing order of slots. */
export type SortField = 'created' | 'name' | 'duration' | 'views';

/** Changes of more records than this at once rebuild the sort orders instead of updating them. */
const BULK = 256;

export interface LibraryIndexOptions {
  /** Called for every malformed record found (also listed in `problems`). */
  onProblem?: (problem: IndexProblem) => void;
  /**
   * Postings MiniSearch may score to rank one search by relevance; beyond it the cheaper ranking
   * applies (see `search/engine.ts`). Default 2000 (a few ms of MiniSearch scoring).
   */
  rankBudget?: number;
}

interface Attached {
  room: LibraryRoom;
  detach: () => void;
}

export class LibraryIndex {
  private bits = 1024;
  readonly facets = new FacetIndex(this.bits);
  readonly text = new TextIndex();
  readonly lineage: LineageGraph;
  readonly rankBudget: number;
  private readonly assets = new RecordsByRoom<VideoAsset>();
  private readonly collectionRecords = new RecordsByRoom<VideoCollection>();
  private readonly shareRecords = new RecordsByRoom<VideoShare>();
  private readonly edgeRecords = new RecordsByRoom<VideoLineage>();
  /** Purged ids: an id tombstoned in any room is hidden from every query, in every room. */
  private readonly tombstoneRecords = new RecordsByRoom<Tombstone>();
  private readonly entries: (IndexedAsset | undefined)[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  private readonly notes = new CollectionNotes();
  private readonly sharesByAsset = new Map<string, Set<string>>();
  private readonly rooms = new Map<string, Attached>();
  private readonly subscribers = new Set<(change: IndexChange) => void>();
  private readonly problemLog: ProblemLog;
  private readonly orders: SortOrders;
  private bulk = false;
  /** Assets with a parent or child that counts (`has_lineage`), kept as a bitset for search. */
  private lineageBits: Bitset = newBitset(1024);

  constructor(rooms: readonly LibraryRoom[] = [], options: LibraryIndexOptions = {}) {
    this.problemLog = new ProblemLog(options.onProblem);
    this.rankBudget = options.rankBudget ?? 2000;
    this.lineage = new LineageGraph((id) => this.slotOf.has(id));
    this.orders = new SortOrders((slot) => this.entries[slot]!, this.bits);
    for (const room of rooms) this.addRoom(room);
  }

  /** Starts indexing a room (replacing an earlier room of the same name). */
  addRoom(room: LibraryRoom): void {
    if (this.rooms.has(room.name)) this.removeRoom(room.name);
    const read = (kind: RecordMap, id: string) => mapOf[kind](room.doc).get(id);
    const detach = watchRoom(room.doc, (batch) => this.apply(room.name, batch, read));
    this.rooms.set(room.name, { room, detach });
  }

  /** Stops indexing a room; its records disappear from every query. */
  removeRoom(name: string): void {
    const attached = this.rooms.get(name);
    if (!attached) return;
    attached.detach();
    this.rooms.delete(name);
    const removed: Pending = {
      assets: new Set(this.assets.idsIn(name)),
      collections: new Set(this.collectionRecords.idsIn(name)),
      shares: new Set(this.shareRecords.idsIn(name)),
      lineage: new Set(this.edgeRecords.idsIn(name)),
      tombstones: new Set(this.tombstoneRecords.idsIn(name)),
    };
    this.apply(name, removed, () => undefined);
    this.problemLog.clearRoom(name);
  }

  /** Detaches from every room and drops subscribers. */
  destroy(): void {
    for (const attached of this.rooms.values()) attached.detach();
    this.rooms.clear();
    this.subscribers.clear();
  }

  /** Calls `fn` once per transaction batch with the changed ids; returns the unsubscribe. */
  subscribe(fn: (change: IndexChange) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  /** Malformed records currently skipped. */
  get problems(): IndexProblem[] {
    return this.problemLog.list();
  }

  roomNames(): string[] {
    return [...this.rooms.keys()];
  }

  asset(id: string): IndexedAsset | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.entries[slot];
  }

  assetAt(slot: number): IndexedAsset | undefined {
    return this.entries[slot];
  }

  /** Upper bound of slots in use. */
  get capacity(): number {
    return this.entries.length;
  }

  /** Slots every bitset of this index has room for (a multiple of 32, ≥ capacity). */
  get bitCapacity(): number {
    return this.bits;
  }

  /** Numeric sort keys by slot (created ms, duration, views). Do not modify. */
  sortKeys(field: 'created' | 'duration' | 'views'): Float64Array {
    return this.orders.keysOf(field);
  }

  /** Slots of assets whose `has_lineage` is true. Do not modify. */
  get hasLineageBits(): Bitset {
    return this.lineageBits;
  }

  /**
   * Sets in `into` the slots whose numeric sort key lies in [min, max], read off the standing
   * order (binary search, then the range).
   */
  rangeBits(field: 'created' | 'duration', min: number, max: number, into: Bitset): Bitset {
    return this.orders.rangeBits(field, min, max, into);
  }

  /** Slots of live and trashed assets in ascending order of a field (ties by asset id); a view valid until the next change. */
  order(field: SortField): Int32Array {
    return this.orders.order(field);
  }

  *allAssets(): IterableIterator<IndexedAsset> {
    for (const entry of this.entries) if (entry) yield entry;
  }

  get assetCount(): number {
    return this.slotOf.size;
  }

  collection(id: string): Placed<VideoCollection> | undefined {
    return this.isTombstoned(id) ? undefined : this.collectionRecords.get(id);
  }

  /** Whether a purge tombstone for this asset or collection id sits in any room indexed. */
  isTombstoned(id: string): boolean {
    return this.tombstoneRecords.get(id) !== undefined;
  }

  *collections(): IterableIterator<Placed<VideoCollection>> {
    for (const placed of this.collectionRecords.values()) {
      if (!this.isTombstoned(placed.value.id)) yield placed;
    }
  }

  sharesOf(assetId: string): VideoShare[] {
    const shares: VideoShare[] = [];
    for (const id of this.sharesByAsset.get(assetId) ?? []) {
      const share = this.shareRecords.get(id);
      if (share) shares.push(share.value);
    }
    return shares;
  }

  /** Children by duplication that are not in the trash. */
  duplicateCount(assetId: string): number {
    return this.countChildren(assetId, 'duplicate');
  }

  remixCount(assetId: string): number {
    return this.countChildren(assetId, 'remix');
  }

  /** Whether the asset has a parent or child that counts (known, not trashed). */
  hasLineage(assetId: string): boolean {
    for (const edge of this.lineage.parentsOf(assetId))
      if (this.isLive(edge.parent_id)) return true;
    for (const edge of this.lineage.childrenOf(assetId))
      if (this.isLive(edge.child_id)) return true;
    return false;
  }

  /**
   * The asset's parent, root and version as every query shows them: the stored parent only when
   * its link counts (live/lineage-meta.ts).
   */
  lineageMeta(assetId: string): LineageMeta | undefined {
    return deriveLineageMeta(
      assetId,
      (id) => this.asset(id)?.asset.metadata,
      (id) => this.lineage.parentsOf(id),
    );
  }

  isLive(assetId: string): boolean {
    const entry = this.asset(assetId);
    return entry !== undefined && entry.asset.trashed_at === null;
  }

  private countChildren(assetId: string, type: VideoLineage['evolution_type']): number {
    let count = 0;
    for (const edge of this.lineage.childrenOf(assetId)) {
      if (edge.evolution_type === type && this.isLive(edge.child_id)) count++;
    }
    return count;
  }

  /** Re-reads the given records of one room (`read` gives undefined for a deleted record). */
  private apply(
    room: string,
    batch: Pending,
    read: (kind: RecordMap, id: string) => unknown,
  ): void {
    const changedAssets = new Set<string>();
    const textDirty = new Set<string>();
    const graphSeeds: string[] = [];
    const changedCollections = new Set(batch.collections);
    this.bulk = batch.assets.size > BULK;

    for (const id of batch.tombstones) {
      const value = this.validate(room, 'tombstones', id, read('tombstones', id), readTombstone);
      const wasTombstoned = this.isTombstoned(id);
      const collectionBefore = this.collection(id)?.value;
      this.tombstoneRecords.set(room, id, value);
      if (this.isTombstoned(id) === wasTombstoned) continue;
      // The id appears or disappears from every room at once.
      if (this.assets.get(id)) {
        changedAssets.add(id);
        textDirty.add(id);
        graphSeeds.push(id);
        this.placeAsset(id);
      }
      if (this.collectionRecords.get(id)) {
        changedCollections.add(id);
        const after = this.collection(id)?.value;
        for (const assetId of this.notes.update(
          id,
          shownItems(collectionBefore),
          shownItems(after),
        )) {
          textDirty.add(assetId);
        }
      }
    }
    for (const id of batch.assets) {
      const value = this.validate(room, 'assets', id, read('assets', id), readAsset);
      if (this.assets.set(room, id, value)) {
        changedAssets.add(id);
        textDirty.add(id);
        graphSeeds.push(id);
        this.placeAsset(id);
      }
    }
    for (const id of batch.lineage) {
      const value = this.validate(room, 'lineage', id, read('lineage', id), readLineage);
      if (this.edgeRecords.set(room, id, value)) {
        graphSeeds.push(...this.lineage.setEdge(id, this.edgeRecords.get(id)?.value));
      }
    }
    for (const id of batch.collections) {
      const raw = read('collections', id);
      const value = this.validate(room, 'collections', id, raw, readCollection);
      const before = this.collection(id)?.value;
      if (this.collectionRecords.set(room, id, value)) {
        const after = this.collection(id)?.value;
        for (const assetId of this.notes.update(id, shownItems(before), shownItems(after))) {
          textDirty.add(assetId);
        }
      }
    }
    for (const id of batch.shares) {
      const value = this.validate(room, 'shares', id, read('shares', id), readShare);
      const before = this.shareRecords.get(id)?.value;
      if (this.shareRecords.set(room, id, value)) {
        const after = this.shareRecords.get(id)?.value;
        if (before) this.sharesByAsset.get(before.asset_id)?.delete(id);
        if (after) {
          let set = this.sharesByAsset.get(after.asset_id);
          if (!set) this.sharesByAsset.set(after.asset_id, (set = new Set()));
          set.add(id);
        }
      }
    }

    const familyChanged = this.lineage.settle(graphSeeds);
    for (const id of [...graphSeeds, ...familyChanged]) changedAssets.add(id);
    // A neighbour's trash state changes this asset's derived counts: tell views about it too.
    for (const id of [...changedAssets]) {
      for (const edge of this.lineage.parentsOf(id)) changedAssets.add(edge.parent_id);
      for (const edge of this.lineage.childrenOf(id)) changedAssets.add(edge.child_id);
    }
    for (const id of textDirty) this.reindexText(id);
    for (const id of changedAssets) {
      const slot = this.slotOf.get(id);
      if (slot === undefined) continue;
      if (this.hasLineage(id)) setBit(this.lineageBits, slot);
      else clearBit(this.lineageBits, slot);
    }
    if (this.bulk) {
      this.orders.rebuild([...this.slotOf.values()]);
      this.bulk = false;
    }

    const change: IndexChange = {
      room,
      assets: [...changedAssets],
      collections: [...changedCollections],
      shares: [...batch.shares],
      lineage: [...batch.lineage],
    };
    for (const subscriber of this.subscribers) subscriber(change);
  }

  private validate<T>(
    room: string,
    map: RecordMap,
    id: string,
    raw: unknown,
    reader: (value: unknown) => ReadResult<T>,
  ): T | undefined {
    if (raw === undefined) {
      this.problemLog.set(room, map, id, []);
      return undefined;
    }
    const result = reader(raw);
    if (!result.ok) {
      this.problemLog.set(room, map, id, [
        { room, map, id, path: result.path, message: result.message },
      ]);
      return undefined;
    }
    const problems: IndexProblem[] = [];
    const value = result.value as T & { id?: unknown; skipped?: VideoCollection['skipped'] };
    if (value.id !== id) {
      problems.push({ room, map, id, path: 'id', message: 'does not match its key' });
    }
    for (const item of value.skipped ?? []) {
      problems.push({ room, map, id, path: item.path, message: item.message });
    }
    this.problemLog.set(room, map, id, problems);
    return value.id === id ? value : undefined;
  }

  /** Puts the winning record of `id` (or its absence) into the slot arrays, orders and facets. */
  private placeAsset(id: string): void {
    const placed = this.isTombstoned(id) ? undefined : this.assets.get(id);
    let slot = this.slotOf.get(id);
    const previous = slot === undefined ? undefined : this.entries[slot];
    if (!placed) {
      if (slot === undefined) return;
      const freed = slot;
      this.orders.place(
        freed,
        previous,
        undefined,
        () => (this.entries[freed] = undefined),
        this.bulk,
      );
      clearBit(this.lineageBits, freed);
      this.slotOf.delete(id);
      this.freeSlots.push(freed);
      this.facets.remove(freed);
      this.text.remove(freed);
      return;
    }
    if (slot === undefined) {
      slot = this.freeSlots.pop() ?? this.entries.length;
      this.slotOf.set(id, slot);
      if (slot >= this.bits) {
        while (slot >= this.bits) this.bits *= 2;
        this.facets.grow(this.bits);
        this.orders.grow(this.bits);
        this.lineageBits = resized(this.lineageBits, this.bits);
      }
    }
    const { value: asset, room } = placed;
    const entry: IndexedAsset = {
      asset,
      room,
      slot,
      createdMs: isoToMs(asset.created_at),
      nameKey: asset.name.toLowerCase(),
    };
    const at = slot;
    this.orders.place(at, previous, entry, () => (this.entries[at] = entry), this.bulk);
    const meta = asset.metadata;
    this.facets.upsert(slot, {
      tag: asset.tags,
      category: asset.category ? [asset.category] : [],
      mood: meta.mood ? [meta.mood] : [],
      scene_type: meta.scene_type ? [meta.scene_type] : [],
      engine: asset.engine ? [asset.engine] : [],
      creator: [asset.creator_id],
      team: [asset.team_id],
      status: [asset.status],
      trashed: [asset.trashed_at === null ? 'no' : 'yes'],
    });
  }

  private reindexText(id: string): void {
    const entry = this.asset(id);
    if (!entry) return;
    const { asset } = entry;
    this.text.upsert(entry.slot, id, {
      name: asset.name,
      prompt: asset.prompt,
      tags: asset.tags,
      category: asset.category,
      notes: this.notes.textOf(id),
      evolution_note: asset.metadata.evolution_note,
    });
  }
}

/** Items whose notes are searchable text of their videos: none for a trashed or purged collection. */
function shownItems(collection: VideoCollection | undefined): readonly CollectionItem[] {
  return collection && collection.trashed_at === null ? collection.items : [];
}
