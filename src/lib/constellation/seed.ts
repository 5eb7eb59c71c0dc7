/**
 * Deterministic randomness for the layout: the same ids give the same starting points on every
 * machine and every visit, so people find stars where they left them.
 */

/** FNV-1a of a string, as an unsigned 32-bit integer; `salt` gives independent streams. */
export function hashString(text: string, salt = 0): number {
  let hash = 2166136261 ^ salt;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  // A final avalanche so that ids differing in their last character spread over the whole range.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 2246822507);
  hash ^= hash >>> 13;
  return hash >>> 0;
}

/** A number in [0, 1) from a string. */
export function unitHash(text: string, salt = 0): number {
  return hashString(text, salt) / 4294967296;
}

/** A small seeded generator (mulberry32) for d3-force's jiggle. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
