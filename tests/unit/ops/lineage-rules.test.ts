import { describe, expect, it } from 'vitest';
import { promptDelta, wouldCreateCycle } from '../../../src/lib/library/lineage-rules';
import { longestIncreasingRun, placeAt, rekey } from '../../../src/lib/library/ops/order';

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
});
