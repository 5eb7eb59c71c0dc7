/**
 * Asset slots kept sorted by one key (created, name, duration, views), so a page of a field sort
 * is read by walking the order and keeping the matches: no sorting per query. Updated in place
 * for single changes — a typed array moved with `copyWithin` (a memmove; `Array#splice` on 100k
 * elements costs milliseconds) — and rebuilt with one sort after a large batch.
 */
export class SlotOrder {
  private slots = new Int32Array(1024);
  private length = 0;

  /** `compare` must give a total order (ties broken by id) over the slots' current keys. */
  constructor(private readonly compare: (a: number, b: number) => number) {}

  /** The slots in order (a view: valid until the next change). */
  get order(): Int32Array {
    return this.slots.subarray(0, this.length);
  }

  insert(slot: number): void {
    if (this.length === this.slots.length) {
      const grown = new Int32Array(this.slots.length * 2);
      grown.set(this.slots);
      this.slots = grown;
    }
    const at = this.lowerBound(slot);
    this.slots.copyWithin(at + 1, at, this.length);
    this.slots[at] = slot;
    this.length++;
  }

  /** Call while the slot still has the keys it was inserted with. */
  remove(slot: number): void {
    let at = this.lowerBound(slot);
    // Keys changed behind our back: find it by scanning rather than corrupt the order.
    if (this.slots[at] !== slot || at >= this.length) at = this.order.indexOf(slot);
    if (at === -1) return;
    this.slots.copyWithin(at, at + 1, this.length);
    this.length--;
  }

  rebuild(slots: readonly number[]): void {
    const sorted = [...slots].sort(this.compare);
    this.slots = new Int32Array(Math.max(1024, sorted.length * 2));
    this.slots.set(sorted);
    this.length = sorted.length;
  }

  private lowerBound(slot: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.slots[mid]!, slot) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
