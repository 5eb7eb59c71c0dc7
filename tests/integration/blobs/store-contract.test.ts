/** One contract every blob store passes: the file store on a temporary directory and memory. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../../server/blobs/fs-store';
import { MemoryBlobStore } from '../../../server/blobs/memory-store';
import { putBlob, type BlobStore } from '../../../server/blobs/types';

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function* chunks(bytes: Buffer, size = 1000): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function* failing(bytes: Buffer): AsyncIterable<Uint8Array> {
  yield bytes;
  throw new Error('connection lost');
}

async function readAll(stream: Readable | null): Promise<Buffer> {
  if (!stream) throw new Error('no blob');
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

async function listed(store: BlobStore): Promise<string[]> {
  const out: string[] = [];
  for await (const stat of store.list()) out.push(stat.sha256);
  return out;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}

const stores: [string, () => { store: BlobStore; files?: () => string[] }][] = [
  [
    'FsBlobStore',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'vl-blobs-'));
      dirs.push(dir);
      return { store: new FsBlobStore(dir), files: () => filesUnder(dir) };
    },
  ],
  ['MemoryBlobStore', () => ({ store: new MemoryBlobStore() })],
];

describe.each(stores)('%s', (_name, make) => {
  const bytes = Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i * 7) % 256));

  it('stores by SHA-256 and reads back the same bytes, whole and by range', async () => {
    const { store } = make();
    const put = await putBlob(store, chunks(bytes), { maxBytes: 1 << 20 });
    expect(put).toEqual({ sha256: sha(bytes), size: bytes.length });
    expect((await store.stat(put.sha256))?.size).toBe(bytes.length);
    expect((await readAll(await store.read(put.sha256))).equals(bytes)).toBe(true);
    const middle = await readAll(await store.read(put.sha256, { start: 100, end: 199 }));
    expect(middle.equals(bytes.subarray(100, 200))).toBe(true);
    expect(await listed(store)).toEqual([put.sha256]);
  });

  it('keeps nothing visible until commit, and nothing at all after discard', async () => {
    const { store, files } = make();
    const staged = await store.stage(chunks(bytes), { maxBytes: 1 << 20 });
    expect(staged.head.subarray(0, 4).equals(bytes.subarray(0, 4))).toBe(true);
    expect(await store.stat(staged.sha256)).toBeNull();
    expect(await listed(store)).toEqual([]);
    await staged.discard();
    expect(await store.stat(staged.sha256)).toBeNull();
    if (files) expect(files()).toEqual([]);
  });

  it('refuses more than the limit as TOO_LARGE and keeps nothing', async () => {
    const { store, files } = make();
    await expect(store.stage(chunks(bytes), { maxBytes: 5000 })).rejects.toMatchObject({
      code: 'TOO_LARGE',
    });
    expect(await listed(store)).toEqual([]);
    if (files) expect(files()).toEqual([]);
  });

  it('keeps nothing when the source fails midway', async () => {
    const { store, files } = make();
    await expect(store.stage(failing(bytes), { maxBytes: 1 << 20 })).rejects.toThrow(
      'connection lost',
    );
    expect(await listed(store)).toEqual([]);
    if (files) expect(files()).toEqual([]);
  });

  it('stores identical bytes once and deletes them', async () => {
    const { store } = make();
    const a = await putBlob(store, chunks(bytes), { maxBytes: 1 << 20 });
    const b = await putBlob(store, chunks(bytes, 333), { maxBytes: 1 << 20 });
    expect(b.sha256).toBe(a.sha256);
    expect(await listed(store)).toEqual([a.sha256]);
    expect(await store.delete(a.sha256)).toBe(true);
    expect(await store.delete(a.sha256)).toBe(false);
    expect(await store.read(a.sha256)).toBeNull();
    expect(await listed(store)).toEqual([]);
  });

  it('answers null for a blob it does not hold', async () => {
    const { store } = make();
    expect(await store.stat('0'.repeat(64))).toBeNull();
    expect(await store.read('0'.repeat(64))).toBeNull();
  });
});

describe('FsBlobStore on start', () => {
  it('removes temporary files a crash left behind', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vl-blobs-'));
    dirs.push(dir);
    const store = new FsBlobStore(dir);
    await store.init();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dir, 'tmp', 'abc.part'), 'half a video');
    const again = new FsBlobStore(dir);
    expect(await again.init()).toEqual({ removedTemporary: 1 });
    expect(filesUnder(dir)).toEqual([]);
  });
});
