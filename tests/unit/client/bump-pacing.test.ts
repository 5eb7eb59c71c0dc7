import { describe, expect, it } from 'vitest';
import {
  bumpDelay,
  FRAME_MS,
  MAX_GAP_MS,
  SYNCING_GAP_MS,
  WORK_FACTOR,
} from '../../../src/lib/client/bump-pacing';

describe('bumpDelay', () => {
  it('shows a change within a frame after a quiet spell, even while syncing or when views are slow', () => {
    expect(bumpDelay({ now: 10_000, lastDoneAt: -Infinity, lastWorkMs: 0, syncing: false })).toBe(
      FRAME_MS,
    );
    expect(bumpDelay({ now: 10_000, lastDoneAt: 5_000, lastWorkMs: 200, syncing: true })).toBe(
      FRAME_MS,
    );
  });

  it('keeps bumps a frame apart when the work after one is cheap', () => {
    expect(bumpDelay({ now: 1_001, lastDoneAt: 1_000, lastWorkMs: 1, syncing: false })).toBe(
      FRAME_MS,
    );
  });

  it('waits a multiple of what the last bump cost', () => {
    expect(bumpDelay({ now: 1_000, lastDoneAt: 1_000, lastWorkMs: 50, syncing: false })).toBe(
      50 * WORK_FACTOR,
    );
    // Part of the gap has passed already.
    expect(bumpDelay({ now: 1_100, lastDoneAt: 1_000, lastWorkMs: 50, syncing: false })).toBe(
      50 * WORK_FACTOR - 100,
    );
  });

  it('bumps a few times a second while a room takes in its first sync', () => {
    expect(bumpDelay({ now: 1_000, lastDoneAt: 1_000, lastWorkMs: 2, syncing: true })).toBe(
      SYNCING_GAP_MS,
    );
    expect(bumpDelay({ now: 1_000, lastDoneAt: 1_000, lastWorkMs: 150, syncing: true })).toBe(
      150 * WORK_FACTOR,
    );
  });

  it('never waits longer than the longest gap, however slow the views were', () => {
    expect(bumpDelay({ now: 1_000, lastDoneAt: 1_000, lastWorkMs: 5_000, syncing: true })).toBe(
      MAX_GAP_MS,
    );
  });
});
