/** Reads a byte stream while hashing it and counting it against a limit. */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { LibraryError } from '../../src/lib/library/errors';

export const HEAD_BYTES = 64;

export function tooLarge(maxBytes: number): LibraryError {
  return new LibraryError('TOO_LARGE', `(body): larger than ${maxBytes} bytes`, '(body)');
}

export interface Digesting {
  update(chunk: Uint8Array): void;
  readonly size: number;
  readonly head: Buffer;
  digest(): string;
}

/** Hash, size and first bytes of what passes through; throws TOO_LARGE past `maxBytes`. */
export function digesting(maxBytes: number): Digesting {
  const hash = createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  return {
    update(chunk) {
      size += chunk.byteLength;
      if (size > maxBytes) throw tooLarge(maxBytes);
      if (head.length < HEAD_BYTES) {
        head = Buffer.concat([head, Buffer.from(chunk.subarray(0, HEAD_BYTES - head.length))]);
      }
      hash.update(chunk);
    },
    get size() {
      return size;
    },
    get head() {
      return head;
    },
    digest: () => hash.digest('hex'),
  };
}

export type ByteSource = AsyncIterable<Uint8Array> | Readable;
