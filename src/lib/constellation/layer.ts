/**
 * A cached picture of the static sky (regions, edges, stars, labels) drawn for one transform,
 * a margin wider than the screen. While a person pans or zooms, each frame only transforms this
 * picture (one drawImage) instead of rasterising every star again, which in a software-rendered
 * canvas costs far more than issuing the draw calls. When the view runs past the margin, strays
 * too far from the zoom the picture was drawn at, or comes to rest (crisp again), a new picture
 * is drawn: by the drawing worker when there is one (the page keeps transforming the old picture
 * meanwhile), else on the main thread. A new sky (new data, a star moved) is drawn at once on the
 * main thread, so what is on screen is never the sky from before; the one exception is a sky slow
 * to draw that changed in one star alone, whose old picture may stand in with that star drawn
 * over it (sky-stand-in.ts).
 */
import { BACKGROUND, drawScene, type Sky, type Viewport } from './renderer';
import type { SkyRequest, SkyResponse } from './sky.worker';

/** The share of the screen's width and height added on each side, room for panning. */
const MARGIN = 0.25;
/** Zooming further than this from the cached zoom draws it again (blur or missing edges). */
const MAX_STRETCH = 1.8;
/**
 * For a sky that is slow to draw (tens of thousands of stars), or while the worker draws the
 * next picture, a gesture goes on with the picture it has, stretched this far and with the sky
 * beyond its margin left dark: smooth frames matter more then than the edges of the screen.
 */
const LOOSE_STRETCH = 4;

/** How closely the picture must match the view: exactly, during a gesture, or loosely. */
export type Fit = 'exact' | 'gesture' | 'loose';

interface Drawn {
  k: number;
  x: number;
  y: number;
  /** The margin in CSS pixels. */
  mx: number;
  my: number;
  key: string;
}

export class StarLayer {
  #canvas: HTMLCanvasElement | OffscreenCanvas | null = null;
  /** What is shown: the main thread's canvas or a bitmap from the worker. */
  #picture: HTMLCanvasElement | OffscreenCanvas | ImageBitmap | null = null;
  #drawn: Drawn | null = null;
  /** Pictures are numbered as they are asked for: a late one never replaces a newer one. */
  #seq = 0;
  #pictureSeq = 0;
  #worker: Worker | null;
  #workerKey: string | null = null;
  #pending: { id: number; drawn: Drawn } | null = null;
  #onready: () => void;
  /** Pictures drawn on the main thread and by the worker (for benchmarks). */
  readonly counts = { main: 0, worker: 0 };

  /** `worker`: a sky.worker to draw pictures off the main thread; `onready`: one arrived. */
  constructor(worker: Worker | null, onready: () => void) {
    this.#worker = worker;
    this.#onready = onready;
    if (!worker) return;
    worker.onmessage = (event: MessageEvent<SkyResponse>) => this.#receive(event.data);
    // A worker that fails is given up: pictures are drawn here from then on.
    worker.onerror = worker.onmessageerror = () => {
      worker.terminate();
      this.#worker = null;
      this.#pending = null;
      this.#onready();
    };
  }

  /**
   * Whether the picture can stand in for `view`: drawn for this sky and screen, covering the
   * whole screen (a loose fit: some of it) within the stretch allowed, or exactly this transform.
   */
  usable(view: Viewport, key: string, fit: Fit): boolean {
    const drawn = this.#drawn;
    if (!drawn || drawn.key !== fullKey(view, key)) return false;
    if (fit === 'exact') return drawn.k === view.k && drawn.x === view.x && drawn.y === view.y;
    const s = view.k / drawn.k;
    const stretch = fit === 'loose' ? LOOSE_STRETCH : MAX_STRETCH;
    if (s > stretch || s < 1 / stretch) return false;
    // Where the picture's corners land on screen (CSS pixels).
    const left = view.x - (drawn.x + drawn.mx) * s;
    const top = view.y - (drawn.y + drawn.my) * s;
    const right = left + (view.width + 2 * drawn.mx) * s;
    const bottom = top + (view.height + 2 * drawn.my) * s;
    if (fit === 'loose') return right > 0 && bottom > 0 && left < view.width && top < view.height;
    return left <= 0 && top <= 0 && right >= view.width && bottom >= view.height;
  }

  /** Whether the picture shows this sky (at whatever transform). */
  shows(view: Viewport, key: string): boolean {
    return this.#drawn?.key === fullKey(view, key);
  }

  /** Draws the sky for `view` into the picture, now, on this thread. */
  render(sky: Sky, view: Viewport, key: string): void {
    const frame = frameFor(view, key);
    if (!this.#canvas) {
      this.#canvas =
        typeof OffscreenCanvas === 'function'
          ? new OffscreenCanvas(frame.width, frame.height)
          : document.createElement('canvas');
    }
    const canvas = this.#canvas;
    if (canvas.width !== frame.width) canvas.width = frame.width;
    if (canvas.height !== frame.height) canvas.height = frame.height;
    const ctx = canvas.getContext('2d', { alpha: false }) as CanvasRenderingContext2D;
    drawScene(ctx, sky, frame.view);
    this.counts.main++;
    this.#show(canvas, frame.drawn, ++this.#seq);
  }

