/**
 * Where the view looks: d3-zoom's pan and zoom on the canvas (wheel, drag on empty sky, pinch),
 * and the moves the view makes itself: framing every star, zooming by buttons and keys, panning a
 * star into view.
 */
import { select, type Selection } from 'd3-selection';
import { zoom, zoomIdentity, type D3ZoomEvent, type ZoomBehavior } from 'd3-zoom';
import type { ViewHost } from './view-state';

/** Screen pixels a focused star keeps from the edge when the keyboard brings it into view. */
const REVEAL_PAD = 60;

export interface CameraOptions {
  /** Whether a press lands on a star: that starts a drag (or a click), not a pan. */
  pressesStar(event: MouseEvent): boolean;
  /** The transform changed (state.transform holds the new one). */
  onChange(): void;
}

export class ViewCamera {
  #host: ViewHost;
  #zoom: ZoomBehavior<HTMLCanvasElement, unknown>;
  #selection: Selection<HTMLCanvasElement, unknown, null, undefined>;

  constructor(host: ViewHost, options: CameraOptions) {
    this.#host = host;
    const state = host.state;
    this.#zoom = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([0.02, 12])
      .filter((event: Event) => {
        if (event.type === 'wheel' || event.type === 'dblclick') return true;
        if ((event as MouseEvent).button) return false;
        if (event.type === 'mousedown' || event.type === 'touchstart') {
          if (options.pressesStar(event as MouseEvent)) return false;
        }
        return true;
      })
      .on('zoom', (event: D3ZoomEvent<HTMLCanvasElement, unknown>) => {
        // Until the person moves the map, it keeps framing the whole sky as stars arrive.
        if (event.sourceEvent) state.moved = true;
        state.transform = event.transform;
        state.lastMove = performance.now();
        options.onChange();
      });
    this.#selection = select(host.canvas);
    this.#selection.call(this.#zoom).on('dblclick.zoom', null);
  }

  /** Frames every star (and region) in the canvas. */
  fit(): void {
    const { scene, width, height } = this.#host.state;
    if (!scene || width === 0) return;
    const { x0, y0, x1, y1 } = scene.bounds();
    const pad = 40;
    const k = Math.min(
      (width - pad * 2) / Math.max(1, x1 - x0),
      (height - pad * 2) / Math.max(1, y1 - y0),
      4,
    );
    const t = zoomIdentity
      .translate(width / 2 - ((x0 + x1) / 2) * k, height / 2 - ((y0 + y1) / 2) * k)
      .scale(k);
    this.#selection.call(this.#zoom.transform, t);
  }

  /** Zooms by `factor` around the focused star when it is on screen, else around the centre. */
  zoomBy(factor: number): void {
    const state = this.#host.state;
    state.moved = true;
    const at = state.focus >= 0 ? this.screenOf(state.focus) : null;
    const inside =
      at !== null && at.x >= 0 && at.y >= 0 && at.x <= state.width && at.y <= state.height;
    if (inside) this.#selection.call(this.#zoom.scaleBy, factor, [at.x, at.y]);
    else this.#selection.call(this.#zoom.scaleBy, factor);
  }

  /** Pans by screen pixels. */
  panBy(dx: number, dy: number): void {
    const k = this.#host.state.transform.k;
    this.#selection.call(this.#zoom.translateBy, dx / k, dy / k);
  }

  /** Pans just enough for a star to sit REVEAL_PAD pixels inside the screen. */
  reveal(index: number): void {
    const state = this.#host.state;
    const { x, y } = this.screenOf(index);
    const pad = Math.min(REVEAL_PAD, state.width / 4, state.height / 4);
    const dx = Math.min(0, state.width - pad - x) + Math.max(0, pad - x);
    const dy = Math.min(0, state.height - pad - y) + Math.max(0, pad - y);
    if (dx === 0 && dy === 0) return;
    state.moved = true;
    this.panBy(dx, dy);
  }

  screenOf(index: number): { x: number; y: number } {
    const { scene, transform } = this.#host.state;
    const [x, y] = transform.apply([scene!.x[index]!, scene!.y[index]!]);
    return { x, y };
  }

  destroy(): void {
    this.#selection.on('.zoom', null);
  }
}
