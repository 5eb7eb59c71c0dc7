/**
 * The view's frames: at most one per animation frame and only when something changed. A frame
 * paints the cached picture of the sky (StarLayer) as closely as the moment needs and draws only
 * the highlights over it; once a pan or zoom comes to rest it draws once more, crisp.
 */
import { StarLayer } from './layer';
import { drawOverlay, drawScene, type Viewport } from './renderer';
import type { ViewOptions } from './view-api';
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
    if (this.#layerCache) {
      const moving = started - state.lastMove < SETTLE_MS;
      const key = `${state.version}:${lifted}`;
      const layer = this.#layer;
      if (!layer.usable(viewport, key, moving ? 'gesture' : 'exact')) {
        // The same sky at another transform: the worker draws it while the picture we have
        // stands in, as loosely as need be. Without a worker, a sky slow to draw is used
        // loosely too during a gesture, and drawn here once it rests.
        const drawing = layer.shows(viewport, key) && layer.request(scene, viewport, key);
        const loose = drawing || (moving && this.#renderMs > SLOW_RENDER_MS);
        if (!loose || !layer.usable(viewport, key, 'loose')) {
          layer.render(scene, viewport, key);
          layer.paint(this.#ctx, viewport);
          // The first paint of a new picture includes rasterising it.
          this.#renderMs = performance.now() - started;
        } else layer.paint(this.#ctx, viewport);
      } else layer.paint(this.#ctx, viewport);
    } else {
      drawScene(this.#ctx, scene, viewport);
    }
    drawOverlay(this.#ctx, scene, viewport, { hover: state.hover, focus: state.focus, lifted });
    this.#lastFrameMs = performance.now() - started;
    this.#frames++;
    this.#afterFrame();
  }
}
