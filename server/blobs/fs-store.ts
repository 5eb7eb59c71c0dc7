/**
 * The embedded blob store: `<root>/ab/cd/<sha256>`. Bytes are streamed into `<root>/tmp/` (same
 * filesystem, so the final rename is atomic) while hashed, fsynced, and renamed under their hash
 * only on commit: a crash leaves at most a temporary file, and those are removed on start.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { digesting, type ByteSource } from './hashing';
import {
  isSha256,
  type BlobStat,
  type BlobStore,
  type ByteRange,
  type StagedBlob,
  type StageOptions,
} from './types';

const HEX2 = /^[0-9a-f]{2}$/;

export class FsBlobStore implements BlobStore {
  readonly root: string;
  readonly #tmp: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.#tmp = path.join(this.root, 'tmp');
  }

  /** Creates the folders and removes temporary files left by a crash. */
  async init(): Promise<{ removedTemporary: number }> {
    await fs.mkdir(this.#tmp, { recursive: true, mode: 0o700 });
    let removed = 0;
    for (const name of await fs.readdir(this.#tmp)) {
      await fs.rm(path.join(this.#tmp, name), { force: true, recursive: true });
      removed++;
    }
    return { removedTemporary: removed };
  }

  /** Only ever called with a validated hash: no request text reaches a path. */
  #pathOf(sha256: string): string {
    if (!isSha256(sha256)) throw new Error('not a SHA-256');
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async stage(source: ByteSource, { maxBytes }: StageOptions): Promise<StagedBlob> {
    await fs.mkdir(this.#tmp, { recursive: true, mode: 0o700 });
    const tmpPath = path.join(this.#tmp, `${randomBytes(12).toString('hex')}.part`);
    const file = await fs.open(tmpPath, 'wx', 0o600);
    const digest = digesting(maxBytes);
    try {
      for await (const chunk of source) {
        digest.update(chunk);
        await file.write(chunk);
      }
      await file.sync();
    } catch (error) {
      await file.close().catch(() => undefined);
      await fs.rm(tmpPath, { force: true });
      throw error;
    }
    await file.close();
    const sha256 = digest.digest();
    let settled = false;
    const finalPath = this.#pathOf(sha256);
    return {
      sha256,
      size: digest.size,
      head: digest.head,
      commit: async () => {
        if (settled) return;
        settled = true;
        try {
          await fs.mkdir(path.dirname(finalPath), { recursive: true, mode: 0o700 });
          await fs.rename(tmpPath, finalPath);
          await syncDir(path.dirname(finalPath));
        } catch (error) {
          await fs.rm(tmpPath, { force: true });
          throw error;
        }
      },
      discard: async () => {
        if (settled) return;
        settled = true;
        await fs.rm(tmpPath, { force: true });
      },
    };
  }

  async stat(sha256: string): Promise<BlobStat | null> {
    try {
      const stats = await fs.stat(this.#pathOf(sha256));
      return { sha256, size: stats.size, modifiedAt: stats.mtime };
    } catch {
      return null;
    }
  }

  async read(sha256: string, range?: ByteRange): Promise<Readable | null> {
    try {
      const handle = await fs.open(this.#pathOf(sha256), 'r');
      return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
    } catch {
      return null;
    }
  }

  async delete(sha256: string): Promise<boolean> {
    try {
      await fs.unlink(this.#pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }

  async *list(): AsyncIterable<BlobStat> {
    for (const first of await readdirOrEmpty(this.root)) {
      if (!HEX2.test(first)) continue;
      for (const second of await readdirOrEmpty(path.join(this.root, first))) {
        if (!HEX2.test(second)) continue;
        for (const name of await readdirOrEmpty(path.join(this.root, first, second))) {
          if (!isSha256(name) || !name.startsWith(first + second)) continue;
          const stat = await this.stat(name);
          if (stat) yield stat;
        }
      }
    }
  }
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).sort();
  } catch {
    return [];
  }
}

/** Makes the rename itself durable (the directory entry), where the platform allows it. */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some filesystems refuse fsync on a directory; the data itself is already synced.
  }
}
