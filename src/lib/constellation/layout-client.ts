/**
 * The main thread's side of the layout worker: the latest request wins (an older answer arriving
 * late is dropped), and results are remembered by input signature so coming back to the map is
 * instant and shows the very same sky.
 */
import { computeLayout, type LayoutInput, type LayoutResult } from './layout';
import type { LayoutRequest, LayoutResponse } from './layout.worker';

const cache = new Map<string, LayoutResult>();
const CACHE_SIZE = 4;

/** A cheap fingerprint of everything the layout depends on. */
export function layoutSignature(input: LayoutInput): string {
  let hash = 2166136261;
  const feed = (text: string) => {
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
    hash = Math.imul(hash ^ 31, 16777619);
  };
  for (const star of input.stars) {
    feed(star.id);
    feed(star.category);
    for (const tag of star.tags) feed(tag);
    if (star.pinned) feed(`${star.pinned.x},${star.pinned.y}`);
  }
  for (const [a, b] of input.edges) feed(`${a}>${b}`);
  return `${input.stars.length}:${input.edges.length}:${(hash >>> 0).toString(36)}`;
}

export class LayoutClient {
  #worker: Worker | null = null;
  #next = 1;
  #pending = new Map<number, (response: LayoutResponse) => void>();
  /** Milliseconds the last layout took inside the worker. */
  lastMs = 0;

  constructor() {
    try {
      this.#worker = new Worker(new URL('./layout.worker.ts', import.meta.url), {
        type: 'module',
      });
      this.#worker.onmessage = (event: MessageEvent<LayoutResponse>) => {
        const resolve = this.#pending.get(event.data.id);
        this.#pending.delete(event.data.id);
        resolve?.(event.data);
      };
    } catch (_error) {
      // No module workers: the layout runs on the main thread instead (slower, same result).
      this.#worker = null;
    }
  }

  cached(input: LayoutInput): LayoutResult | null {
    return cache.get(layoutSignature(input)) ?? null;
  }

  /** Lays out `input`; resolves null when a newer request replaced this one. */
  async run(input: LayoutInput): Promise<LayoutResult | null> {
    const signature = layoutSignature(input);
    const hit = cache.get(signature);
    if (hit) return hit;
    const id = this.#next++;
    for (const [older, resolve] of this.#pending) {
      this.#pending.delete(older);
      resolve({ id: older, ms: 0 });
    }
    let response: LayoutResponse;
    if (this.#worker) {
      const request: LayoutRequest = { id, input };
      response = await new Promise<LayoutResponse>((resolve) => {
        this.#pending.set(id, resolve);
        this.#worker!.postMessage(request);
      });
    } else {
      const started = performance.now();
      response = { id, result: computeLayout(input), ms: performance.now() - started };
    }
    if (response.error) throw new Error(response.error);
    if (!response.result || id !== this.#next - 1) return null;
    this.lastMs = response.ms;
    cache.set(signature, response.result);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return response.result;
  }

  destroy(): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#pending.clear();
  }
}
