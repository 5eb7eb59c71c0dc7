/** A blob store in memory, for tests and tools; passes the same contract as the file store. */
import { Readable } from 'node:stream';
import { digesting, type ByteSource } from './hashing';
import type { BlobStat, BlobStore, ByteRange, StagedBlob, StageOptions } from './types';

export class MemoryBlobStore implements BlobStore {
  readonly #blobs = new Map<string, { bytes: Buffer; modifiedAt: Date }>();
  /** Staged and neither committed nor discarded yet. */
  pending = 0;

  async stage(source: ByteSource, { maxBytes }: StageOptions): Promise<StagedBlob> {
    const digest = digesting(maxBytes);
    const chunks: Buffer[] = [];
    for await (const chunk of source) {
      digest.update(chunk);
      chunks.push(Buffer.from(chunk));
    }
    const bytes = Buffer.concat(chunks);
    const sha256 = digest.digest();
    let settled = false;
    this.pending++;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      this.pending--;
      return true;
    };
    return {
      sha256,
      size: bytes.length,
      head: digest.head,
      commit: async () => {
        if (settle()) this.#blobs.set(sha256, { bytes, modifiedAt: new Date() });
      },
      discard: async () => {
        settle();
      },
    };
  }

  async stat(sha256: string): Promise<BlobStat | null> {
    const blob = this.#blobs.get(sha256);
    return blob ? { sha256, size: blob.bytes.length, modifiedAt: blob.modifiedAt } : null;
  }

  async read(sha256: string, range?: ByteRange): Promise<Readable | null> {
    const blob = this.#blobs.get(sha256);
    if (!blob) return null;
    const bytes = range ? blob.bytes.subarray(range.start, range.end + 1) : blob.bytes;
    return Readable.from([bytes]);
  }

  async delete(sha256: string): Promise<boolean> {
    return this.#blobs.delete(sha256);
  }

  async *list(): AsyncIterable<BlobStat> {
    for (const sha256 of [...this.#blobs.keys()].sort()) {
      const stat = await this.stat(sha256);
      if (stat) yield stat;
    }
  }
}
