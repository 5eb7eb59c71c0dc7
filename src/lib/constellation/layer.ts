/**
 * A cached picture of the static sky (regions, edges, stars, labels) drawn for one transform,
 * a margin wider than the screen. While a person pans or zooms, each frame only transforms this
 * picture (one drawImage) instead of rasterising every star again, which in a software-rendered
 * canvas costs far more than issuing the draw calls; once the gesture rests the view draws it
 * again crisp at the exact transform. It is also drawn again when the view runs past its margin
 * or the zoom strays too far from the zoom it was drawn at.
 */
import { BACKGROUND, drawScene, type Viewport } from './renderer';
import type { Scene } from './scene';

/** The share of the screen's width and height added on each side, room for panning. */
const MARGIN = 0.25;
/** Zooming further than this from the cached zoom draws it again (blur or missing edges). */
const MAX_STRETCH = 1.8;
/**
 * For a sky that is slow to draw (tens of thousands of stars), a gesture goes on with the picture
 * it has, stretched this far and with the sky beyond its margin left dark, until it rests: smooth
 * frames matter more then than the edges of the screen.
 */
const LOOSE_STRETCH = 4;

/** How closely the picture must match the view: exactly, during a gesture, or loosely. */
export type Fit = 'exact' | 'gesture' | 'loose';

export class StarLayer {
  #canvas: HTMLCanvasElement | OffscreenCanvas | null = null;
  #ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null = null;
  /** What the picture shows: the transform, screen and scene version it was drawn for. */
  #drawn: { k: number; x: number; y: number; mx: number; my: number; key: string } | null = null;

  /** Forget the picture (the stars moved, the scene or the canvas size changed). */
  invalidate(): void {
    this.#drawn = null;
  }

  /**
   * Whether the picture can stand in for `view`: drawn for this scene and screen, covering the
   * whole screen, and (when `exact`) drawn for exactly this transform.
   */
  usable(view: Viewport, key: string, fit: Fit): boolean {
    const drawn = this.#drawn;
    if (!drawn || drawn.key !== `${key}|${view.width}x${view.height}@${view.dpr}`) return false;
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

  /** Draws the sky for `view` into the picture. */
  render(scene: Scene, view: Viewport, key: string): void {
    const { dpr } = view;
    // The margin in whole device pixels, so a picture shown at its own transform is pixel-exact.
    const mxDevice = Math.round(view.width * dpr * MARGIN);
    const myDevice = Math.round(view.height * dpr * MARGIN);
    const width = Math.max(1, Math.round(view.width * dpr) + 2 * mxDevice);
    const height = Math.max(1, Math.round(view.height * dpr) + 2 * myDevice);
    if (!this.#canvas) {
      this.#canvas =
        typeof OffscreenCanvas === 'function'
          ? new OffscreenCanvas(width, height)
          : document.createElement('canvas');
      this.#ctx = this.#canvas.getContext('2d', { alpha: false }) as
        CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
    }
    if (this.#canvas.width !== width) this.#canvas.width = width;
    if (this.#canvas.height !== height) this.#canvas.height = height;
    const mx = mxDevice / dpr;
    const my = myDevice / dpr;
    const area = (width * height) / Math.max(1, view.width * view.height * dpr * dpr);
    drawScene(this.#ctx as CanvasRenderingContext2D, scene, {
      width: width / dpr,
      height: height / dpr,
      dpr,
      k: view.k,
      x: view.x + mx,
      y: view.y + my,
      nameScale: area,
      lifted: view.lifted,
    });
    this.#drawn = {
      k: view.k,
      x: view.x,
      y: view.y,
      mx,
      my,
      key: `${key}|${view.width}x${view.height}@${view.dpr}`,
    };
  }

  /** Paints the picture onto the screen for `view` (call `usable` or `render` first). */
  paint(ctx: CanvasRenderingContext2D, view: Viewport): void {
    const drawn = this.#drawn;
    if (!drawn || !this.#canvas) return;
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
      this.#canvas,
      dpr * (view.x - (drawn.x + drawn.mx) * s),
      dpr * (view.y - (drawn.y + drawn.my) * s),
      this.#canvas.width * s,
      this.#canvas.height * s,
    );
    ctx.imageSmoothingEnabled = true;
  }
}
