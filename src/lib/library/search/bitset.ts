/**
 * Fixed-size bitsets over asset slots (dense small integers). Intersecting facet postings and term
 * matches as bitsets costs a few thousand word operations at 100k assets, whatever the set sizes.
 */
export type Bitset = Uint32Array;

export const newBitset = (capacity: number): Bitset => new Uint32Array((capacity + 31) >>> 5);

export function setBit(bits: Bitset, slot: number): void {
  bits[slot >>> 5]! |= 1 << (slot & 31);
}

export function clearBit(bits: Bitset, slot: number): void {
  bits[slot >>> 5]! &= ~(1 << (slot & 31));
}

export const hasBit = (bits: Bitset, slot: number): boolean =>
  (bits[slot >>> 5]! & (1 << (slot & 31))) !== 0;

/** Sets the bits of every slot in `slots` (which must be < capacity). */
export function addAll(bits: Bitset, slots: Iterable<number>): void {
  for (const slot of slots) bits[slot >>> 5]! |= 1 << (slot & 31);
}

/** `target &= other`, in place. */
export function intersectInto(target: Bitset, other: Bitset): void {
  for (let i = 0; i < target.length; i++) target[i]! &= other[i] ?? 0;
}

/** A copy with room for `capacity` slots (grown or kept). */
export function resized(bits: Bitset, capacity: number): Bitset {
  const next = newBitset(capacity);
  next.set(bits.subarray(0, Math.min(bits.length, next.length)));
  return next;
}

/** Number of set bits. */
export function popcount(bits: Bitset): number {
  let count = 0;
  for (let i = 0; i < bits.length; i++) count += popcount32(bits[i]!);
  return count;
}

/** Number of bits set in both. */
export function popcountAnd(a: Bitset, b: Bitset): number {
  let count = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) count += popcount32(a[i]! & b[i]!);
  return count;
}

function popcount32(word: number): number {
  let x = word - ((word >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
