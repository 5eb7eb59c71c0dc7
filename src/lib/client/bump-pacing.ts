/**
 * How often the workspace tells the views that the library changed. Each bump makes the open page
 * search the whole index again, which in a room of 100k clips costs far more than taking in a
 * piece of it: a first sync arrives as hundreds of pieces, and re-searching after each would cost
 * many times the sync itself. So bumps follow one another no faster than a multiple of what the
 * last one cost, and no faster than a few times a second while a room takes in its first sync;
 * after a quiet spell a change still shows within a frame.
 */

/** The shortest wait: one frame. */
export const FRAME_MS = 16;
/** Between bumps while a connected room is not yet in sync (the count still grows visibly). */
export const SYNCING_GAP_MS = 500;
/** Between bumps, as a multiple of the work the last one caused. */
export const WORK_FACTOR = 4;
/** The longest gap, however slow the last bump's work was. */
export const MAX_GAP_MS = 1000;

export interface BumpPacing {
  /** Now, in ms (performance.now()). */
  now: number;
  /** When the work after the last bump ended (-Infinity before the first). */
  lastDoneAt: number;
  /** How long the work after the last bump took (the views' re-query and render), ms. */
  lastWorkMs: number;
  /** A connected room is still taking in the server's state. */
  syncing: boolean;
}

/** How long from now to wait before the next bump. */
export function bumpDelay({ now, lastDoneAt, lastWorkMs, syncing }: BumpPacing): number {
  const gap = Math.min(
    MAX_GAP_MS,
    Math.max(syncing ? SYNCING_GAP_MS : 0, lastWorkMs * WORK_FACTOR),
  );
  return Math.max(FRAME_MS, lastDoneAt + gap - now);
}
