/**
 * The interactive canvas: sizing with devicePixelRatio, pan and zoom (d3-zoom), hover and click
 * through the quadtree, dragging a star to pin it. Redraws at most once per animation frame and
 * only when something changed. Plain TypeScript; the Svelte component wires it to the page.
 */
import { select, type Selection } from 'd3-selection';
import {
  zoom,
  zoomIdentity,
  type D3ZoomEvent,
  type ZoomBehavior,
  type ZoomTransform,
} from 'd3-zoom';
import { drawScene } from './renderer';
import { STAR_RADIUS, type Scene } from './scene';

export interface ViewEvents {
  /** The star under the pointer changed (-1: none), with its screen position. */
  hover(index: number, screen: { x: number; y: number } | null): void;
  /** A star was clicked (not dragged). */
  open(index: number): void;
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
  /** Milliseconds of the last frame drawn. */
  lastFrameMs(): number;
  frames(): number;
  zoomBy(factor: number): void;
  panBy(dx: number, dy: number): void;
}

const DRAG_THRESHOLD = 4;

export class ConstellationView {
  readonly canvas: HTMLCanvasElement;
  #ctx: CanvasRenderingContext2D;
  #scene: Scene | null = null;
  #transform: ZoomTransform = zoomIdentity;
  #zoom: ZoomBehavior<HTMLCanvasElement, unknown>;
  #selection: Selection<HTMLCanvasElement, unknown, null, undefined>;
  #width = 0;
  #height = 0;
  #dpr = 1;
  #frame = 0;
  #hover = -1;
  #drag: { index: number; startX: number; startY: number; moved: boolean } | null = null;
  #fitted = false;
  #moved = false;
  #resize: ResizeObserver;
  #lastFrameMs = 0;
  #frames = 0;

