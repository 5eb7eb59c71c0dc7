/**
 * Which cached pictures of the sky may stand in for the sky as it is now. Lifting a star to drag
 * it, dropping it, and the new data that follows a drop (the star now pinned) each change the
 * sky, but in one star alone. Drawing the whole sky again for that on the main thread pauses a
 * big map for most of a second; instead the picture from before stays on screen with that one
 * star (and its edges) drawn over it, while the drawing worker draws the new sky. The picture
 * from before a lift still shows the star where it was until then: a faint trace beats a frozen
 * pointer.
 */
import type { Sky } from './renderer';

/** The cache key of a sky: its version, and the star left out for the overlay to draw. */
export function skyKey(version: number, lifted: number): string {
  return `${version}:${lifted}`;
}

/** A change of the sky that concerned one star at most (star -1: none), and the version it made. */
export interface OneStarChange {
  version: number;
  star: number;
}

/**
 * Follows the sky from frame to frame: the keys of earlier skies that differ from the sky now in
 * one star at most, and that star (-1: none). Any wider change forgets them all.
 */
export class StandIns {
  #version = Number.NaN;
  #lifted = -1;
  #keys = new Set<string>();
  #star = -1;

  /** The sky of this frame: its version, the lifted star, and how the version last changed. */
  advance(version: number, lifted: number, change: OneStarChange | null): void {
    const fromVersion = this.#version;
    const fromLifted = this.#lifted;
    this.#version = version;
    this.#lifted = lifted;
    if (version === fromVersion && lifted === fromLifted) return;
    const stepped = version === fromVersion + 1 && change?.version === version;
    if (version !== fromVersion && !stepped) return this.#forget();
    const changed = new Set([fromLifted, lifted, stepped ? change!.star : -1]);
    changed.delete(-1);
    if (changed.size > 1) return this.#forget();
    const star = changed.size === 1 ? [...changed][0]! : -1;
    // Older skies differ from this one in what changed before and in what changed now.
    if (star >= 0 && this.#star >= 0 && star !== this.#star) this.#keys.clear();
    if (star >= 0) this.#star = star;
    this.#keys.add(skyKey(fromVersion, fromLifted));
  }

  /** Keys of pictures that may stand in, newest last. */
  get keys(): Iterable<string> {
    return this.#keys;
  }

  /** The star those pictures may show wrongly or not at all: the overlay draws it, -1: none. */
  get star(): number {
    return this.#star;
  }

  #forget(): void {
    this.#keys.clear();
    this.#star = -1;
  }
}

/**
 * The one star in which two skies differ as drawn (its place, colour, name or pin), -1 when they
 * look the same, null when they differ in more (other stars, edges, regions, clusters).
 */
export function differingStar(before: Sky, after: Sky): number | null {
  if (before.size !== after.size) return null;
  if (before.clusters !== after.clusters || before.regions !== after.regions) return null;
  if (!sameValues(before.edges, after.edges)) return null;
  let star = -1;
  for (let i = 0; i < after.size; i++) {
    const a = before.stars[i]!;
    const b = after.stars[i]!;
    const same =
      before.x[i] === after.x[i] &&
      before.y[i] === after.y[i] &&
      before.palette[before.color[i]!] === after.palette[after.color[i]!] &&
      a.name === b.name &&
      a.pinned === b.pinned;
    if (same) continue;
    if (star >= 0) return null;
    star = i;
  }
  return star;
}

function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
