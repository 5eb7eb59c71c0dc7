/**
 * The view's frames: at most one per animation frame and only when something changed. A frame
 * paints the cached picture of the sky (StarLayer) as closely as the moment needs and draws only
 * the highlights over it; once a pan or zoom comes to rest it draws once more, crisp. When one
 * star changed (lifted, dropped, pinned) and the sky is slow to draw, the picture from before
 * stands in with that star drawn over it while the worker draws the new one.
 */
import { StarLayer } from './layer';
import { drawOverlay, drawScene, type Viewport } from './renderer';
import type { ViewOptions } from './view-api';
import type { Scene } from './scene';
import { skyKey, StandIns } from './sky-stand-in';
import { liftedStar, type ViewHost } from './view-state';

/** A pan or zoom that has not moved for this long has come to rest: draw the sky crisp. */
const SETTLE_MS = 140;
/** A picture that takes longer than this to draw is used loosely during gestures (see layer). */
const SLOW_RENDER_MS = 45;

export class ViewPainter {
  #host: ViewHost;
  #ctx: CanvasRenderingContext2D;
  #layerCache: boolean;
  #layer: StarLayer;
  #frame = 0;
  #settleTimer: ReturnType<typeof setTimeout> | 0 = 0;
  /** What drawing the cached picture last cost, to choose how loosely a gesture may use it. */
  #renderMs = 0;
  #lastFrameMs = 0;
  #frames = 0;
  #afterFrame: () => void;
  #standIns = new StandIns();

  /** `afterFrame` runs after each frame drawn (the focused star may have moved on screen). */
  constructor(host: ViewHost, options: ViewOptions, afterFrame: () => void) {
    this.#host = host;
    this.#afterFrame = afterFrame;
    this.#layerCache = options.layerCache ?? true;
    const worker = this.#layerCache ? (options.skyWorker?.() ?? null) : null;
    this.#layer = new StarLayer(worker, () => this.requestDraw());
    this.#ctx = host.canvas.getContext('2d', { alpha: false })!;
  }

  requestDraw(): void {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#draw();
    });
  }

  /** The transform changed: draw it now, and crisp once it has rested. */
  transformChanged(): void {
    this.#scheduleSettle();
    this.requestDraw();
  }

  /** Milliseconds the last frame took, and frames drawn so far (for tests and benchmarks). */
  get lastFrameMs(): number {
    return this.#lastFrameMs;
  }

  get frames(): number {
    return this.#frames;
  }

  /** Pictures of the sky drawn so far, on the main thread and by the worker. */
  get pictures(): { main: number; worker: number } {
    return { ...this.#layer.counts };
  }

  destroy(): void {
    cancelAnimationFrame(this.#frame);
    clearTimeout(this.#settleTimer);
    this.#layer.destroy();
  }

  /** Once the transform has stopped changing for SETTLE_MS, draw once more (crisp). */
  #scheduleSettle(): void {
    if (this.#settleTimer) return;
    const state = this.#host.state;
    const check = () => {
      const idle = performance.now() - state.lastMove;
      if (idle >= SETTLE_MS) {
        this.#settleTimer = 0;
        this.requestDraw();
      } else this.#settleTimer = setTimeout(check, SETTLE_MS - idle + 1);
    };
    this.#settleTimer = setTimeout(check, SETTLE_MS);
  }

  #draw(): void {
    const state = this.#host.state;
    const scene = state.scene;
    if (!scene) return;
    const started = performance.now();
    const lifted = liftedStar(state);
    const { width, height, dpr, transform } = state;
    const { k, x, y } = transform;
    const viewport: Viewport = { width, height, dpr, k, x, y, lifted };
    let drawnOver = lifted;
    if (this.#layerCache) {
      this.#standIns.advance(state.version, lifted, state.oneStarChange);
      const standIn = this.#paintSky(scene, viewport, started);
      if (standIn >= 0) drawnOver = standIn;
    } else {
      drawScene(this.#ctx, scene, viewport);
    }
    drawOverlay(this.#ctx, scene, viewport, {
      hover: state.hover,
      focus: state.focus,
      lifted: drawnOver,
    });
    this.#lastFrameMs = performance.now() - started;
    this.#frames++;
    this.#afterFrame();
  }

  /**
   * Paints the cached picture of the sky, drawing a new one here only when no picture will do.
   * Returns the star a stand-in picture shows wrongly, for the overlay to draw (-1: none).
   */
  #paintSky(scene: Scene, viewport: Viewport, started: number): number {
    const state = this.#host.state;
    const layer = this.#layer;
    const moving = started - state.lastMove < SETTLE_MS;
    const slow = this.#renderMs > SLOW_RENDER_MS;
    const key = skyKey(state.version, viewport.lifted ?? -1);
    if (layer.usable(viewport, key, moving ? 'gesture' : 'exact')) {
      layer.paint(this.#ctx, viewport);
      return -1;
    }
    if (layer.shows(viewport, key)) {
      // The same sky at another transform: the worker draws it while the picture we have
      // stands in, as loosely as need be. Without a worker, a sky slow to draw is used
      // loosely too during a gesture, and drawn here once it rests.
      const drawing = layer.request(scene, viewport, key);
      if ((drawing || (moving && slow)) && layer.usable(viewport, key, 'loose')) {
        layer.paint(this.#ctx, viewport);
        return -1;
      }
    } else if (slow) {
      // One star moved (lifted, dropped, pinned): the picture from before stands in, with that
      // star drawn over it, while the worker draws the new sky.
      const standIn = [...this.#standIns.keys].find((older) => layer.shows(viewport, older));
      if (
        standIn !== undefined &&
        layer.usable(viewport, standIn, 'loose') &&
        layer.request(scene, viewport, key)
      ) {
        layer.paint(this.#ctx, viewport);
        return this.#standIns.star;
      }
    }
    layer.render(scene, viewport, key);
    layer.paint(this.#ctx, viewport);
    // The first paint of a new picture includes rasterising it.
    this.#renderMs = performance.now() - started;
    return -1;
  }
}
