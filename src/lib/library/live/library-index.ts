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
import * as Y from 'yjs';
import type { LibraryRoom } from '../context';
import { readAsset, type VideoAsset } from '../records/asset';
import type { ReadResult } from '../records/common';
import { readCollection, type CollectionItem, type VideoCollection } from '../records/collection';
import { readLineage, type VideoLineage } from '../records/lineage';
import { readShare, type VideoShare } from '../records/share';
import { assetsOf, collectionsOf, lineageOf, sharesOf } from '../schema';
import { clearBit, newBitset, resized, setBit, type Bitset } from '../search/bitset';
import { FacetIndex } from '../search/facet-index';
import { SlotOrder } from '../search/slot-order';
import { TextIndex } from '../search/text-index';
import { LineageGraph } from './lineage-graph';
import { ProblemLog, type IndexProblem, type RecordMap } from './problems';
import { RecordsByRoom, type Placed } from './records-by-room';
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

const SORT_FIELDS: readonly SortField[] = ['created', 'name', 'duration', 'views'];
type NumericField = Exclude<SortField, 'name'>;
const NUMERIC_FIELDS: readonly NumericField[] = ['created', 'duration', 'views'];

function sortKey(entry: IndexedAsset, field: SortField): number | string {
  switch (field) {
    case 'created':
      return entry.createdMs;
    case 'name':
      return entry.nameKey;
    case 'duration':
      return entry.asset.duration;
    case 'views':
      return entry.asset.metadata.view_count;
  }
}

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

type Pending = Record<RecordMap, Set<string>>;

interface Attached {
  room: LibraryRoom;
  pending: Pending;
  detach: () => void;
}

