/**
 * Fractional order keys for collection items (docs/schema.md, "Order"). The total order is
 * `compareItems`: by key, ties (two peers inserting at one spot offline) by asset id. Writes
 * rewrite as few keys as they can, so concurrent reorders of other items survive the merge.
 */
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

/**
 * Keys grow by about a character for every few inserts at one spot. Past this length (well under
 * the 200 the stored schema allows) the write respaces every key of the collection instead: rare,
 * and it keeps keys short forever.
 */
export const LONG_KEY = 64;

/** True for keys `fractional-indexing` accepts as bounds (a peer may have written anything). */
export function isValidKey(key: string): boolean {
  try {
    generateKeyBetween(key, null);
    return true;
  } catch {
    return false;
  }
}

/**
 * Keys for putting one item at `index` of `sortedKeys` (the other items, in the collection's
 * order): its own key, plus new keys for neighbours that would otherwise not sort around it.
 * Usually that is nobody; it is the rest of a tie (two peers inserted at one spot, so two items
 * share a key and nothing fits between them) or neighbours whose keys another peer wrote and
 * `fractional-indexing` does not accept. Returns the item's key and index → key for the others.
 */
export function placeAt(
  sortedKeys: readonly string[],
  index: number,
): { key: string; rewrites: Map<number, string> } {
  let lowIndex = index - 1;
  while (lowIndex >= 0 && !isValidKey(sortedKeys[lowIndex]!)) lowIndex -= 1;
  const low = lowIndex >= 0 ? sortedKeys[lowIndex]! : null;
  let highIndex = index;
  while (
    highIndex < sortedKeys.length &&
    (!isValidKey(sortedKeys[highIndex]!) || (low !== null && sortedKeys[highIndex]! <= low))
  ) {
    highIndex += 1;
  }
  const high = highIndex < sortedKeys.length ? sortedKeys[highIndex]! : null;
  // Invalid keys just before the spot and tied or invalid keys just after it are rewritten with
  // the new one, in their current order, so the item lands exactly at `index`.
  const start = lowIndex + 1;
  const fresh = generateNKeysBetween(low, high, 1 + highIndex - start);
  const key = fresh[index - start]!;
  if (fresh.some((k) => k.length > LONG_KEY)) return respaceAround(sortedKeys, index);
  const rewrites = new Map<number, string>();
  for (let i = start; i < highIndex; i++)
    rewrites.set(i, fresh[i < index ? i - start : i - start + 1]!);
  return { key, rewrites };
}

/**
 * Indices (into `keys`) of a longest strictly increasing subsequence of `keys`: the items a
 * reorder can leave untouched. O(n log n) patience sorting.
 */
export function longestIncreasingRun(keys: readonly (string | null)[]): Set<number> {
  const tails: number[] = [];
  const previous: number[] = new Array<number>(keys.length).fill(-1);
  keys.forEach((key, i) => {
    if (key === null) return;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[tails[mid]!]! < key) lo = mid + 1;
      else hi = mid;
    }
    previous[i] = lo > 0 ? tails[lo - 1]! : -1;
    tails[lo] = i;
  });
  const keep = new Set<number>();
  let i = tails.length > 0 ? tails[tails.length - 1]! : -1;
  while (i >= 0) {
    keep.add(i);
    i = previous[i]!;
  }
  return keep;
}

/**
 * New keys that make `keys` (the current keys in the wanted order) strictly increasing while
 * keeping a longest increasing run untouched. Returns index → new key for the rewritten ones only.
 */
export function rekey(keys: readonly string[]): Map<number, string> {
  const usable = keys.map((key) => (isValidKey(key) ? key : null));
  const keep = longestIncreasingRun(usable);
  const rewrites = new Map<number, string>();
  let i = 0;
  while (i < keys.length) {
    if (keep.has(i)) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < keys.length && !keep.has(j)) j += 1;
    const low = i > 0 ? (rewrites.get(i - 1) ?? keys[i - 1]!) : null;
    const high = j < keys.length ? keys[j]! : null;
    const fresh = generateNKeysBetween(low, high, j - i);
    fresh.forEach((key, offset) => rewrites.set(i + offset, key));
    i = j;
  }
  if ([...rewrites.values()].some((key) => key.length > LONG_KEY)) {
    const fresh = generateNKeysBetween(null, null, keys.length);
    return new Map(fresh.map((key, index) => [index, key]));
  }
  return rewrites;
}

/**
 * Respaces the crowded stretch around `index` only: the smallest window of neighbours (among the
 * windows tried) whose fresh keys, between the keys just outside it, are short. A concurrent move
 * of an item outside the window keeps its key; a whole-collection respace would overwrite it.
 * Window sizes grow 0, 1, 2, … 8, then double, and each size tries at most nine placements around
 * the drop, so even a long crowded run costs O(n log n) key generations, not O(n³).
 */
function respaceAround(
  sortedKeys: readonly string[],
  index: number,
): { key: string; rewrites: Map<number, string> } {
  const n = sortedKeys.length;
  const bound = (i: number) =>
    i >= 0 && i < n && isValidKey(sortedKeys[i]!) ? sortedKeys[i]! : null;
  const attempt = (lo: number, hi: number) => {
    const low = bound(lo - 1);
    const high = bound(hi);
    if ((lo > 0 && low === null) || (hi < n && high === null)) return undefined;
    if (low !== null && high !== null && low >= high) return undefined;
    const fresh = generateNKeysBetween(low, high, 1 + hi - lo);
    if (fresh.some((k) => k.length > LONG_KEY)) return undefined;
    const rewrites = new Map<number, string>();
    for (let i = lo; i < hi; i++) rewrites.set(i, fresh[i < index ? i - lo : i - lo + 1]!);
    return { key: fresh[index - lo]!, rewrites };
  };
  for (let size = 0; size < n; size = size < 8 ? size + 1 : size * 2) {
    const centre = Math.floor(size / 2);
    const placements = new Set<number>();
    for (let d = 0; d <= 4; d++) {
      for (const before of [centre - d, centre + d]) {
        if (before >= 0 && before <= size) placements.add(before);
      }
    }
    for (const before of placements) {
      const lo = index - before; // first rewritten neighbour
      const hi = lo + size; // first neighbour kept after the window
      if (lo < 0 || hi > n) continue;
      const found = attempt(lo, hi);
      if (found) return found;
    }
  }
  // The whole collection: no bounds, so the keys are as short as they get.
  const spaced = generateNKeysBetween(null, null, n + 1);
  const rewrites = new Map<number, string>();
  sortedKeys.forEach((_, i) => rewrites.set(i, spaced[i < index ? i : i + 1]!));
  return { key: spaced[index]!, rewrites };
}
