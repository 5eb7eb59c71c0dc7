/**
 * The live index: validated plain records of every room a person reads, kept current from Y
 * events. Queries (`../queries`) read only this; they never walk Y types.
 *
 * Each room's record maps are observed deeply; the ids of the records a transaction touched are
 * collected from the event paths and, once the transaction ends, only those records are re-read
 * and validated (`apply-batch.ts`). Malformed records are reported (`problems`) and skipped.
 * Derived data — lineage adjacency and counts, facet postings, sort orders (`asset-slots.ts`),
 * the text index (`asset-text.ts`) — is updated for the changed records alone, and subscribers
 * hear once per transaction which ids changed.
 *
 * With `deferText`, a large batch (a library loaded from storage) leaves its text to be indexed
 * later, in slices ({@link LibraryIndex.indexTextSlice}): records, facets, sorts and every
 * non-text filter are ready at once, and the first read of {@link LibraryIndex.text} indexes
 * whatever text is still waiting, so search answers are the same at every moment.
 */
import type { LibraryRoom } from '../context';
import type { VideoCollection } from '../records/collection';
import type { VideoLineage } from '../records/lineage';
import type { VideoShare } from '../records/share';
import type { Bitset } from '../search/bitset';
import type { FacetIndex } from '../search/facet-index';
import type { TextIndex } from '../search/text-index';
import { applyBatch, type IndexParts } from './apply-batch';
import { AssetSlots } from './asset-slots';
import { AssetText } from './asset-text';
import type { IndexChange, IndexedAsset, SortField } from './indexed-asset';
import { LineageGraph } from './lineage-graph';
import { deriveLineageMeta, type LineageMeta } from './lineage-meta';
import { ProblemLog, type IndexProblem, type RecordMap } from './problems';
import type { Placed } from './records-by-room';
import { RoomRecords } from './room-records';
import { mapOf, type Pending, watchRoom } from './room-watch';

export type { IndexChange, IndexedAsset, SortField } from './indexed-asset';

export interface LibraryIndexOptions {
  /** Called for every malformed record found (also listed in `problems`). */
  onProblem?: (problem: IndexProblem) => void;
  /**
   * Postings MiniSearch may score to rank one search by relevance; beyond it the cheaper ranking
   * applies (see `search/engine.ts`). Default 2000 (a few ms of MiniSearch scoring).
   */
  rankBudget?: number;
  /**
   * Leave the text of large batches to {@link LibraryIndex.indexTextSlice} (or to the first text
   * search), so a library opens without waiting for its text index. Default false.
   */
  deferText?: boolean;
}

interface Attached {
  room: LibraryRoom;
  detach: () => void;
}

export class LibraryIndex {
  readonly lineage: LineageGraph;
  readonly rankBudget: number;
  private readonly records = new RoomRecords();
  private readonly slots: AssetSlots;
  private readonly assetText: AssetText;
  private readonly parts: IndexParts;
  private readonly rooms = new Map<string, Attached>();
  private readonly subscribers = new Set<(change: IndexChange) => void>();
  private readonly problemLog: ProblemLog;

  constructor(rooms: readonly LibraryRoom[] = [], options: LibraryIndexOptions = {}) {
    this.problemLog = new ProblemLog(options.onProblem);
    this.rankBudget = options.rankBudget ?? 2000;
    this.slots = new AssetSlots((slot) => this.assetText.free(slot));
    this.assetText = new AssetText((id) => this.slots.entry(id), options.deferText ?? false);
    this.lineage = new LineageGraph((id) => this.slots.has(id));
    this.parts = {
      records: this.records,
      slots: this.slots,
      text: this.assetText,
      lineage: this.lineage,
      problems: this.problemLog,
      hasLineage: (id) => this.hasLineage(id),
    };
    for (const room of rooms) this.addRoom(room);
  }

  /** Facet postings (tags, category, mood, …; team, status, trash state) as bitsets by slot. */
  get facets(): FacetIndex {
    return this.slots.facets;
  }

  /** The text index, complete: reading it first indexes any text still waiting. */
  get text(): TextIndex {
    return this.assetText.complete;
  }

  /** Assets whose text is waiting to be indexed (0 unless `deferText`). */
  get textPending(): number {
    return this.assetText.pending;
  }

  /**
   * Indexes waiting text for about `budgetMs` (call from idle time). Returns whether all text is
   * indexed. Searches are exact whether or not this ever runs.
   */
  indexTextSlice(budgetMs: number): boolean {
    return this.assetText.indexSlice(budgetMs);
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
    this.apply(name, this.records.idsIn(name), () => undefined);
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
    return this.slots.entry(id);
  }

  assetAt(slot: number): IndexedAsset | undefined {
    return this.slots.at(slot);
  }

  /** Upper bound of slots in use. */
  get capacity(): number {
    return this.slots.capacity;
  }

  /** Slots every bitset of this index has room for (a multiple of 32, ≥ capacity). */
  get bitCapacity(): number {
    return this.slots.bitCapacity;
  }

  /** Numeric sort keys by slot (created ms, duration, views). Do not modify. */
  sortKeys(field: 'created' | 'duration' | 'views'): Float64Array {
    return this.slots.orders.keysOf(field);
  }

  /** Slots of assets whose `has_lineage` is true. Do not modify. */
  get hasLineageBits(): Bitset {
    return this.slots.hasLineageBits;
  }

  /**
   * Sets in `into` the slots whose numeric sort key lies in [min, max], read off the standing
   * order (binary search, then the range).
   */
  rangeBits(field: 'created' | 'duration', min: number, max: number, into: Bitset): Bitset {
    return this.slots.orders.rangeBits(field, min, max, into);
  }

  /** Slots of live and trashed assets in ascending order of a field (ties by asset id); a view valid until the next change. */
  order(field: SortField): Int32Array {
    return this.slots.orders.order(field);
  }

  allAssets(): IterableIterator<IndexedAsset> {
    return this.slots.all();
  }

  get assetCount(): number {
    return this.slots.size;
  }

  collection(id: string): Placed<VideoCollection> | undefined {
    return this.records.collection(id);
  }

  /** Whether a purge tombstone for this asset or collection id sits in any room indexed. */
  isTombstoned(id: string): boolean {
    return this.records.isTombstoned(id);
  }

  collections(): IterableIterator<Placed<VideoCollection>> {
    return this.records.liveCollections();
  }

  sharesOf(assetId: string): VideoShare[] {
    return this.records.sharesOf(assetId);
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

  private apply(
    room: string,
    batch: Pending,
    read: (kind: RecordMap, id: string) => unknown,
  ): void {
    const change = applyBatch(this.parts, room, batch, read);
    for (const subscriber of this.subscribers) subscriber(change);
  }
}