const MAPS: readonly RecordMap[] = ['assets', 'lineage', 'collections', 'shares'];
const mapOf: Record<RecordMap, (doc: Y.Doc) => Y.Map<unknown>> = {
  assets: assetsOf,
  collections: collectionsOf,
  shares: sharesOf,
  lineage: lineageOf,
};

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
  private readonly entries: (IndexedAsset | undefined)[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  /** asset id → collection id → that item's notes (they are searchable text of the asset). */
  private readonly notes = new Map<string, Map<string, string>>();
  private readonly sharesByAsset = new Map<string, Set<string>>();
  private readonly rooms = new Map<string, Attached>();
  private readonly subscribers = new Set<(change: IndexChange) => void>();
  private readonly problemLog: ProblemLog;
  private readonly orders: Record<SortField, SlotOrder>;
  private bulk = false;
  /** Numeric sort keys by slot: comparisons and range scans read these, never the records. */
  private keys: Record<NumericField, Float64Array> = {
    created: new Float64Array(1024),
    duration: new Float64Array(1024),
    views: new Float64Array(1024),
  };
  /** Assets with a parent or child that counts (`has_lineage`), kept as a bitset for search. */
  private lineageBits: Bitset = newBitset(1024);

  constructor(rooms: readonly LibraryRoom[] = [], options: LibraryIndexOptions = {}) {
    this.problemLog = new ProblemLog(options.onProblem);
    this.rankBudget = options.rankBudget ?? 2000;
    this.lineage = new LineageGraph((id) => this.slotOf.has(id));
    const entry = (slot: number) => this.entries[slot]!;
    const byId = (a: IndexedAsset, b: IndexedAsset) =>
      a.asset.id < b.asset.id ? -1 : a.asset.id > b.asset.id ? 1 : 0;
    const numeric = (field: NumericField) =>
      new SlotOrder((a, b) => {
        const keys = this.keys[field];
        return keys[a]! - keys[b]! || byId(entry(a), entry(b));
      });
    this.orders = {
      created: numeric('created'),
      duration: numeric('duration'),
      views: numeric('views'),
      name: new SlotOrder((a, b) => {
        const ea = entry(a);
        const eb = entry(b);
        return ea.nameKey < eb.nameKey ? -1 : ea.nameKey > eb.nameKey ? 1 : byId(ea, eb);
      }),
    };
    for (const room of rooms) this.addRoom(room);
  }

  /** Starts indexing a room (replacing an earlier room of the same name). */
  addRoom(room: LibraryRoom): void {
    if (this.rooms.has(room.name)) this.removeRoom(room.name);
    const pending: Pending = {
      assets: new Set(),
      collections: new Set(),
      shares: new Set(),
      lineage: new Set(),
    };
    const observers = MAPS.map((kind) => {
      const map = mapOf[kind](room.doc);
      const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
        for (const event of events) {
          if (event.target === map) {
            for (const key of event.changes.keys.keys()) pending[kind].add(key);
          } else {
            const id = event.path[0];
            if (typeof id === 'string') pending[kind].add(id);
          }
        }
      };
      map.observeDeep(observer);
      return () => map.unobserveDeep(observer);
    });
    const afterTransaction = () => this.flush(room.name);
    room.doc.on('afterTransaction', afterTransaction);
    this.rooms.set(room.name, {
      room,
      pending,
      detach: () => {
        observers.forEach((stop) => stop());
        room.doc.off('afterTransaction', afterTransaction);
      },
    });
    for (const kind of MAPS) for (const id of mapOf[kind](room.doc).keys()) pending[kind].add(id);
    this.flush(room.name);
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
    return this.keys[field];
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
    const order = this.orders[field].order;
    const keys = this.keys[field];
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[order[mid]!]! < min) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < order.length; i++) {
      const slot = order[i]!;
      if (keys[slot]! > max) break;
      into[slot >>> 5]! |= 1 << (slot & 31);
    }
    return into;
  }

  /** Slots of live and trashed assets in ascending order of a field (ties by asset id). */
  order(field: SortField): readonly number[] {
    return this.orders[field].order;
  }

  *allAssets(): IterableIterator<IndexedAsset> {
    for (const entry of this.entries) if (entry) yield entry;
  }

  get assetCount(): number {
    return this.slotOf.size;
  }

  collection(id: string): Placed<VideoCollection> | undefined {
    return this.collectionRecords.get(id);
  }

  collections(): IterableIterator<Placed<VideoCollection>> {
    return this.collectionRecords.values();
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

  private flush(roomName: string): void {
    const attached = this.rooms.get(roomName);
    if (!attached) return;
    const { pending, room } = attached;
    if (MAPS.every((kind) => pending[kind].size === 0)) return;
    const batch: Pending = {
      assets: new Set(pending.assets),
      collections: new Set(pending.collections),
      shares: new Set(pending.shares),
      lineage: new Set(pending.lineage),
    };
    for (const kind of MAPS) pending[kind].clear();
    this.apply(roomName, batch, (kind, id) => mapOf[kind](room.doc).get(id));
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
    this.bulk = batch.assets.size > BULK;

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
      const before = this.collectionRecords.get(id)?.value;
      if (this.collectionRecords.set(room, id, value)) {
        const after = this.collectionRecords.get(id)?.value;
        for (const assetId of this.updateNotes(id, before?.items ?? [], after?.items ?? [])) {
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
      const live = [...this.slotOf.values()];
      for (const order of Object.values(this.orders)) order.rebuild(live);
      this.bulk = false;
    }

    const change: IndexChange = {
      room,
      assets: [...changedAssets],
      collections: [...batch.collections],
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
    const placed = this.assets.get(id);
    let slot = this.slotOf.get(id);
    const previous = slot === undefined ? undefined : this.entries[slot];
    if (!placed) {
      if (slot === undefined) return;
      if (!this.bulk) for (const field of SORT_FIELDS) this.orders[field].remove(slot);
      this.entries[slot] = undefined;
      clearBit(this.lineageBits, slot);
      this.slotOf.delete(id);
      this.freeSlots.push(slot);
      this.facets.remove(slot);
      this.text.remove(slot);
      return;
    }
    if (slot === undefined) {
      slot = this.freeSlots.pop() ?? this.entries.length;
      this.slotOf.set(id, slot);
      if (slot >= this.bits) {
        while (slot >= this.bits) this.bits *= 2;
        this.facets.grow(this.bits);
        this.lineageBits = resized(this.lineageBits, this.bits);
        for (const field of NUMERIC_FIELDS) {
          const grown = new Float64Array(this.bits);
          grown.set(this.keys[field]);
          this.keys[field] = grown;
        }
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
    // Only orders whose key changed move: a rename shifts one array, a view another.
    const moved = previous
      ? SORT_FIELDS.filter((field) => sortKey(previous, field) !== sortKey(entry, field))
      : SORT_FIELDS;
    if (!this.bulk && previous) for (const field of moved) this.orders[field].remove(slot);
    this.entries[slot] = entry;
    for (const field of NUMERIC_FIELDS) this.keys[field][slot] = sortKey(entry, field) as number;
    if (!this.bulk) for (const field of moved) this.orders[field].insert(slot);
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
    const notes = this.notes.get(id);
    const { asset } = entry;
    this.text.upsert(entry.slot, id, {
      name: asset.name,
      prompt: asset.prompt,
      tags: asset.tags,
      category: asset.category,
      notes: notes ? [...notes.values()].join('\n') : '',
      evolution_note: asset.metadata.evolution_note,
    });
  }

  /** Updates the notes map; returns the assets whose searchable notes changed. */
  private updateNotes(
    collectionId: string,
    before: readonly CollectionItem[],
    after: readonly CollectionItem[],
  ): string[] {
    const changed: string[] = [];
    const next = new Map(after.map((item) => [item.asset_id, item.notes]));
    for (const item of before) {
      if (!next.has(item.asset_id)) {
        const notes = this.notes.get(item.asset_id);
        notes?.delete(collectionId);
        if (notes?.size === 0) this.notes.delete(item.asset_id);
        if (item.notes) changed.push(item.asset_id);
      }
    }
    for (const [assetId, text] of next) {
      let notes = this.notes.get(assetId);
      const previous = notes?.get(collectionId) ?? '';
      if (text) {
        if (!notes) this.notes.set(assetId, (notes = new Map()));
        notes.set(collectionId, text);
      } else if (notes) {
        notes.delete(collectionId);
        if (notes.size === 0) this.notes.delete(assetId);
      }
      if (previous !== text) changed.push(assetId);
    }
    return changed;
  }
}
