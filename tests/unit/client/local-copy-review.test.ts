/**
 * A room's copy in IndexedDB (fake-indexeddb) under races: two tabs of one room compacting at the
 * same moment, updates stored while a compaction runs, a copy closed in the middle of a
 * compaction, and a compaction of many pieces read back in turns. Whatever the interleaving, a
 * fresh copy reads back every clip any tab stored.
 */
import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import { afterEach, describe, expect, test } from 'vitest';
import { LocalCopy, type LocalCopyOptions } from '../../../src/lib/client/local-copy/local-copy';

const open: LocalCopy[] = [];
const errors: unknown[] = [];
let dbCounter = 0;

/** Pieces of 40 structs, each a stored value of its own; one update a turn on load. */
const OPTIONS: LocalCopyOptions = { partSize: 1 << 20, pieces: { structs: 40 }, turnMs: 0 };

function freshName(): string {
  return `local-copy-review-${++dbCounter}`;
}

async function openCopy(name: string, options = OPTIONS): Promise<{ doc: Y.Doc; copy: LocalCopy }> {
  const doc = new Y.Doc();
  const copy = new LocalCopy(name, doc, options);
  copy.on('error', (error: unknown) => errors.push(error));
  open.push(copy);
  await copy.whenSynced;
  return { doc, copy };
}

function addClips(doc: Y.Doc, count: number, prefix: string): void {
  doc.transact(() => {
    const assets = doc.getMap<Y.Map<unknown>>('assets');
    for (let i = 0; i < count; i++) {
      const asset = new Y.Map<unknown>();
      asset.set('name', `${prefix} ${i}`);
      assets.set(`${prefix}-${i}`, asset);
    }
  });
}

const clipCount = (doc: Y.Doc) => doc.getMap('assets').size;

/** How many values the `updates` store holds (a readonly read also waits for pending writes). */
async function storedCount(name: string): Promise<number> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const count = await new Promise<number>((resolve, reject) => {
    const request = db.transaction('updates', 'readonly').objectStore('updates').count();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  db.close();
  return count;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((copy) => copy.destroy()));
  expect(errors.splice(0)).toEqual([]);
});

describe('local copy under races', () => {
  test('two tabs compacting at the same moment keep every clip either stored', async () => {
    const name = freshName();
    const tabA = await openCopy(name);
    const tabB = await openCopy(name);
    for (let round = 0; round < 5; round++) {
      addClips(tabA.doc, 20, `a${round}`);
      addClips(tabB.doc, 20, `b${round}`);
    }
    await Promise.all([tabA.copy.compact(), tabB.copy.compact()]);
    // Each tab read the other's updates (or pieces) before replacing them.
    expect(clipCount(tabA.doc) + clipCount(tabB.doc)).toBeGreaterThanOrEqual(300);
    addClips(tabA.doc, 10, 'a-after');
    addClips(tabB.doc, 10, 'b-after');
    await Promise.all([tabB.copy.compact(), tabA.copy.compact()]);

    const reopened = await openCopy(name);
    expect(clipCount(reopened.doc)).toBe(220);
  });

  test('updates stored while a compaction of many pieces runs are kept', async () => {
    const name = freshName();
    const { doc, copy } = await openCopy(name);
    for (let round = 0; round < 6; round++) addClips(doc, 25, `r${round}`);
    const compaction = copy.compact();
    // Stored in transactions queued behind (and ahead of) the compaction's.
    addClips(doc, 5, 'during-1');
    await Promise.resolve();
    addClips(doc, 5, 'during-2');
    await compaction;
    addClips(doc, 5, 'after');
    await storedCount(name);

    const reopened = await openCopy(name);
    expect(clipCount(reopened.doc)).toBe(165);
    // And a second compaction on top reads the same.
    await reopened.copy.compact();
    const again = await openCopy(name);
    expect(clipCount(again.doc)).toBe(165);
  });

  test('a copy closed while its compaction runs leaves the old copy or the new one', async () => {
    const name = freshName();
    const { doc, copy } = await openCopy(name);
    for (let round = 0; round < 6; round++) addClips(doc, 25, `r${round}`);
    const compaction = copy.compact();
    await copy.destroy();
    await compaction.catch(() => undefined);
    const reopened = await openCopy(name);
    expect(clipCount(reopened.doc)).toBe(150);
  });

  test('a tab that opens while another compacts reads every clip', async () => {
    const name = freshName();
    const { doc, copy } = await openCopy(name);
    for (let round = 0; round < 8; round++) addClips(doc, 25, `r${round}`);
    await copy.compact();
    addClips(doc, 10, 'more');
    // The second tab's load (one piece a turn) runs while the first compacts again.
    const loading = openCopy(name);
    const compaction = copy.compact();
    const second = await loading;
    await compaction;
    expect(clipCount(second.doc)).toBe(210);
    addClips(second.doc, 10, 'second');
    await second.copy.compact();
    const third = await openCopy(name);
    expect(clipCount(third.doc)).toBe(220);
  });

  test('a compaction of many pieces is written whole in one transaction', async () => {
    const name = freshName();
    const { doc, copy } = await openCopy(name, { ...OPTIONS, pieces: { structs: 10 } });
    for (let round = 0; round < 10; round++) addClips(doc, 50, `r${round}`);
    await copy.compact();
    // 500 clips of two structs each, 10 structs a piece: every piece stored, nothing older left.
    const stored = await storedCount(name);
    expect(stored).toBeGreaterThanOrEqual(100);
    const reopened = await openCopy(name);
    expect(clipCount(reopened.doc)).toBe(500);
  });
});
