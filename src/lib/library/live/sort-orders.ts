/**
 * The standing sort orders of the assets (created, name, duration, views) and their numeric keys
 * by slot. Typed arrays hold the keys so comparisons and range scans never touch the records (and
 * never box a number). An asset moves only in the orders whose key changed: a rename shifts one
 * array, a view another. After a large batch the orders are rebuilt with one sort instead.
 */
import { SlotOrder } from '../search/slot-order';
import type { Bitset } from '../search/bitset';
import type { IndexedAsset, SortField } from './indexed-asset';

type NumericField = Exclude<SortField, 'name'>;
const SORT_FIELDS: readonly SortField[] = ['created', 'name', 'duration', 'views'];
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

export class SortOrders {
  private keys: Record<NumericField, Float64Array>;
  private readonly orders: Record<SortField, SlotOrder>;

  /** `entryAt` reads the index's current entry of a slot. */
  constructor(
    private readonly entryAt: (slot: number) => IndexedAsset,
    capacity: number,
  ) {
    this.keys = {
      created: new Float64Array(capacity),
      duration: new Float64Array(capacity),
      views: new Float64Array(capacity),
    };
    const byId = (a: number, b: number) => {
      const ia = this.entryAt(a).asset.id;
      const ib = this.entryAt(b).asset.id;
      return ia < ib ? -1 : ia > ib ? 1 : 0;
    };
    const numeric = (field: NumericField) =>
      new SlotOrder((a, b) => {
        const keys = this.keys[field];
        return keys[a]! - keys[b]! || byId(a, b);
      });
    this.orders = {
      created: numeric('created'),
      duration: numeric('duration'),
      views: numeric('views'),
      name: new SlotOrder((a, b) => {
        const ka = this.entryAt(a).nameKey;
        const kb = this.entryAt(b).nameKey;
        return ka < kb ? -1 : ka > kb ? 1 : byId(a, b);
      }),
    };
  }

  grow(capacity: number): void {
    for (const field of NUMERIC_FIELDS) {
      const grown = new Float64Array(capacity);
      grown.set(this.keys[field]);
      this.keys[field] = grown;
    }
  }

  /**
   * Moves a slot from `previous` to `next` (either may be absent). `commit` must make `next` the
   * slot's entry; it runs between taking the old position out and putting the new one in.
   * With `bulk`, orders are left for {@link rebuild}.
   */
  place(
    slot: number,
    previous: IndexedAsset | undefined,
    next: IndexedAsset | undefined,
    commit: () => void,
    bulk: boolean,
  ): void {
    const moved =
      previous && next
        ? SORT_FIELDS.filter((field) => sortKey(previous, field) !== sortKey(next, field))
        : SORT_FIELDS;
    if (!bulk && previous) for (const field of moved) this.orders[field].remove(slot);
    commit();
    if (!next) return;
    for (const field of NUMERIC_FIELDS) this.keys[field][slot] = sortKey(next, field) as number;
    if (!bulk) for (const field of moved) this.orders[field].insert(slot);
  }

  rebuild(slots: readonly number[]): void {
    for (const order of Object.values(this.orders)) order.rebuild(slots);
  }

  order(field: SortField): Int32Array {
    return this.orders[field].order;
  }

  keysOf(field: NumericField): Float64Array {
    return this.keys[field];
  }

  /** Sets in `into` the slots whose key lies in [min, max]: a binary search, then the range. */
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
}