  constructor(
    canvas: HTMLCanvasElement,
    private readonly events: ViewEvents,
  ) {
    this.canvas = canvas;
    this.#ctx = canvas.getContext('2d', { alpha: false })!;
    this.#zoom = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([0.02, 12])
      // A press on a star starts a drag (or a click), not a pan.
      .filter((event: Event) => {
        if (event.type === 'wheel' || event.type === 'dblclick') return true;
        if ((event as MouseEvent).button) return false;
        if (event.type === 'mousedown' || event.type === 'touchstart') {
          const point = this.#pointer(event as MouseEvent);
          if (point && this.#hit(point.x, point.y) >= 0) return false;
        }
        return true;
      })
      .on('zoom', (event: D3ZoomEvent<HTMLCanvasElement, unknown>) => {
        // Until the person moves the map, it keeps framing the whole sky as stars arrive.
        if (event.sourceEvent) this.#moved = true;
        this.#transform = event.transform;
        this.requestDraw();
      });
    this.#selection = select(canvas);
    this.#selection.call(this.#zoom).on('dblclick.zoom', null);
    canvas.addEventListener('pointermove', this.#onPointerMove);
    canvas.addEventListener('pointerdown', this.#onPointerDown);
    canvas.addEventListener('pointerup', this.#onPointerUp);
    canvas.addEventListener('pointerleave', this.#onPointerLeave);
    this.#resize = new ResizeObserver(() => this.#measure());
    this.#resize.observe(canvas);
    this.#measure();
    (canvas as HTMLCanvasElement & { constellation?: ConstellationProbe }).constellation =
      this.probe();
  }

  setScene(scene: Scene): void {
    this.#scene = scene;
    if (this.#hover >= scene.size) this.#setHover(-1);
    if (!this.#moved && scene.size > 0 && scene.settled) {
      this.fit();
      this.#fitted = true;
    }
    this.requestDraw();
  }

  /** Frames every star (and region) in the canvas. */
  fit(): void {
    if (!this.#scene || this.#width === 0) return;
    const { x0, y0, x1, y1 } = this.#scene.bounds();
    const pad = 40;
    const k = Math.min(
      (this.#width - pad * 2) / Math.max(1, x1 - x0),
      (this.#height - pad * 2) / Math.max(1, y1 - y0),
      4,
    );
    const t = zoomIdentity
      .translate(this.#width / 2 - ((x0 + x1) / 2) * k, this.#height / 2 - ((y0 + y1) / 2) * k)
      .scale(k);
    this.#selection.call(this.#zoom.transform, t);
  }

  zoomBy(factor: number): void {
    this.#moved = true;
    this.#selection.call(this.#zoom.scaleBy, factor);
  }

  requestDraw(): void {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#draw();
    });
  }

  screenOf(index: number): { x: number; y: number } {
    const scene = this.#scene!;
    const [x, y] = this.#transform.apply([scene.x[index]!, scene.y[index]!]);
    return { x, y };
  }

  probe(): ConstellationProbe {
    const find = (id: string) => this.#scene?.indexOf.get(id);
    return {
      screenOf: (id) => {
        const i = find(id);
        return i === undefined ? null : this.screenOf(i);
      },
      worldOf: (id) => {
        const i = find(id);
        return i === undefined ? null : { x: this.#scene!.x[i]!, y: this.#scene!.y[i]! };
      },
      starCount: () => this.#scene?.size ?? 0,
      lastFrameMs: () => this.#lastFrameMs,
      frames: () => this.#frames,
      zoomBy: (factor) => this.zoomBy(factor),
      panBy: (dx, dy) =>
        this.#selection.call(
          this.#zoom.translateBy,
          dx / this.#transform.k,
          dy / this.#transform.k,
        ),
    };
  }

  destroy(): void {
    cancelAnimationFrame(this.#frame);
    this.#resize.disconnect();
    this.#selection.on('.zoom', null);
    this.canvas.removeEventListener('pointermove', this.#onPointerMove);
    this.canvas.removeEventListener('pointerdown', this.#onPointerDown);
    this.canvas.removeEventListener('pointerup', this.#onPointerUp);
    this.canvas.removeEventListener('pointerleave', this.#onPointerLeave);
  }

  #measure(): void {
    const rect = this.canvas.getBoundingClientRect();
    this.#dpr = window.devicePixelRatio || 1;
    this.#width = rect.width;
    this.#height = rect.height;
    this.canvas.width = Math.max(1, Math.round(rect.width * this.#dpr));
    this.canvas.height = Math.max(1, Math.round(rect.height * this.#dpr));
    if (!this.#fitted && this.#scene?.settled) {
      this.fit();
      this.#fitted = true;
    }
    this.requestDraw();
  }

  #draw(): void {
    if (!this.#scene) return;
    const started = performance.now();
    drawScene(
      this.#ctx,
      this.#scene,
      {
        width: this.#width,
        height: this.#height,
        dpr: this.#dpr,
        k: this.#transform.k,
        x: this.#transform.x,
        y: this.#transform.y,
      },
      { hover: this.#hover, selected: this.#drag?.index ?? -1 },
    );
    this.#lastFrameMs = performance.now() - started;
    this.#frames++;
  }

  #pointer(event: MouseEvent): { x: number; y: number } | null {
    const rect = this.canvas.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  /** The star under a screen point (a few pixels of slack for small stars), or -1. */
  #hit(x: number, y: number): number {
    if (!this.#scene) return -1;
    const [wx, wy] = this.#transform.invert([x, y]);
    const k = this.#transform.k;
    const radius = Math.max(STAR_RADIUS * 1.5, 7 / k);
    return this.#scene.find(wx, wy, radius);
  }

  #setHover(index: number): void {
    if (index === this.#hover) return;
    this.#hover = index;
    this.canvas.style.cursor = index >= 0 ? 'pointer' : '';
    this.events.hover(index, index >= 0 ? this.screenOf(index) : null);
    this.requestDraw();
  }

  #onPointerDown = (event: PointerEvent): void => {
    if (event.button !== 0) return;
    const point = this.#pointer(event)!;
    const index = this.#hit(point.x, point.y);
    if (index < 0) return;
    this.#drag = { index, startX: point.x, startY: point.y, moved: false };
    this.canvas.setPointerCapture(event.pointerId);
  };

  #onPointerMove = (event: PointerEvent): void => {
    const point = this.#pointer(event)!;
    const drag = this.#drag;
    if (drag && this.#scene) {
      const far = Math.hypot(point.x - drag.startX, point.y - drag.startY) > DRAG_THRESHOLD;
      if (!drag.moved && far && this.events.canPin()) {
        drag.moved = true;
        this.#moved = true;
      }
      if (drag.moved) {
        const [wx, wy] = this.#transform.invert([point.x, point.y]);
        this.#scene.move(drag.index, wx, wy);
        this.canvas.style.cursor = 'grabbing';
        this.events.hover(drag.index, this.screenOf(drag.index));
        this.requestDraw();
      }
      return;
    }
    if (event.buttons) return;
    this.#setHover(this.#hit(point.x, point.y));
  };

  #onPointerUp = (event: PointerEvent): void => {
    const drag = this.#drag;
    this.#drag = null;
    if (!drag || !this.#scene) return;
    if (this.canvas.hasPointerCapture(event.pointerId)) {
      this.canvas.releasePointerCapture(event.pointerId);
    }
    this.canvas.style.cursor = 'pointer';
    if (drag.moved) {
      this.events.pin(drag.index, this.#scene.x[drag.index]!, this.#scene.y[drag.index]!);
    } else if (event.altKey && this.#scene.stars[drag.index]?.pinned && this.events.canPin()) {
      this.events.unpin(drag.index);
    } else {
      this.events.open(drag.index);
    }
  };

  #onPointerLeave = (): void => {
    if (!this.#drag) this.#setHover(-1);
  };
}
