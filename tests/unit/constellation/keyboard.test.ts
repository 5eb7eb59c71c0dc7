import { describe, expect, test } from 'vitest';
import {
  arrowDirection,
  KEY_ZOOM,
  keyAction,
  nearestInDirection,
  nearestTo,
  nextStar,
} from '../../../src/lib/constellation/keyboard';

/** Stars as [x, y] pairs; screen y grows downwards. */
function sky(points: [number, number][]): { xs: number[]; ys: number[] } {
  return { xs: points.map((p) => p[0]), ys: points.map((p) => p[1]) };
}

describe('moving between stars with the arrow keys', () => {
  // 0 in the middle, one star straight out in each direction, and two diagonal decoys.
  const cross = sky([
    [0, 0], // 0
    [10, 0], // 1 right
    [-10, 0], // 2 left
    [0, -10], // 3 up
    [0, 10], // 4 down
    [6, 6], // 5 closer, but diagonal (down-right)
  ]);

  test('each arrow goes to the star that lies that way', () => {
    expect(nearestInDirection(cross.xs, cross.ys, 0, 'right')).toBe(1);
    expect(nearestInDirection(cross.xs, cross.ys, 0, 'left')).toBe(2);
    expect(nearestInDirection(cross.xs, cross.ys, 0, 'up')).toBe(3);
    expect(nearestInDirection(cross.xs, cross.ys, 0, 'down')).toBe(4);
  });

  test('a nearer star off to the side loses to one straight ahead', () => {
    // Star 5 is 8.5 away at 45°; star 1 is 10 away straight right.
    expect(nearestInDirection(cross.xs, cross.ys, 0, 'right')).toBe(1);
  });

  test('the nearest star within the cone wins', () => {
    const row = sky([
      [0, 0],
      [30, 2],
      [12, -3],
      [50, 0],
    ]);
    expect(nearestInDirection(row.xs, row.ys, 0, 'right')).toBe(2);
    expect(nearestInDirection(row.xs, row.ys, 2, 'right')).toBe(1);
    expect(nearestInDirection(row.xs, row.ys, 1, 'right')).toBe(3);
  });

  test('with nothing within 45°, a star further to the side is still reachable', () => {
    const steep = sky([
      [0, 0],
      [5, 40],
    ]);
    expect(nearestInDirection(steep.xs, steep.ys, 0, 'right')).toBe(1);
    expect(nearestInDirection(steep.xs, steep.ys, 1, 'left')).toBe(0);
  });

  test('at the edge of the sky there is nowhere to go', () => {
    expect(nearestInDirection(cross.xs, cross.ys, 1, 'right')).toBe(-1);
    expect(nearestInDirection(cross.xs, cross.ys, 3, 'up')).toBe(-1);
  });

  test('stars on the same spot are passed over, not chosen', () => {
    const stacked = sky([
      [0, 0],
      [0, 0],
      [5, 0],
    ]);
    expect(nearestInDirection(stacked.xs, stacked.ys, 0, 'right')).toBe(2);
  });

  test('walking right along a row visits every star in order and comes back with left', () => {
    const xs = [0, 20, 40, 60, 80];
    const ys = [0, 3, -2, 1, 0];
    const visited = [0];
    for (let i = 0; i < 4; i++) {
      visited.push(nearestInDirection(xs, ys, visited.at(-1)!, 'right'));
    }
    expect(visited).toEqual([0, 1, 2, 3, 4]);
    const back = [4];
    for (let i = 0; i < 4; i++) back.push(nearestInDirection(xs, ys, back.at(-1)!, 'left'));
    expect(back).toEqual([4, 3, 2, 1, 0]);
  });

  test('works on the typed arrays the scene keeps', () => {
    const xs = Float32Array.from([0, 10, -10]);
    const ys = Float32Array.from([0, 1, 1]);
    expect(nearestInDirection(xs, ys, 0, 'left')).toBe(2);
  });

  test('the first star chosen is the one nearest the given point', () => {
    expect(nearestTo(cross.xs, cross.ys, 9, 1)).toBe(1);
    expect(nearestTo([], [], 0, 0)).toBe(-1);
  });

  test('with nothing focused an arrow picks the star nearest the middle, then moves from it', () => {
    expect(nextStar(cross.xs, cross.ys, -1, 'left', [1, 9])).toBe(4);
    expect(nextStar(cross.xs, cross.ys, 4, 'up', [1, 9])).toBe(0);
    expect(nextStar([], [], -1, 'up', [0, 0])).toBe(-1);
  });

  test('arrow keys name directions; other keys do not', () => {
    expect(arrowDirection('ArrowLeft')).toBe('left');
    expect(arrowDirection('ArrowRight')).toBe('right');
    expect(arrowDirection('ArrowUp')).toBe('up');
    expect(arrowDirection('ArrowDown')).toBe('down');
    expect(arrowDirection('Enter')).toBeNull();
  });
});

describe('what a key does on the map', () => {
  const press = (key: string, extra: Partial<KeyboardEvent> = {}) => ({
    key,
    shiftKey: false,
    altKey: false,
    ctrlKey: false,
    metaKey: false,
    ...extra,
  });

  test('arrows move, and with Shift move the focused star when the person may pin', () => {
    expect(keyAction(press('ArrowUp'), false, true)).toEqual({ kind: 'move', direction: 'up' });
    expect(keyAction(press('ArrowUp', { shiftKey: true }), true, true)).toEqual({
      kind: 'nudge',
      direction: 'up',
    });
    // A viewer (or nothing focused yet): Shift+arrow just moves between stars.
    expect(keyAction(press('ArrowUp', { shiftKey: true }), true, false)?.kind).toBe('move');
    expect(keyAction(press('ArrowUp', { shiftKey: true }), false, true)?.kind).toBe('move');
  });

  test('Enter opens and Escape lets go only with a star focused; + - 0 zoom and frame', () => {
    expect(keyAction(press('Enter'), true, false)).toEqual({ kind: 'open' });
    expect(keyAction(press('Enter'), false, false)).toBeNull();
    expect(keyAction(press('Escape'), false, false)).toBeNull();
    expect(keyAction(press('Escape'), true, false)).toEqual({ kind: 'release' });
    expect(keyAction(press('+', { shiftKey: true }), false, false)).toEqual({
      kind: 'zoom',
      factor: KEY_ZOOM,
    });
    expect(keyAction(press('='), false, false)).toEqual({ kind: 'zoom', factor: KEY_ZOOM });
    expect(keyAction(press('-'), false, false)).toEqual({ kind: 'zoom', factor: 1 / KEY_ZOOM });
    expect(keyAction(press('0'), false, false)).toEqual({ kind: 'fit' });
  });

  test('Tab and shortcuts with Ctrl, Alt or Meta stay with the browser', () => {
    expect(keyAction(press('Tab'), true, true)).toBeNull();
    expect(keyAction(press('ArrowLeft', { altKey: true }), true, true)).toBeNull();
    expect(keyAction(press('0', { ctrlKey: true }), true, true)).toBeNull();
    expect(keyAction(press('+', { metaKey: true }), true, true)).toBeNull();
  });
});
