/// <reference lib="webworker" />
/**
 * Draws the cached picture of the sky off the main thread: while a gesture goes on, the page
 * keeps transforming the picture it has and swaps in each fresh one as it arrives, so a frame
 * never waits for tens of thousands of stars to be rasterised.
 */
import { drawScene, type Sky, type Viewport } from './renderer';

export type SkyRequest =
  /** The sky to draw from now on (sent once per scene version). */
  | { type: 'sky'; key: string; sky: Sky }
  /** Draw it on a canvas of width × height device pixels for `view`. */
  | { type: 'render'; id: number; key: string; width: number; height: number; view: Viewport };

export interface SkyResponse {
  id: number;
  /** Null when the sky changed before this could be drawn. */
  bitmap: ImageBitmap | null;
}

let current: { key: string; sky: Sky } | null = null;
let canvas: OffscreenCanvas | null = null;

self.onmessage = (event: MessageEvent<SkyRequest>) => {
  const request = event.data;
  if (request.type === 'sky') {
    current = { key: request.key, sky: request.sky };
    return;
  }
  const post = (response: SkyResponse, transfer: Transferable[] = []) =>
    (self as unknown as Worker).postMessage(response, transfer);
  if (!current || current.key !== request.key) return post({ id: request.id, bitmap: null });
  canvas ??= new OffscreenCanvas(request.width, request.height);
  if (canvas.width !== request.width) canvas.width = request.width;
  if (canvas.height !== request.height) canvas.height = request.height;
  const ctx = canvas.getContext('2d', { alpha: false })!;
  drawScene(ctx as unknown as CanvasRenderingContext2D, current.sky, request.view);
  const bitmap = canvas.transferToImageBitmap();
  post({ id: request.id, bitmap }, [bitmap]);
};
