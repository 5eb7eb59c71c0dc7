/**
 * Asset slots kept sorted by one key (created, name, duration, views), so a page of a field sort
 * is read by walking the order and keeping the matches: no sorting per query. Updated in place
 * for single changes; rebuilt with one sort after a large batch (loading a room).
 */
export class SlotOrder {
  private slots: number[] = [];

  /** `compare` must give a total order (ties broken by id) over the slots' current keys. */
  constructor(private readonly compare: (a: number, b: number) => number) {}

  get order(): readonly number[] {
    return this.slots;
  }

  insert(slot: number): void {
    this.slots.splice(this.lowerBound(slot), 0, slot);
  }

  /** Call while the slot still has the keys it was inserted with. */
  remove(slot: number): void {
    const at = this.lowerBound(slot);
    if (this.slots[at] === slot) this.slots.splice(at, 1);
    else {
      // Keys changed behind our back: fall back to a scan rather than corrupt the order.
      const index = this.slots.indexOf(slot);
      if (index !== -1) this.slots.splice(index, 1);
    }
  }

  rebuild(slots: Iterable<number>): void {
    this.slots = [...slots].sort(this.compare);
  }

  private lowerBound(slot: number): number {
    let lo = 0;
    let hi = this.slots.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.slots[mid]!, slot) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
