import { describe, expect, test } from 'vitest';
import { clipSegment } from '../../../src/lib/constellation/renderer';

/** The visible part of a→b inside the box (0,0)–(10,10), as end points, or null. */
function visible(ax: number, ay: number, bx: number, by: number): number[] | null {
  const out: [number, number] = [0, 1];
  if (!clipSegment(ax, ay, bx, by, 0, 0, 10, 10, out)) return null;
  const [t0, t1] = out;
  return [ax + (bx - ax) * t0, ay + (by - ay) * t0, ax + (bx - ax) * t1, ay + (by - ay) * t1];
}

describe('lineage edges are drawn only where they cross the screen', () => {
  test('an edge inside the screen is kept whole', () => {
    expect(visible(1, 1, 9, 5)).toEqual([1, 1, 9, 5]);
  });

  test('an edge leaving the screen is cut at its border', () => {
    expect(visible(5, 5, 25, 5)).toEqual([5, 5, 10, 5]);
    expect(visible(5, -5, 5, 5)).toEqual([5, 0, 5, 5]);
  });

  test('an edge passing across the screen keeps the part in between', () => {
    const part = visible(-10, -10, 20, 20)!;
    part.forEach((value, i) => expect(value).toBeCloseTo([0, 0, 10, 10][i]!));
  });

  test('an edge that misses the screen is left out', () => {
    expect(visible(-5, -5, -1, 20)).toBeNull();
    expect(visible(11, 0, 20, 10)).toBeNull();
    // Diagonal past a corner: its bounding box overlaps the screen, the line does not.
    expect(visible(8, 14, 14, 8)).toBeNull();
  });
});
