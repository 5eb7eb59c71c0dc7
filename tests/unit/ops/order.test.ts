import { describe, expect, it } from 'vitest';
import { generateNKeysBetween } from 'fractional-indexing';
import { LONG_KEY, placeAt } from '../../../src/lib/library/ops/order';

describe('placeAt in a crowded collection', () => {
  it('respaces only a small window around the drop, keeping every key short and in order', () => {
    const keys = generateNKeysBetween(null, null, 40);
    // Items 20 and 21 sit in a gap that ~400 drops have crowded: nothing short fits between them.
    keys[20] = `${keys[19]}${'V'.repeat(70)}`;
    keys[21] = `${keys[19]}${'V'.repeat(71)}`;
    const sorted = [...keys].sort();
    expect(sorted).toEqual(keys);
    const { key, rewrites } = placeAt(keys, 21);
    expect(rewrites.size).toBeGreaterThan(0);
    expect(rewrites.size).toBeLessThanOrEqual(3);
    for (const index of rewrites.keys()) expect(Math.abs(index - 21)).toBeLessThanOrEqual(2);
    const after = [...keys];
    for (const [index, fresh] of rewrites) after[index] = fresh;
    after.splice(21, 0, key);
    for (const k of [key, ...rewrites.values()]) expect(k.length).toBeLessThanOrEqual(LONG_KEY);
    expect([...after].sort()).toEqual(after);
    expect(new Set(after).size).toBe(after.length);
  });

  it('finds short keys even when every key is crowded', () => {
    const base = 'a0' + 'V'.repeat(70);
    const keys = Array.from({ length: 6 }, (_, i) => `${base}${i + 1}`);
    const { key, rewrites } = placeAt(keys, 3);
    const after = [...keys];
    for (const [index, fresh] of rewrites) after[index] = fresh;
    after.splice(3, 0, key);
    for (const k of [key, ...rewrites.values()]) expect(k.length).toBeLessThanOrEqual(LONG_KEY);
    expect([...after].sort()).toEqual(after);
    expect(new Set(after).size).toBe(7);
  });
});
