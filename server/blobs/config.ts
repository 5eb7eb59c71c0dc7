/** Blob settings from the environment; a bad value stops the start with a clear message. */
export interface BlobConfig {
  /** `MAX_BLOB_BYTES`, default 2 GiB. */
  maxBytes: number;
  /** `BLOB_GC_INTERVAL_MS`, default 1 hour; 0 turns the timer off. */
  gcIntervalMs: number;
  /** `BLOB_GC_GRACE_MS`, default 24 hours: younger blobs are never collected. */
  gcGraceMs: number;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new Error(`${name}: must be an integer of at least ${min}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function loadBlobConfig(env: NodeJS.ProcessEnv): BlobConfig {
  return {
    maxBytes: intFrom(env, 'MAX_BLOB_BYTES', 2 * 1024 ** 3, 1),
    gcIntervalMs: intFrom(env, 'BLOB_GC_INTERVAL_MS', 60 * 60 * 1000, 0),
    gcGraceMs: intFrom(env, 'BLOB_GC_GRACE_MS', 24 * 60 * 60 * 1000, 0),
  };
}