  /**
   * Asks the worker for a picture of `view` (one at a time: while one is being drawn this does
   * nothing). False when there is no worker.
   */
  request(sky: Sky, view: Viewport, key: string): boolean {
    const worker = this.#worker;
    if (!worker) return false;
    if (this.#pending) return true;
    if (this.#workerKey !== key) {
      worker.postMessage({ type: 'sky', key, sky: plainSky(sky) } satisfies SkyRequest);
      this.#workerKey = key;
    }
    const frame = frameFor(view, key);
    const id = ++this.#seq;
    this.#pending = { id, drawn: frame.drawn };
    worker.postMessage({
      type: 'render',
      id,
      key,
      width: frame.width,
      height: frame.height,
      view: frame.view,
    } satisfies SkyRequest);
    return true;
  }

  /** Paints the picture onto the screen for `view` (call `usable` or `render` first). */
  paint(ctx: CanvasRenderingContext2D, view: Viewport): void {
    const drawn = this.#drawn;
    const picture = this.#picture;
    if (!drawn || !picture) return;
    const { dpr } = view;
    const s = view.k / drawn.k;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    if (view.k !== drawn.k || view.x !== drawn.x || view.y !== drawn.y) {
      // A loose fit may leave part of the screen uncovered: night sky there, not the last frame.
      ctx.fillStyle = BACKGROUND;
      ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    }
    // An unscaled picture lands on whole pixels: no resampling blur when at rest.
    ctx.imageSmoothingEnabled = s !== 1;
    ctx.drawImage(
      picture,
      dpr * (view.x - (drawn.x + drawn.mx) * s),
      dpr * (view.y - (drawn.y + drawn.my) * s),
      picture.width * s,
      picture.height * s,
    );
    ctx.imageSmoothingEnabled = true;
  }

  destroy(): void {
    this.#worker?.terminate();
    this.#worker = null;
    if (this.#picture instanceof ImageBitmap) this.#picture.close();
    this.#picture = null;
  }

  #receive(response: SkyResponse): void {
    const pending = this.#pending;
    if (!pending || pending.id !== response.id) {
      response.bitmap?.close();
      return;
    }
    this.#pending = null;
    if (response.bitmap) {
      this.counts.worker++;
      this.#show(response.bitmap, pending.drawn, response.id);
    }
    this.#onready();
  }

  #show(picture: HTMLCanvasElement | OffscreenCanvas | ImageBitmap, drawn: Drawn, seq: number) {
    if (seq < this.#pictureSeq) {
      if (picture instanceof ImageBitmap) picture.close();
      return;
    }
    if (this.#picture instanceof ImageBitmap && this.#picture !== picture) this.#picture.close();
    this.#picture = picture;
    this.#drawn = drawn;
    this.#pictureSeq = seq;
  }
}

function fullKey(view: Viewport, key: string): string {
  return `${key}|${view.width}x${view.height}@${view.dpr}`;
}

/** The picture's size in device pixels and the viewport to draw it with, for a screen view. */
function frameFor(view: Viewport, key: string) {
  const { dpr } = view;
  // The margin in whole device pixels, so a picture shown at its own transform is pixel-exact.
  const mxDevice = Math.round(view.width * dpr * MARGIN);
  const myDevice = Math.round(view.height * dpr * MARGIN);
  const width = Math.max(1, Math.round(view.width * dpr) + 2 * mxDevice);
  const height = Math.max(1, Math.round(view.height * dpr) + 2 * myDevice);
  const mx = mxDevice / dpr;
  const my = myDevice / dpr;
  const area = (width * height) / Math.max(1, view.width * view.height * dpr * dpr);
  return {
    width,
    height,
    view: {
      width: width / dpr,
      height: height / dpr,
      dpr,
      k: view.k,
      x: view.x + mx,
      y: view.y + my,
      nameScale: area,
      lifted: view.lifted,
    } satisfies Viewport,
    drawn: { k: view.k, x: view.x, y: view.y, mx, my, key: fullKey(view, key) } satisfies Drawn,
  };
}

/** A copy of what drawing needs, to send to the worker (a Scene holds far more). */
function plainSky(sky: Sky): Sky {
  return {
    size: sky.size,
    x: Float32Array.from(sky.x),
    y: Float32Array.from(sky.y),
    color: Uint16Array.from(sky.color),
    palette: [...sky.palette],
    edges: Int32Array.from(sky.edges),
    stars: sky.stars.map((star) => ({ name: star.name, pinned: star.pinned })),
    clusters: sky.clusters.map((cluster) => ({ ...cluster })),
    regions: sky.regions.map((region) => ({ ...region })),
  };
}
