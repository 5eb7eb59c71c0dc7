/**
 * Facet postings: for each facet (tag, category, mood, scene type, engine, creator) the set of
 * asset slots holding each value. Search narrows candidates with these before any text matching;
 * available filters and their counts read them directly.
 */
export const FACETS = ['tag', 'category', 'mood', 'scene_type', 'engine', 'creator'] as const;
export type Facet = (typeof FACETS)[number];

export type FacetValues = Record<Facet, readonly string[]>;

export class FacetIndex {
  private readonly postings: Record<Facet, Map<string, Set<number>>> = {
    tag: new Map(),
    category: new Map(),
    mood: new Map(),
    scene_type: new Map(),
    engine: new Map(),
    creator: new Map(),
  };
  private readonly bySlot = new Map<number, FacetValues>();

  upsert(slot: number, values: FacetValues): void {
    this.remove(slot);
    for (const facet of FACETS) {
      for (const value of values[facet]) {
        const slots = this.postings[facet].get(value);
        if (slots) slots.add(slot);
        else this.postings[facet].set(value, new Set([slot]));
      }
    }
    this.bySlot.set(slot, values);
  }

  remove(slot: number): void {
    const values = this.bySlot.get(slot);
    if (!values) return;
    for (const facet of FACETS) {
      for (const value of values[facet]) {
        const slots = this.postings[facet].get(value);
        slots?.delete(slot);
        if (slots?.size === 0) this.postings[facet].delete(value);
      }
    }
    this.bySlot.delete(slot);
  }

  /** The slots holding `value` of `facet` (empty when none). Do not modify. */
  slots(facet: Facet, value: string): ReadonlySet<number> {
    return this.postings[facet].get(value) ?? EMPTY;
  }

  values(facet: Facet): IterableIterator<[string, ReadonlySet<number>]> {
    return this.postings[facet].entries();
  }
}

const EMPTY: ReadonlySet<number> = new Set();
