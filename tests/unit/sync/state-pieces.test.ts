import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeStateAsPieces } from '../../../src/lib/sync/state-pieces';
import { Prng } from '../helpers/prng';

const sync = (from: Y.Doc, to: Y.Doc) =>
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));

/** Three peers editing maps, nested maps, a list and a text concurrently, syncing now and then. */
function concurrentDoc(seed: number, rounds: number): Y.Doc {
  const prng = new Prng(seed);
  const next = () => prng.next();
  const peers = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  for (let round = 0; round < rounds; round++) {
    const doc = pick(peers);
    doc.transact(() => {
      const records = doc.getMap<Y.Map<unknown>>('records');
      const list = doc.getArray<string>('list');
      const text = doc.getText('notes');
      const action = next();
      const key = `r${Math.floor(next() * 30)}`;
      if (action < 0.3) {
        const record = new Y.Map<unknown>();
        record.set('name', `name ${round}`);
        const tags = new Y.Map<boolean>();
        tags.set(`t${round % 7}`, true);
        record.set('tags', tags);
        records.set(key, record);
      } else if (action < 0.5) {
        const record = records.get(key);
        if (record) {
          record.set('name', `renamed ${round}`);
          const tags = record.get('tags');
          if (tags instanceof Y.Map) tags.set(`t${round % 5}`, true);
        }
      } else if (action < 0.6) {
        records.delete(key);
      } else if (action < 0.8) {
        list.insert(Math.floor(next() * (list.length + 1)), [`item ${round}`]);
        if (list.length > 5 && next() < 0.3) list.delete(Math.floor(next() * list.length), 1);
      } else {
        text.insert(Math.floor(next() * (text.length + 1)), `w${round} `);
        if (text.length > 20 && next() < 0.3) text.delete(Math.floor(next() * 10), 3);
      }
    });
    if (next() < 0.25) {
      const [a, b] = [pick(peers), pick(peers)];
      sync(a, b);
    }
  }
  for (const a of peers) for (const b of peers) if (a !== b) sync(a, b);
  return peers[0] as Y.Doc;
}

/** What a reader sees of the concurrent doc. */
const contents = (doc: Y.Doc) => ({
  records: doc.getMap('records').toJSON(),
  list: doc.getArray('list').toJSON(),
  notes: doc.getText('notes').toString(),
});

/** Applies each piece in its own transaction; reports whether any waited as pending. */
function rebuild(pieces: Uint8Array[]): { doc: Y.Doc; pending: boolean } {
  const doc = new Y.Doc();
  let pending = false;
  for (const piece of pieces) {
    Y.applyUpdate(doc, piece);
    pending ||= doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
  }
  return { doc, pending };
}

/** True when `update` would add nothing to `doc`. */
function covers(doc: Y.Doc, update: Uint8Array): boolean {
  let changed = false;
  const listen = () => (changed = true);
  doc.on('update', listen);
  Y.applyUpdate(doc, update);
  doc.off('update', listen);
  return !changed;
}

describe('encodeStateAsPieces', () => {
  it.each([1, 2, 3, 4, 5])(
    'rebuilds a doc three peers edited concurrently, piece by piece (seed %i)',
    (seed) => {
      const original = concurrentDoc(seed, 400);
      const pieces = encodeStateAsPieces(original, { structs: 7 });
      expect(pieces.length).toBeGreaterThan(10);

      const { doc, pending } = rebuild(pieces);
      expect(pending).toBe(false);
      expect(contents(doc)).toEqual(contents(original));
      expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(original));
      expect(covers(doc, Y.encodeStateAsUpdate(original))).toBe(true);
    },
  );

  it('keeps deletions: a removed record and deleted text stay gone', () => {
    const original = new Y.Doc();
    const records = original.getMap<string>('records');
    for (let i = 0; i < 50; i++) records.set(`r${i}`, `value ${i}`);
    records.delete('r10');
    const text = original.getText('notes');
    text.insert(0, 'keep this, not this');
    text.delete(9, 10);

    const { doc } = rebuild(encodeStateAsPieces(original, { structs: 5 }));
    expect(doc.getMap('records').has('r10')).toBe(false);
    expect(doc.getMap('records').size).toBe(49);
    expect(doc.getText('notes').toString()).toBe('keep this');
  });

  it('cuts between records, so a record read after any piece is whole', () => {
    const original = new Y.Doc();
    const records = original.getMap<Y.Map<unknown>>('records');
    for (let i = 0; i < 200; i++) {
      original.transact(() => {
        const record = new Y.Map<unknown>();
        records.set(`r${i}`, record);
        for (let field = 0; field < 9; field++) record.set(`f${field}`, i);
      });
    }
    const pieces = encodeStateAsPieces(original, { structs: 25 });
    expect(pieces.length).toBeGreaterThan(20);

    const doc = new Y.Doc();
    for (const piece of pieces) {
      Y.applyUpdate(doc, piece);
      for (const record of doc.getMap<Y.Map<unknown>>('records').values()) {
        expect(record.size).toBe(9);
      }
    }
    expect(doc.getMap('records').size).toBe(200);
  });

  it('keeps pieces near the byte limit when the records hold long texts', () => {
    const original = new Y.Doc();
    const records = original.getMap<string>('records');
    for (let i = 0; i < 100; i++) records.set(`r${i}`, `${i} `.padEnd(300, 'x'));

    const pieces = encodeStateAsPieces(original, { structs: 1000, bytes: 1000 });
    expect(pieces.length).toBeGreaterThanOrEqual(25);
    // A piece stops at the struct that reaches the limit.
    for (const piece of pieces) expect(piece.byteLength).toBeLessThan(1000 + 320);
    expect(rebuild(pieces).doc.getMap('records').toJSON()).toEqual(records.toJSON());
  });

  it('gives one piece for an empty or small doc', () => {
    const empty = encodeStateAsPieces(new Y.Doc());
    expect(empty).toHaveLength(1);
    expect(rebuild(empty).doc.share.size).toBe(0);

    const small = new Y.Doc();
    small.getMap('records').set('a', 1);
    const pieces = encodeStateAsPieces(small);
    expect(pieces).toHaveLength(1);
    expect(rebuild(pieces).doc.getMap('records').get('a')).toBe(1);
  });
});
