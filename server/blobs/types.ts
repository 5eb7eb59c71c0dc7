/**
 * Blob storage behind one interface: content-addressed files (video, thumbnails) named by the
 * SHA-256 of their bytes. The embedded default lives under `$DATA_DIR/blobs/` (fs-store.ts); an
 * in-memory one (memory-store.ts) passes the same contract tests.
 */
import type { Readable } from 'node:stream';

/** Lower-case hex SHA-256; the only way a request names a blob. */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

export function isSha256(value: unknown): value is string {
  return typeof value === 'string' && SHA256_PATTERN.test(value);
}

export interface BlobStat {
  sha256: string;
  size: number;
  /** When the bytes were last written (a re-upload refreshes it). */
  modifiedAt: Date;
}

/** Inclusive byte range, as HTTP Range speaks it. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface StageOptions {
  /** Refuse (TOO_LARGE) as soon as more than this many bytes arrive; nothing is kept. */
  maxBytes: number;
}

/**
 * Bytes fully received and hashed, not yet visible under their name. `commit` makes them so
 * atomically (rename after fsync); `discard` drops them. Exactly one of the two must be called.
 */
export interface StagedBlob {
  readonly sha256: string;
  readonly size: number;
  /** The first bytes (up to 64), for a type check before committing. */
  readonly head: Buffer;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

export interface BlobStore {
  /**
   * Streams `source` into a temporary place while hashing it. Rejects (and keeps nothing) when
   * the source fails or exceeds `maxBytes`.
   */
  stage(source: AsyncIterable<Uint8Array> | Readable, options: StageOptions): Promise<StagedBlob>;
  stat(sha256: string): Promise<BlobStat | null>;
  /** The bytes of the blob, or one inclusive range of them. Null when there is no such blob. */
  read(sha256: string, range?: ByteRange): Promise<Readable | null>;
  /** True when something was deleted. */
  delete(sha256: string): Promise<boolean>;
  list(): AsyncIterable<BlobStat>;
}

/** Stages then commits: for callers that need no check in between. */
export async function putBlob(
  store: BlobStore,
  source: AsyncIterable<Uint8Array> | Readable,
  options: StageOptions,
): Promise<{ sha256: string; size: number }> {
  const staged = await store.stage(source, options);
  await staged.commit();
  return { sha256: staged.sha256, size: staged.size };
}
