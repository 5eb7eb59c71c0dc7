/**
 * Where each asset sits in the search structures: a dense slot number per asset id, the entry of
 * each slot, and what is derived per slot from the record alone — the facet postings, the sort
 * orders and their keys, and the has_lineage bitset. Every bitset has room for `bitCapacity`
 * slots; a large batch reserves room once and leaves the sort orders to be rebuilt, with one sort
 * each, when they are next read: a room read in many large pieces sorts once, not once a piece.
 */
import type { VideoAsset } from '../records/asset';
import { clearBit, newBitset, resized, setBit, type Bitset } from '../search/bitset';
import { FacetIndex, type FacetValues } from '../search/facet-index';
import type { IndexedAsset } from './indexed-asset';
import type { Placed } from './records-by-room';
import { SortOrders } from './sort-orders';
import { isoToMs } from './time';

/**
 * Changes of more records than this and than a sixteenth of the library at once leave the sort
 * orders to be rebuilt instead of updating them.
 */
const BULK = 64;

export class AssetSlots {
  private bits = 1024;
  readonly facets = new FacetIndex(this.bits);
  readonly #orders: SortOrders;
  /** A large batch changed the slots without updating the orders. */
  #ordersStale = false;
  private readonly entries: (IndexedAsset | undefined)[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  private bulk = false;
  /** Assets with a parent or child that counts (`has_lineage`), kept as a bitset for search. */
  private lineageBits: Bitset = newBitset(1024);

  /** `onFree` hears of a slot being given up (before it may be reused). */
  constructor(private readonly onFree: (slot: number) => void) {
    this.#orders = new SortOrders((slot) => this.entries[slot]!, this.bits);
  }

  /** The standing sort orders, first rebuilt if a large batch left them behind. */
  get orders(): SortOrders {
    if (this.#ordersStale) {
      this.#orders.rebuild([...this.slotOf.values()]);
      this.#ordersStale = false;
    }
    return this.#orders;
  }

  /**
   * Starts a batch that may place the assets `ids`. A large one leaves the sort orders stale
   * (see {@link orders}) and grows the bitsets once, up front, rather than doubling them as it
   * goes.
   */
  beginBatch(ids: ReadonlySet<string>): void {
    // Large against the library: moving one slot costs a search and a shift of each order, so
    // about a sixteenth of the slots moved costs a rebuild. Orders already waiting for a rebuild
    // keep waiting: the next read rebuilds them once, however many batches came meanwhile (a room
    // read in hundreds of pieces).
    this.bulk = this.#ordersStale || ids.size > Math.max(BULK, this.slotOf.size >> 4);
    if (!this.bulk) return;
    let added = 0;
    for (const id of ids) if (!this.slotOf.has(id)) added++;
    this.reserve(this.slotOf.size + added);
  }

  endBatch(): void {
    if (!this.bulk) return;
    this.#ordersStale = true;
    this.bulk = false;
  }

  entry(id: string): IndexedAsset | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.entries[slot];
  }

  at(slot: number): IndexedAsset | undefined {
    return this.entries[slot];
  }

  slot(id: string): number | undefined {
    return this.slotOf.get(id);
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  get size(): number {
    return this.slotOf.size;
  }

  /** Upper bound of slots in use. */
  get capacity(): number {
    return this.entries.length;
  }

  get bitCapacity(): number {
    return this.bits;
  }

  get hasLineageBits(): Bitset {
    return this.lineageBits;
  }

  setHasLineage(slot: number, value: boolean): void {
    if (value) setBit(this.lineageBits, slot);
    else clearBit(this.lineageBits, slot);
  }

  *all(): IterableIterator<IndexedAsset> {
    for (const entry of this.entries) if (entry) yield entry;
  }

  /** Puts the winning record of `id` (or, with undefined, its absence) into the slot structures. */
  place(id: string, placed: Placed<VideoAsset> | undefined): void {
    // Fresh orders first, while every slot in `slotOf` has its entry.
    const orders = this.#ordersFor();
    let slot = this.slotOf.get(id);
    const previous = slot === undefined ? undefined : this.entries[slot];
    if (!placed) {
      if (slot === undefined) return;
      const freed = slot;
      orders.place(freed, previous, undefined, () => (this.entries[freed] = undefined), this.bulk);
      clearBit(this.lineageBits, freed);
      this.slotOf.delete(id);
      this.freeSlots.push(freed);
      this.facets.remove(freed);
      this.onFree(freed);
      return;
    }
    if (slot === undefined) {
      slot = this.freeSlots.pop() ?? this.entries.length;
      this.slotOf.set(id, slot);
      if (slot >= this.bits) this.reserve(slot + 1);
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
    orders.place(at, previous, entry, () => (this.entries[at] = entry), this.bulk);
    this.facets.upsert(slot, facetValues(asset));
  }

  /** The orders a placement updates: a small change moves a slot in fresh orders. */
  #ordersFor(): SortOrders {
    return this.bulk ? this.#orders : this.orders;
  }

  /** Grows every bitset to hold `slots` slots (doubling, so capacity stays a power of two). */
  private reserve(slots: number): void {
    if (slots <= this.bits) return;
    while (slots > this.bits) this.bits *= 2;
    this.facets.grow(this.bits);
    this.#orders.grow(this.bits);
    this.lineageBits = resized(this.lineageBits, this.bits);
  }
}

const NO_VALUE: readonly string[] = [];
const TRASHED: readonly string[] = ['yes'];
const NOT_TRASHED: readonly string[] = ['no'];

function facetValues(asset: VideoAsset): FacetValues {
  const meta = asset.metadata;
  return {
    tag: asset.tags,
    category: asset.category ? [asset.category] : NO_VALUE,
    mood: meta.mood ? [meta.mood] : NO_VALUE,
    scene_type: meta.scene_type ? [meta.scene_type] : NO_VALUE,
    engine: asset.engine ? [asset.engine] : NO_VALUE,
    creator: [asset.creator_id],
    team: [asset.team_id],
    status: [asset.status],
    trashed: asset.trashed_at === null ? NOT_TRASHED : TRASHED,
  };
}
