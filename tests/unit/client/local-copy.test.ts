/**
 * A room's copy in IndexedDB (here fake-indexeddb) with a tiny part size: big updates and compacted
 * states are stored in parts no larger than that, and a fresh copy on the same database reads the
 * room back whole.
 */
import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { LocalCopy } from '../../../src/lib/client/local-copy';

const PART = 256;
const open: LocalCopy[] = [];
const errors: unknown[] = [];
let dbCounter = 0;

function freshName(): string {
  return `local-copy-test-${++dbCounter}`;
}

async function openCopy(name: string, options = {}): Promise<{ doc: Y.Doc; copy: LocalCopy }> {
  const doc = new Y.Doc();
  const copy = new LocalCopy(name, doc, { partSize: PART, ...options });
  copy.on('error', (error: unknown) => errors.push(error));
  open.push(copy);
  await copy.whenSynced;
  return { doc, copy };
}

/** A room with `count` named clips: a few KB, many times the part size. */
function addClips(doc: Y.Doc, count: number, prefix = 'clip'): void {
  doc.transact(() => {
    const assets = doc.getMap<Y.Map<unknown>>('assets');
    for (let i = 0; i < count; i++) {
      const asset = new Y.Map<unknown>();
      asset.set('name', `${prefix} ${i} — a quiet harbour at dawn`);
      assets.set(`${prefix}-${i}`, asset);
    }
  });
}

function names(doc: Y.Doc): string[] {
  const assets = doc.getMap<Y.Map<unknown>>('assets');
  return [...assets.values()].map((asset) => String(asset.get('name'))).sort();
}

/** Every value stored in the database, raw. */
async function storedValues(name: string): Promise<Uint8Array[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const tx = db.transaction(['updates', 'custom'], 'readonly');
  const read = (store: string) =>
    new Promise<unknown[]>((resolve, reject) => {
      const request = tx.objectStore(store).getAll();
      request.onsuccess = () => resolve(request.result as unknown[]);
      request.onerror = () => reject(request.error);
    });
  const values = [...(await read('updates')), ...(await read('custom'))];
  db.close();
  return values.filter((value): value is Uint8Array => value instanceof Uint8Array);
}

/** Waits until the pending IndexedDB writes have committed (a readonly read queues behind them). */
async function settled(name: string): Promise<void> {
  await storedValues(name);
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((copy) => copy.destroy()));
  // Nothing failed on the way (a failed write is only reported, never thrown).
  expect(errors.splice(0)).toEqual([]);
});

