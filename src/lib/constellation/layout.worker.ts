/// <reference lib="webworker" />
/** Runs the force layout off the main thread, so panning stays smooth while stars settle. */
import { computeLayout, type LayoutInput, type LayoutResult } from './layout';

export interface LayoutRequest {
  id: number;
  input: LayoutInput;
}

export interface LayoutResponse {
  id: number;
  result?: LayoutResult;
  error?: string;
  ms: number;
}

self.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const { id, input } = event.data;
  const started = performance.now();
  try {
    const result = computeLayout(input);
    const response: LayoutResponse = { id, result, ms: performance.now() - started };
    (self as unknown as Worker).postMessage(response, [result.positions.buffer]);
  } catch (error) {
    const response: LayoutResponse = {
      id,
      error: error instanceof Error ? error.message : String(error),
      ms: performance.now() - started,
    };
    (self as unknown as Worker).postMessage(response);
  }
};
