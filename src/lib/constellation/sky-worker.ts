/** Starts the worker that draws the sky's cached picture (null where module workers are missing). */
export function createSkyWorker(): Worker | null {
  try {
    return new Worker(new URL('./sky.worker.ts', import.meta.url), { type: 'module' });
  } catch (_error) {
    return null;
  }
}
