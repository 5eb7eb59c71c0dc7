/** What the constellation view tells its page, and what tests and benchmarks may ask it. */

export interface ViewEvents {
  /** The star under the pointer changed (-1: none), with its screen position. */
  hover(index: number, screen: { x: number; y: number } | null): void;
  /** The star chosen with the keyboard changed (-1: none), or moved on screen. */
  focus(index: number, screen: { x: number; y: number } | null): void;
  /** A star was clicked (not dragged), or Enter was pressed on the focused one. */
  open(index: number, via: 'pointer' | 'keyboard'): void;
  /** A star was dropped at a world position. */
  pin(index: number, x: number, y: number): void;
  /** A pinned star was alt-clicked: let the layout place it again. */
  unpin(index: number): void;
  /** Whether a star may be dragged (read-only people cannot pin). */
  canPin(): boolean;
}

/** What tests and benchmarks can ask the map, through the canvas element. */
export interface ConstellationProbe {
  screenOf(id: string): { x: number; y: number } | null;
  worldOf(id: string): { x: number; y: number } | null;
  starCount(): number;
  /** The id of the star chosen with the keyboard, or null. */
  focused(): string | null;
  /** Milliseconds of the last frame drawn. */
  lastFrameMs(): number;
  frames(): number;
  /** Pictures of the sky drawn so far, on the main thread and by the worker. */
  pictures(): { main: number; worker: number };
  zoomBy(factor: number): void;
  panBy(dx: number, dy: number): void;
}

export interface ViewOptions {
  /**
   * Whether panning and zooming transform a cached picture of the stars (redrawn crisp once the
   * gesture rests) instead of drawing every star each frame. On by default; off for comparison.
   */
  layerCache?: boolean;
  /** Starts a sky.worker to draw the cached picture off the main thread (none: drawn here). */
  skyWorker?: () => Worker | null;
}
