/**
 * Moving between stars with the arrow keys: from the focused star to the nearest star that lies
 * in the pressed direction. Pure functions over the scene's position arrays, so they are tested
 * without a canvas.
 */

export type Direction = 'left' | 'right' | 'up' | 'down';

/** The direction an arrow key names (screen y grows downwards, as in world space). */
export function arrowDirection(key: string): Direction | null {
  switch (key) {
    case 'ArrowLeft':
      return 'left';
    case 'ArrowRight':
      return 'right';
    case 'ArrowUp':
      return 'up';
    case 'ArrowDown':
      return 'down';
    default:
      return null;
  }
}

/** What a key pressed on the map does. */
export type KeyAction =
  | { kind: 'move'; direction: Direction }
  | { kind: 'nudge'; direction: Direction }
  | { kind: 'open' }
  | { kind: 'zoom'; factor: number }
  | { kind: 'fit' }
  | { kind: 'release' };

/** How much one press of + or - zooms. */
export const KEY_ZOOM = 1.5;

/**
 * The map's keys: arrows move between stars (Shift+arrows move the focused star, for people who
 * may pin), Enter opens it, + and - zoom, 0 frames every star, Escape lets go of the star.
 * Null for everything else, which the map leaves to the browser (Tab, shortcuts with modifiers).
 */
export function keyAction(
  event: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'altKey' | 'ctrlKey' | 'metaKey'>,
  hasFocus: boolean,
  canPin: boolean,
): KeyAction | null {
  if (event.altKey || event.ctrlKey || event.metaKey) return null;
  const direction = arrowDirection(event.key);
  if (direction) {
    return event.shiftKey && hasFocus && canPin
      ? { kind: 'nudge', direction }
      : { kind: 'move', direction };
  }
  switch (event.key) {
    case 'Enter':
      return hasFocus ? { kind: 'open' } : null;
    case '+':
    case '=':
      return { kind: 'zoom', factor: KEY_ZOOM };
    case '-':
    case '_':
      return { kind: 'zoom', factor: 1 / KEY_ZOOM };
    case '0':
      return { kind: 'fit' };
    case 'Escape':
      return hasFocus ? { kind: 'release' } : null;
    default:
      return null;
  }
}

/** Unit vector of a direction. */
function unit(direction: Direction): [number, number] {
  if (direction === 'left') return [-1, 0];
  if (direction === 'right') return [1, 0];
  if (direction === 'up') return [0, -1];
  return [0, 1];
}

/**
 * The star nearest to star `from` in `direction`, or -1 when there is none that way.
 *
 * A star counts as lying in a direction when it is ahead along that axis and within 45° of it;
 * among those the nearest wins, with sideways distance weighing double so that a press of →
 * follows a row rather than jumping diagonally. When nothing lies within the cone, any star ahead
 * along the axis will do (so every star stays reachable), scored the same way. Stars at exactly
 * the same place as `from` are skipped in favour of a real move; ties go to the lower index, so
 * the result never depends on anything but the positions.
 */
export function nearestInDirection(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  from: number,
  direction: Direction,
): number {
  const [dx, dy] = unit(direction);
  const x0 = xs[from]!;
  const y0 = ys[from]!;
  let best = -1;
  let bestScore = Infinity;
  let bestInCone = false;
  for (let i = 0; i < xs.length; i++) {
    if (i === from) continue;
    const vx = xs[i]! - x0;
    const vy = ys[i]! - y0;
    const along = vx * dx + vy * dy;
    if (along <= 0) continue;
    const across = Math.abs(vx * dy - vy * dx);
    const inCone = across <= along;
    if (bestInCone && !inCone) continue;
    const score = along + 2 * across;
    if ((inCone && !bestInCone) || score < bestScore) {
      best = i;
      bestScore = score;
      bestInCone = inCone;
    }
  }
  return best;
}

/** The star nearest to a point (the first star chosen when none is focused), or -1. */
export function nearestTo(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  x: number,
  y: number,
): number {
  let best = -1;
  let bestDistance = Infinity;
  for (let i = 0; i < xs.length; i++) {
    const distance = (xs[i]! - x) ** 2 + (ys[i]! - y) ** 2;
    if (distance < bestDistance) {
      best = i;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Where an arrow press goes: from the focused star (-1: none) to the nearest one that way; the
 * first press, with nothing focused, picks the star nearest the middle of the screen (`centre`,
 * in the same coordinates as the positions).
 */
export function nextStar(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  focused: number,
  direction: Direction,
  centre: readonly [number, number],
): number {
  if (focused < 0 || focused >= xs.length) return nearestTo(xs, ys, centre[0], centre[1]);
  return nearestInDirection(xs, ys, focused, direction);
}
