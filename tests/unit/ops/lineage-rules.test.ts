import { describe, expect, it } from 'vitest';
import { promptDelta, wouldCreateCycle } from '../../../src/lib/library/lineage-rules';
import { LONG_KEY, longestIncreasingRun, placeAt, rekey } from '../../../src/lib/library/ops/order';

const edge = (id: string, parent: string, child: string, at = '2026-01-01T00:00:00Z') => ({
  id,
  parent_id: parent,
  child_id: child,
  created_at: at,
});

describe('lineage rules', () => {
  it('detects cycles, self-edges included', () => {
    const edges = [edge('1', 'a', 'b'), edge('2', 'b', 'c')];
    expect(wouldCreateCycle(edges, 'c', 'a')).toBe(true);
    expect(wouldCreateCycle(edges, 'a', 'a')).toBe(true);
    expect(wouldCreateCycle(edges, 'a', 'c')).toBe(false);
  });

  it('writes prompt deltas as signed words', () => {
    expect(promptDelta('Same scene at night', 'Same scene at night with moonlight')).toBe(
      '+with +moonlight',
    );
    expect(promptDelta('a b', 'a b')).toBe('');
  });
});

describe('order keys', () => {
  it('keeps a longest increasing run', () => {
    expect([...longestIncreasingRun(['b', 'a', 'c', 'd'])].sort()).toEqual([1, 2, 3]);
    const keys = ['a3', 'a0', 'a1', 'a2'];
    const rewrites = rekey(keys);
    expect([...rewrites.keys()]).toEqual([0]);
    expect(rewrites.get(0)! < 'a0').toBe(true);
  });

  it('places a key inside a tie by rewriting the rest of the tie', () => {
    const { key, rewrites } = placeAt(['a0', 'a1', 'a1', 'a2'], 2);
    expect(key > 'a1' && key < 'a2').toBe(true);
    expect([...rewrites.keys()]).toEqual([2]);
    expect(rewrites.get(2)! > key && rewrites.get(2)! < 'a2').toBe(true);
    expect(placeAt(['a0', 'a1'], 1).rewrites.size).toBe(0);
  });

  it('lands exactly after a neighbour whose key is not a fractional key, rewriting it', () => {
    const sorted = ['a0', 'b', 'zz~'];
    const { key, rewrites } = placeAt(sorted, 2);
    const next = [...sorted];
    for (const [i, k] of rewrites) next[i] = k;
    next.splice(2, 0, key);
    expect([...next].sort()).toEqual(next);
    expect(next.indexOf(key)).toBe(2);
  });
});

describe('long keys', () => {
  it('respaces the whole collection instead of growing a key past LONG_KEY', () => {
    const keys = ['a0', 'a1'];
    // Insert again and again right after the first item.
    for (let i = 0; i < 1000; i++) {
      const { key, rewrites } = placeAt(keys, 1);
      for (const [index, fresh] of rewrites) keys[index] = fresh;
      keys.splice(1, 0, key);
      expect(key.length).toBeLessThanOrEqual(LONG_KEY);
    }
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
