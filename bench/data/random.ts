/**
 * Seeded randomness for generated libraries: the same seed always gives the same library, so
 * benchmark runs and randomized tests are repeatable.
 */

/** mulberry32: small, fast, good enough for test data. Returns floats in [0, 1). */
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

export const randomInt = (random: () => number, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));

export function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)]!;
}

/**
 * A Zipf-like sampler over `values` (rank 1 commonest): P(rank k) ∝ 1 / k^s. Real vocabularies
 * look like this: a few words everywhere, a long tail of rare ones.
 */
export function zipfSampler<T>(
  random: () => number,
  values: readonly T[],
  exponent = 1,
): () => T {
  const cdf = new Float64Array(values.length);
  let total = 0;
  for (let k = 0; k < values.length; k++) {
    total += 1 / Math.pow(k + 1, exponent);
    cdf[k] = total;
  }
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = values.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return values[lo]!;
  };
}
