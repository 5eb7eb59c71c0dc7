/**
 * Facet postings as bitsets over asset slots: for each facet (tag, category, mood, scene type,
 * engine, creator — and internally team, status and trash state) and each value, the slots
 * holding it. Search intersects these before any text matching; available filters count them.
 * At 100k assets a value costs 12.5 KB, so even a few thousand tags stay small.
 */
import { clearBit, newBitset, resized, setBit, type Bitset } from './bitset';

export const FACETS = ['tag', 'category', 'mood', 'scene_type', 'engine', 'creator'] as const;
export type Facet = (typeof FACETS)[number];
export type InternalFacet = Facet | 'team' | 'status' | 'trashed';
const ALL_FACETS: readonly InternalFacet[] = [...FACETS, 'team', 'status', 'trashed'];

export type FacetValues = Record<InternalFacet, readonly string[]>;

interface Posting {
  bits: Bitset;
  count: number;
}

export class FacetIndex {
  private readonly postings = new Map<InternalFacet, Map<string, Posting>>(
    ALL_FACETS.map((facet) => [facet, new Map()]),
  );
  private readonly bySlot = new Map<number, FacetValues>();
  private readonly empty: Bitset;

  constructor(private capacity: number) {
    this.empty = newBitset(0);
  }

  /** Makes room for slots below `capacity` (a multiple of 32). */
  grow(capacity: number): void {
    if (capacity <= this.capacity) return;
    this.capacity = capacity;
    for (const values of this.postings.values()) {
      for (const posting of values.values()) posting.bits = resized(posting.bits, capacity);
    }
  }

  upsert(slot: number, values: FacetValues): void {
    this.remove(slot);
    for (const facet of ALL_FACETS) {
      const map = this.postings.get(facet)!;
      for (const value of values[facet]) {
        let posting = map.get(value);
        if (!posting) map.set(value, (posting = { bits: newBitset(this.capacity), count: 0 }));
        setBit(posting.bits, slot);
        posting.count++;
      }
    }
    this.bySlot.set(slot, values);
  }

  remove(slot: number): void {
    const values = this.bySlot.get(slot);
    if (!values) return;
    for (const facet of ALL_FACETS) {
      const map = this.postings.get(facet)!;
      for (const value of values[facet]) {
        const posting = map.get(value);
        if (!posting) continue;
        clearBit(posting.bits, slot);
        if (--posting.count === 0) map.delete(value);
      }
    }
    this.bySlot.delete(slot);
  }

  /** The slots holding `value` (an empty bitset when none). Do not modify. */
  bits(facet: InternalFacet, value: string): Bitset {
    return this.postings.get(facet)!.get(value)?.bits ?? this.empty;
  }

  /** Values of a facet with their slots. Do not modify the bitsets. */
  *values(facet: InternalFacet): IterableIterator<[string, Bitset]> {
    for (const [value, posting] of this.postings.get(facet)!) yield [value, posting.bits];
  }
}
