/**
 * Fractional order keys for collection items (docs/schema.md, "Order"). The total order is
 * `compareItems`: by key, ties (two peers inserting at one spot offline) by asset id. Writes
 * rewrite as few keys as they can, so concurrent reorders of other items survive the merge.
 */
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

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
 * order): its own key, plus new keys for the items right after it that would otherwise not sort
 * after it. Usually that is nobody; it is the rest of a tie (two peers inserted at one spot, so two
 * items share a key and nothing fits between them) or keys another peer wrote that are not valid
 * order keys. Returns the item's key and index → key for the others to rewrite.
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
  const [key, ...rest] = generateNKeysBetween(low, high, 1 + highIndex - index);
  const rewrites = new Map<number, string>();
  rest.forEach((fresh, offset) => rewrites.set(index + offset, fresh));
  return { key: key!, rewrites };
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
  return rewrites;
}
