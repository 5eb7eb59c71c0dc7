/**
 * What the parts of the constellation view share: the scene and the transform it is shown at,
 * the canvas's size, and which stars are hovered, focused or being moved. One plain object that
 * the view owns and hands, with the few view operations they call back ({@link ViewHost}), to its
 * camera, pointer, keyboard and drawing parts, so that each reads the same truth and none reaches
 * into another's fields.
 */
import { zoomIdentity, type ZoomTransform } from 'd3-zoom';
import type { Scene } from './scene';
import type { OneStarChange } from './sky-stand-in';
import type { ViewEvents } from './view-api';

/** A press on a star: a click until the pointer travels, then (when pinning is allowed) a drag. */
export interface Drag {
  index: number;
  startX: number;
  startY: number;
  /** The star follows the pointer (and is pinned where it is dropped). */
  moved: boolean;
}

/** A star moved with Shift+arrows, stored once the keys rest. */
export interface Nudge {
  index: number;
  timer: ReturnType<typeof setTimeout>;
}

export interface ViewState {
  scene: Scene | null;
  /** d3-zoom's transform: screen = world * k + (x, y). */
  transform: ZoomTransform;
  /** The canvas in CSS pixels, and device pixels per CSS pixel. */
  width: number;
  height: number;
  dpr: number;
  /** The star under the pointer, -1 for none. */
  hover: number;
  /** The star chosen with the keyboard, -1 for none. */
  focus: number;
  drag: Drag | null;
  nudged: Nudge | null;
  /** The person has moved the map: it no longer frames the whole sky as stars arrive. */
  moved: boolean;
  /** Bumped whenever the sky itself changes (new scene, a star dropped, a new size). */
  version: number;
  /** The last change of the sky, when it concerned one star at most (see sky-stand-in.ts). */
  oneStarChange: OneStarChange | null;
  /** When the transform last changed (performance.now()), to tell a gesture from rest. */
  lastMove: number;
}

export function createViewState(): ViewState {
  return {
    scene: null,
    transform: zoomIdentity,
    width: 0,
    height: 0,
    dpr: 1,
    hover: -1,
    focus: -1,
    drag: null,
    nudged: null,
    moved: false,
    version: 0,
    oneStarChange: null,
    lastMove: -Infinity,
  };
}

/**
 * The star being moved (dragged, or nudged with the keys), -1 for none: the static sky leaves it
 * out and the overlay draws it, so moving it does not redraw every other star.
 */
export function liftedStar(state: ViewState): number {
  return state.drag?.moved ? state.drag.index : (state.nudged?.index ?? -1);
}

/**
 * The sky itself changed, so every cached picture of it is stale. `star`: the one star the
 * change concerned (-1: none), when it concerned one star at most.
 */
export function skyChanged(state: ViewState, star: number | null = null): void {
  state.version++;
  state.oneStarChange = star === null ? null : { version: state.version, star };
}

/** What the view's parts may ask of the view itself. */
export interface ViewHost {
  readonly canvas: HTMLCanvasElement;
  readonly state: ViewState;
  readonly events: ViewEvents;
  /** Draws a frame soon (at most one per animation frame). */
  requestDraw(): void;
  /** Where a star is on the canvas (CSS pixels). */
  screenOf(index: number): { x: number; y: number };
  /** See ConstellationView.focusStar. */
  focusStar(index: number, options?: { reveal?: boolean }): void;
}