describe('local copy', () => {
  test('a big update is stored in parts no larger than the part size and read back whole', async () => {
    const name = freshName();
    const source = new Y.Doc();
    addClips(source, 200);
    const update = Y.encodeStateAsUpdate(source);
    expect(update.byteLength).toBeGreaterThan(20 * PART);

    const first = await openCopy(name);
    // The first sync of a big room arrives as one update.
    Y.applyUpdate(first.doc, update, 'server');
    await settled(name);
    const values = await storedValues(name);
    expect(Math.max(...values.map((value) => value.byteLength))).toBeLessThanOrEqual(PART);
    expect(values.reduce((sum, value) => sum + value.byteLength, 0)).toBeGreaterThanOrEqual(
      update.byteLength,
    );

    const reopened = await openCopy(name);
    expect(names(reopened.doc)).toEqual(names(source));
    expect(reopened.doc.getMap('assets').size).toBe(200);
  });

  test('compaction stores the whole state in parts and replaces what it covers', async () => {
    const name = freshName();
    const { doc, copy } = await openCopy(name);
    for (let round = 0; round < 20; round++) addClips(doc, 10, `round${round}`);
    await settled(name);
    const before = await storedValues(name);

    await copy.compact();
    const after = await storedValues(name);
    expect(Math.max(...after.map((value) => value.byteLength))).toBeLessThanOrEqual(PART);
    // One state (in parts) in place of twenty updates.
    const state = Y.encodeStateAsUpdate(doc).byteLength;
    expect(after.length).toBe(1 + Math.ceil(state / PART));
    expect(after.length).toBeLessThan(before.length);

    // Edits after the compaction are kept on top of it.
    addClips(doc, 3, 'later');
    await settled(name);
    const reopened = await openCopy(name);
    expect(reopened.doc.getMap('assets').size).toBe(203);
    expect(names(reopened.doc)).toEqual(names(doc));
  });

  test('compaction starts by itself once enough updates are stored', async () => {
    const name = freshName();
    const { doc, copy } = await openCopy(name, { trimSize: 5 });
    copy._storeTimeout = 0;
    for (let i = 0; i < 6; i++) addClips(doc, 5, `batch${i}`);
    const state = Y.encodeStateAsUpdate(doc).byteLength;
    await vi.waitFor(async () => {
      expect((await storedValues(name)).length).toBe(1 + Math.ceil(state / PART));
    });
    const reopened = await openCopy(name);
    expect(reopened.doc.getMap('assets').size).toBe(30);
  });

  test('a copy written by plain y-indexeddb still loads, and is compacted into parts', async () => {
    const name = freshName();
    const plainDoc = new Y.Doc();
    const plain = new IndexeddbPersistence(name, plainDoc);
    await plain.whenSynced;
    addClips(plainDoc, 50, 'plain');
    addClips(plainDoc, 50, 'more');
    await settled(name);
    // y-indexeddb stored the big transactions whole.
    expect(
      Math.max(...(await storedValues(name)).map((value) => value.byteLength)),
    ).toBeGreaterThan(PART);
    await plain.destroy();

    const { doc, copy } = await openCopy(name);
    expect(names(doc)).toEqual(names(plainDoc));
    await copy.compact();
    expect(
      Math.max(...(await storedValues(name)).map((value) => value.byteLength)),
    ).toBeLessThanOrEqual(PART);
    const reopened = await openCopy(name);
    expect(names(reopened.doc)).toEqual(names(plainDoc));
  });

  test('two docs that edited apart converge, and each reloads the merged room', async () => {
    const [nameA, nameB] = [freshName(), freshName()];
    const a = await openCopy(nameA);
    const b = await openCopy(nameB);
    addClips(a.doc, 60, 'ann');
    addClips(b.doc, 40, 'ben');
    // They meet (as through the server): each applies what the other lacks.
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc, Y.encodeStateVector(a.doc)), 'server');
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)), 'server');
    await a.copy.compact();
    await settled(nameB);

    const reloadedA = await openCopy(nameA);
    const reloadedB = await openCopy(nameB);
    expect(reloadedA.doc.getMap('assets').size).toBe(100);
    expect(names(reloadedA.doc)).toEqual(names(reloadedB.doc));
    expect(Y.encodeStateVector(reloadedA.doc)).toEqual(Y.encodeStateVector(reloadedB.doc));
  });

  test('a compaction in one tab keeps what another tab stored meanwhile', async () => {
    const name = freshName();
    const tabA = await openCopy(name);
    const tabB = await openCopy(name);
    addClips(tabA.doc, 30, 'tab-a');
    addClips(tabB.doc, 30, 'tab-b');
    await settled(name);
    // Tab A never saw tab B's clips (no channel between the tabs), yet compacts the database.
    expect(tabA.doc.getMap('assets').size).toBe(30);
    await tabA.copy.compact();
    expect(tabA.doc.getMap('assets').size).toBe(60);
    const state = Y.encodeStateAsUpdate(tabA.doc).byteLength;
    expect((await storedValues(name)).length).toBe(1 + Math.ceil(state / PART));

    const reopened = await openCopy(name);
    expect(reopened.doc.getMap('assets').size).toBe(60);
  });

  test('reopening does not store the loaded room again', async () => {
    const name = freshName();
    const { doc } = await openCopy(name);
    addClips(doc, 100);
    await settled(name);
    const before = await storedValues(name);
    await openCopy(name);
    await settled(name);
    expect((await storedValues(name)).length).toBe(before.length);
  });

  test('compaction stores pieces, and a reload reads them a turn at a time with every clip', async () => {
    const name = freshName();
    // Parts large enough that each piece is one stored value.
    const options = { partSize: 1 << 20, pieces: { structs: 40 }, turnMs: 0 };
    const { doc, copy } = await openCopy(name, options);
    for (let round = 0; round < 10; round++) addClips(doc, 30, `round${round}`);
    await copy.compact();
    const stored = await storedValues(name);
    // 300 clips of two structs each, 40 structs a piece.
    expect(stored.length).toBeGreaterThanOrEqual(15);

    const reloaded = new Y.Doc();
    let turns = 0;
    reloaded.on('afterTransaction', () => turns++);
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    const reopened = new LocalCopy(name, reloaded, options);
    reopened.on('error', (error: unknown) => errors.push(error));
    open.push(reopened);
    await reopened.whenSynced;
    // One piece a turn, and the page's own work ran in between.
    expect(turns).toBe(stored.length);
    expect(timerRan).toBe(true);
    expect(names(reloaded)).toEqual(names(doc));
    expect(reloaded.getMap('assets').size).toBe(300);
  });

  test('a large update stored whole is soon compacted into pieces', async () => {
    const name = freshName();
    const source = new Y.Doc();
    addClips(source, 400, 'synced');
    const firstSync = Y.encodeStateAsUpdate(source);
    const options = { partSize: 1 << 20, pieces: { structs: 100 }, largeUpdate: 4096 };
    const { doc, copy } = await openCopy(name, options);
    copy._storeTimeout = 0;
    expect(firstSync.byteLength).toBeGreaterThan(4096);

    // The whole room arrives in one update, as on the first sync with the server.
    Y.applyUpdate(doc, firstSync, 'server');
    await vi.waitFor(async () => {
      const stored = await storedValues(name);
      expect(stored.length).toBeGreaterThan(5);
      expect(Math.max(...stored.map((value) => value.byteLength))).toBeLessThan(4096);
    });
    const reopened = await openCopy(name, options);
    expect(names(reopened.doc)).toEqual(names(source));
    // The pieces are not taken for a backlog of updates: the reopened copy plans no compaction.
    expect(reopened.copy._storeTimeoutId).toBeNull();
    expect(reopened.copy._dbsize).toBe(1);
  });

  test('a compaction asked for during the load waits for it, and keeps every clip', async () => {
    const name = freshName();
    const { doc } = await openCopy(name);
    for (let i = 0; i < 10; i++) addClips(doc, 1, `clip${i}`);
    await settled(name);

    const loading = new Y.Doc();
    const copy = new LocalCopy(name, loading, { partSize: PART, turnMs: 0 });
    copy.on('error', (error: unknown) => errors.push(error));
    open.push(copy);
    await copy._db;
    await new Promise((resolve) => setTimeout(resolve, 0));
    // Part of the stored updates are in the doc now, not all.
    await copy.compact();
    expect(loading.getMap('assets').size).toBe(10);

    const reopened = await openCopy(name);
    expect(reopened.doc.getMap('assets').size).toBe(10);
  });

  test('clearData deletes the copy', async () => {
    const name = freshName();
    const { doc, copy } = await openCopy(name);
    addClips(doc, 10);
    await settled(name);
    await copy.clearData();
    const reopened = await openCopy(name);
    expect(reopened.doc.getMap('assets').size).toBe(0);
  });
});
