/**
 * The interactive canvas: sizing with devicePixelRatio, pan and zoom (d3-zoom), hover and click
 * through the quadtree, dragging a star to pin it, and the same by keyboard (arrows between
 * stars, Enter, +/-/0, Shift+arrows to pin). Redraws at most once per animation frame and only
 * when something changed; a frame paints the cached picture of the sky (StarLayer) and draws
 * only the highlights over it. Plain TypeScript; the Svelte component wires it to the page.
 */
import { select, type Selection } from 'd3-selection';
import {
  zoom,
  zoomIdentity,
  type D3ZoomEvent,
  type ZoomBehavior,
  type ZoomTransform,
} from 'd3-zoom';
import { keyAction, nextStar, type Direction } from './keyboard';
import { StarLayer } from './layer';
import { drawOverlay, drawScene, type Viewport } from './renderer';
import type { ConstellationProbe, ViewEvents, ViewOptions } from './view-api';
import { STAR_RADIUS, type Scene } from './scene';

export type { ConstellationProbe, ViewEvents, ViewOptions } from './view-api';

const DRAG_THRESHOLD = 4;
/** A pan or zoom that has not moved for this long has come to rest: draw the sky crisp. */
const SETTLE_MS = 140;
/** A picture that takes longer than this to draw is used loosely during gestures (see layer). */
const SLOW_RENDER_MS = 45;
/** Screen pixels a focused star keeps from the edge when the keyboard brings it into view. */
const REVEAL_PAD = 60;
/** Screen pixels a Shift+arrow press moves the focused star. */
const NUDGE = 8;
/** A star moved with Shift+arrows is stored once the keys have rested this long. */
const NUDGE_STORE_MS = 400;

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
  #focus = -1;
  #drag: { index: number; startX: number; startY: number; moved: boolean } | null = null;
  #fitted = false;
  #moved = false;
  #resize: ResizeObserver;
  #lastFrameMs = 0;
  #frames = 0;
  #layerCache: boolean;
  #layer: StarLayer;
  /** Bumped whenever the sky itself changes (new scene, a star dragged, a new size). */
  #version = 0;
  #lastMove = -Infinity;
  /** What drawing the cached picture last cost, to choose how loosely a gesture may use it. */
  #renderMs = 0;
  #settleTimer: ReturnType<typeof setTimeout> | 0 = 0;
  /** Where the focused star was last reported on screen, to report it again when it moves. */
  #focusAt: { x: number; y: number } | null = null;
  #reported = -1;
  #nudged: { index: number; timer: ReturnType<typeof setTimeout> } | null = null;

  constructor(
    canvas: HTMLCanvasElement,
    private readonly events: ViewEvents,
    options: ViewOptions = {},
  ) {
    this.#layerCache = options.layerCache ?? true;
    const worker = this.#layerCache ? (options.skyWorker?.() ?? null) : null;
    this.#layer = new StarLayer(worker, () => this.requestDraw());
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
        this.#lastMove = performance.now();
        this.#scheduleSettle();
        this.requestDraw();
      });
    this.#selection = select(canvas);
    this.#selection.call(this.#zoom).on('dblclick.zoom', null);
    canvas.addEventListener('pointermove', this.#onPointerMove);
    canvas.addEventListener('pointerdown', this.#onPointerDown);
    canvas.addEventListener('pointerup', this.#onPointerUp);
    canvas.addEventListener('pointerleave', this.#onPointerLeave);
    canvas.addEventListener('keydown', this.#onKeyDown);
    canvas.addEventListener('blur', this.#storeNudge);
    this.#resize = new ResizeObserver(() => this.#measure());
    this.#resize.observe(canvas);
    this.#measure();
    (canvas as HTMLCanvasElement & { constellation?: ConstellationProbe }).constellation =
      this.probe();
  }

  setScene(scene: Scene): void {
    // The focused star keeps its focus by id: indices change with the data.
    const focusedId = this.#focus >= 0 ? this.#scene?.stars[this.#focus]?.id : undefined;
    this.#storeNudge();
    this.#scene = scene;
    this.#version++;
    if (focusedId !== undefined) {
      const index = scene.indexOf.get(focusedId) ?? -1;
      if (index !== this.#focus) this.focusStar(index, { reveal: false });
    }
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

  /** Zooms by `factor` around the focused star when it is on screen, else around the centre. */
  zoomBy(factor: number): void {
    this.#moved = true;
    const at = this.#focus >= 0 ? this.screenOf(this.#focus) : null;
    const inside =
      at !== null && at.x >= 0 && at.y >= 0 && at.x <= this.#width && at.y <= this.#height;
    if (inside) this.#selection.call(this.#zoom.scaleBy, factor, [at.x, at.y]);
    else this.#selection.call(this.#zoom.scaleBy, factor);
  }

  /**
   * Chooses a star as the keyboard's (-1: none): ringed, reported through `focus`, and (unless
   * `reveal` is false) panned into view when it is off screen or near the edge.
   */
  focusStar(index: number, options: { reveal?: boolean } = {}): void {
    const scene = this.#scene;
    const next = scene && index >= 0 && index < scene.size ? index : -1;
    if (next !== this.#focus) this.#storeNudge();
    this.#focus = next;
    this.#focusAt = null;
    if (next >= 0 && options.reveal !== false) this.#reveal(next);
    this.#reportFocus();
    this.requestDraw();
  }

  get focused(): number {
    return this.#focus;
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
      focused: () => (this.#focus >= 0 ? (this.#scene?.stars[this.#focus]?.id ?? null) : null),
      lastFrameMs: () => this.#lastFrameMs,
      frames: () => this.#frames,
      pictures: () => ({ ...this.#layer.counts }),
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
    clearTimeout(this.#settleTimer);
    this.#layer.destroy();
    this.#resize.disconnect();
    this.#selection.on('.zoom', null);
    this.canvas.removeEventListener('pointermove', this.#onPointerMove);
    this.canvas.removeEventListener('pointerdown', this.#onPointerDown);
    this.canvas.removeEventListener('pointerup', this.#onPointerUp);
    this.canvas.removeEventListener('pointerleave', this.#onPointerLeave);
    this.canvas.removeEventListener('keydown', this.#onKeyDown);
    this.canvas.removeEventListener('blur', this.#storeNudge);
    this.#storeNudge();
  }

  #measure(): void {
    const rect = this.canvas.getBoundingClientRect();
    this.#dpr = window.devicePixelRatio || 1;
    this.#width = rect.width;
    this.#height = rect.height;
    this.canvas.width = Math.max(1, Math.round(rect.width * this.#dpr));
    this.canvas.height = Math.max(1, Math.round(rect.height * this.#dpr));
    this.#version++;
    if (!this.#fitted && this.#scene?.settled) {
      this.fit();
      this.#fitted = true;
    }
    this.requestDraw();
  }

  /** Once the transform has stopped changing for SETTLE_MS, draw once more (crisp). */
  #scheduleSettle(): void {
    if (this.#settleTimer) return;
    const check = () => {
      const idle = performance.now() - this.#lastMove;
      if (idle >= SETTLE_MS) {
        this.#settleTimer = 0;
        this.requestDraw();
      } else this.#settleTimer = setTimeout(check, SETTLE_MS - idle + 1);
    };
    this.#settleTimer = setTimeout(check, SETTLE_MS);
  }

  #viewport(): Viewport {
    return {
      width: this.#width,
      height: this.#height,
      dpr: this.#dpr,
      k: this.#transform.k,
      x: this.#transform.x,
      y: this.#transform.y,
    };
  }

  #draw(): void {
    if (!this.#scene) return;
    const started = performance.now();
    const lifted = this.#drag?.moved ? this.#drag.index : (this.#nudged?.index ?? -1);
    const viewport = { ...this.#viewport(), lifted };
    if (this.#layerCache) {
      const moving = started - this.#lastMove < SETTLE_MS;
      const key = `${this.#version}:${lifted}`;
      const layer = this.#layer;
      if (!layer.usable(viewport, key, moving ? 'gesture' : 'exact')) {
        // The same sky at another transform: the worker draws it while the picture we have
        // stands in, as loosely as need be. Without a worker, a sky slow to draw is used
        // loosely too during a gesture, and drawn here once it rests.
        const drawing = layer.shows(viewport, key) && layer.request(this.#scene, viewport, key);
        const loose = drawing || (moving && this.#renderMs > SLOW_RENDER_MS);
        if (!loose || !layer.usable(viewport, key, 'loose')) {
          layer.render(this.#scene, viewport, key);
          layer.paint(this.#ctx, viewport);
          // The first paint of a new picture includes rasterising it.
          this.#renderMs = performance.now() - started;
        } else layer.paint(this.#ctx, viewport);
      } else layer.paint(this.#ctx, viewport);
    } else {
      drawScene(this.#ctx, this.#scene, viewport);
    }
    drawOverlay(this.#ctx, this.#scene, viewport, {
      hover: this.#hover,
      focus: this.#focus,
      lifted,
    });
    this.#lastFrameMs = performance.now() - started;
    this.#frames++;
    this.#reportFocus();
  }

  /** Tells the page where the focused star is, when that changed (its card follows it). */
  #reportFocus(): void {
    const index = this.#scene ? this.#focus : -1;
    if (index < 0) {
      if (this.#reported !== -1) this.events.focus(-1, null);
      this.#reported = -1;
      return;
    }
    const at = this.screenOf(index);
    const same = this.#focusAt && this.#focusAt.x === at.x && this.#focusAt.y === at.y;
    if (this.#reported === index && same) return;
    this.#reported = index;
    this.#focusAt = at;
    this.events.focus(index, at);
  }

  /** Pans just enough for a star to sit REVEAL_PAD pixels inside the screen. */
  #reveal(index: number): void {
    const { x, y } = this.screenOf(index);
    const pad = Math.min(REVEAL_PAD, this.#width / 4, this.#height / 4);
    const dx = Math.min(0, this.#width - pad - x) + Math.max(0, pad - x);
    const dy = Math.min(0, this.#height - pad - y) + Math.max(0, pad - y);
    if (dx === 0 && dy === 0) return;
    this.#moved = true;
    const k = this.#transform.k;
    this.#selection.call(this.#zoom.translateBy, dx / k, dy / k);
  }

  #onKeyDown = (event: KeyboardEvent): void => {
    const scene = this.#scene;
    if (!scene || scene.size === 0) return;
    const action = keyAction(event, this.#focus >= 0, this.events.canPin());
    if (!action) return;
    event.preventDefault();
    switch (action.kind) {
      case 'move': {
        const centre = this.#transform.invert([this.#width / 2, this.#height / 2]);
        const next = nextStar(scene.x, scene.y, this.#focus, action.direction, centre);
        if (next >= 0) this.focusStar(next);
        return;
      }
      case 'nudge':
        return this.#nudge(action.direction);
      case 'open':
        this.#storeNudge();
        return this.events.open(this.#focus, 'keyboard');
      case 'zoom':
        return this.zoomBy(action.factor);
      case 'fit':
        return this.fit();
      case 'release':
        return this.focusStar(-1);
    }
  };

  /** Shift+arrow: moves the focused star a few pixels; stored once the keys rest. */
  #nudge(direction: Direction): void {
    const scene = this.#scene!;
    const index = this.#focus;
    const step = NUDGE / this.#transform.k;
    const dx = direction === 'left' ? -step : direction === 'right' ? step : 0;
    const dy = direction === 'up' ? -step : direction === 'down' ? step : 0;
    scene.move(index, scene.x[index]! + dx, scene.y[index]! + dy);
    this.#moved = true;
    if (this.#nudged) clearTimeout(this.#nudged.timer);
    this.#nudged = { index, timer: setTimeout(this.#storeNudge, NUDGE_STORE_MS) };
    this.#reveal(index);
    this.requestDraw();
  }

  /** Stores a star moved with the keyboard, through the same pin as a drag. */
  #storeNudge = (): void => {
    const nudged = this.#nudged;
    if (!nudged) return;
    this.#nudged = null;
    clearTimeout(nudged.timer);
    // Back into the static sky where it now stands.
    this.#version++;
    this.requestDraw();
    const scene = this.#scene;
    if (scene && nudged.index < scene.size) {
      this.events.pin(nudged.index, scene.x[nudged.index]!, scene.y[nudged.index]!);
    }
  };

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
      this.#version++;
      this.requestDraw();
      this.events.pin(drag.index, this.#scene.x[drag.index]!, this.#scene.y[drag.index]!);
    } else if (event.altKey && this.#scene.stars[drag.index]?.pinned && this.events.canPin()) {
      this.events.unpin(drag.index);
    } else {
      this.events.open(drag.index, 'pointer');
    }
  };

  #onPointerLeave = (): void => {
    if (!this.#drag) this.#setHover(-1);
  };
}
