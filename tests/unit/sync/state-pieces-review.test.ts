/**
 * The state as pieces against the struct kinds and store shapes Yjs can hold: every content type,
 * nested and deleted types kept without garbage collection, map keys (parentSub) on nested maps
 * and XML attributes, items split in the middle, garbage-collected structs, subdocs, and the
 * smallest limits (one struct, one byte a piece). Each piece must be an update Yjs reads on its
 * own, and the pieces applied in order must rebuild the doc exactly, none waiting as pending.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeStateAsPieces } from '../../../src/lib/sync/state-pieces';

/** Applies each piece in its own transaction; reports whether any waited as pending. */
function rebuild(pieces: Uint8Array[], gc = true): { doc: Y.Doc; pending: boolean } {
  const doc = new Y.Doc({ gc });
  let pending = false;
  for (const piece of pieces) {
    Y.applyUpdate(doc, piece);
    pending ||= doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
  }
  return { doc, pending };
}

/** The same structs, the same deletions, the same clocks. */
function expectSameState(rebuilt: Y.Doc, original: Y.Doc): void {
  expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(original));
  expect(Y.encodeStateAsUpdate(rebuilt)).toEqual(Y.encodeStateAsUpdate(original));
}

/** Every struct kind and content type, with deletions and splits, by two clients. */
function everyKind(gc: boolean): Y.Doc {
  const a = new Y.Doc({ gc });
  const b = new Y.Doc({ gc });
  a.clientID = 7;
  b.clientID = 1_000_000;
  const records = a.getMap<unknown>('records');
  const nested = new Y.Map<unknown>();
  records.set('nested', nested);
  nested.set('any', { deep: [1, 'two', null, true] });
  nested.set('binary', new Uint8Array([1, 2, 3]));
  const list = new Y.Array<unknown>();
  nested.set('list', list);
  list.insert(0, [1, 2, 3, 'four', { five: 5 }]);
  const text = new Y.Text();
  nested.set('text', text);
  text.insert(0, 'hello world, a long line of text');
  text.format(0, 5, { bold: true });
  text.insertEmbed(6, { image: 'x.png' });
  text.insert(10, 'MIDDLE'); // splits an item in the middle
  const xml = a.getXmlFragment('xml');
  const element = new Y.XmlElement('p');
  xml.insert(0, [element]);
  element.setAttribute('class', 'lead');
  element.insert(0, [new Y.XmlText('xml text')]);
  a.getMap('subdocs').set('sub', new Y.Doc());
  // Overwritten and deleted keys; a deleted nested type with content inside.
  records.set('overwritten', 1);
  records.set('overwritten', 2);
  const doomed = new Y.Map<unknown>();
  records.set('doomed', doomed);
  doomed.set('inside', new Y.Array());
  records.delete('doomed');
  list.delete(1, 2);
  text.delete(2, 6);

  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  // The second client writes into the first one's structs, splitting them.
  const bText = (b.getMap('records').get('nested') as Y.Map<unknown>).get('text') as Y.Text;
  bText.insert(3, 'b-insert');
  bText.delete(0, 1);
  const bList = (b.getMap('records').get('nested') as Y.Map<unknown>).get(
    'list',
  ) as Y.Array<unknown>;
  bList.insert(1, ['from b']);
  b.getMap('records').set('b-key', 'b value');
  b.getArray('root-list').insert(0, ['root', 'items']);
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  // More of the first client after the second one's structs (dependencies cross clients both ways).
  bList.insert(0, ['again']);
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  a.getArray('root-list').insert(1, ['a after b']);
  return a;
}

describe('state pieces, every struct kind', () => {
  for (const gc of [true, false]) {
    for (const structs of [1, 2, 3, 1000]) {
      it(`rebuilds exactly (gc ${gc}, ${structs} structs a piece), each piece readable alone`, () => {
        const original = everyKind(gc);
        const pieces = encodeStateAsPieces(original, { structs });
        for (const piece of pieces) expect(() => Y.decodeUpdate(piece)).not.toThrow();
        const { doc, pending } = rebuild(pieces, gc);
        expect(pending).toBe(false);
        expectSameState(doc, original);
        expect(doc.getMap('records').toJSON()).toEqual(original.getMap('records').toJSON());
        expect(doc.getXmlFragment('xml').toString()).toBe(
          original.getXmlFragment('xml').toString(),
        );
        expect(doc.getArray('root-list').toJSON()).toEqual(original.getArray('root-list').toJSON());
      });
    }
  }

  it('rebuilds with a byte limit of one (a struct a piece)', () => {
    const original = everyKind(true);
    const pieces = encodeStateAsPieces(original, { bytes: 1 });
    const { doc, pending } = rebuild(pieces);
    expect(pending).toBe(false);
    expectSameState(doc, original);
  });

  it('rebuilds garbage-collected structs (a deleted record whose fields became GC)', () => {
    const original = new Y.Doc();
    const records = original.getMap<Y.Map<unknown>>('records');
    for (let i = 0; i < 20; i++) {
      const record = new Y.Map<unknown>();
      records.set(`r${i}`, record);
      for (let f = 0; f < 5; f++) record.set(`f${f}`, `${i}-${f}`);
    }
    for (let i = 0; i < 20; i += 3) records.delete(`r${i}`);
    const kinds = new Set(
      [...original.store.clients.values()].flat().map((struct) => struct.constructor.name),
    );
    expect(kinds.has('GC')).toBe(true);
    const { doc, pending } = rebuild(encodeStateAsPieces(original, { structs: 4 }));
    expect(pending).toBe(false);
    expectSameState(doc, original);
  });

  it('gives a piece that repeats nothing to a doc that has it all (applying twice is harmless)', () => {
    const original = everyKind(false);
    const pieces = encodeStateAsPieces(original, { structs: 3 });
    const { doc } = rebuild([...pieces, ...pieces], false);
    expectSameState(doc, original);
  });

  it('rebuilds many clients whose edits interleave (dependencies cross clients at every step)', () => {
    const peers = Array.from({ length: 6 }, (_, i) => {
      const doc = new Y.Doc();
      doc.clientID = ((i * 7919) % 13) + 1;
      return doc;
    });
    for (let round = 0; round < 120; round++) {
      const doc = peers[round % peers.length] as Y.Doc;
      const text = doc.getText('t');
      text.insert(Math.floor(text.length / 2), `${round},`);
      doc.getMap('m').set(`k${round % 9}`, round);
      const next = peers[(round + 1) % peers.length] as Y.Doc;
      Y.applyUpdate(next, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(next)));
    }
    const original = peers[peers.length - 1] as Y.Doc;
    for (const structs of [1, 5, 17]) {
      const { doc, pending } = rebuild(encodeStateAsPieces(original, { structs }));
      expect(pending).toBe(false);
      expectSameState(doc, original);
      expect(doc.getText('t').toString()).toBe(original.getText('t').toString());
    }
  });
});

describe('state pieces keep what waits as pending, like encodeStateAsUpdate', () => {
  it('keeps structs waiting as pending (their dependency not yet received)', () => {
    const author = new Y.Doc();
    author.getMap('records').set('first', 1);
    const first = Y.encodeStateAsUpdate(author);
    const afterFirst = Y.encodeStateVector(author);
    author.getMap('records').set('second', 2);
    const second = Y.encodeStateAsUpdate(author, afterFirst);

    // A copy that received the second change before the first: it waits as pending.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, second);
    expect(copy.store.pendingStructs).not.toBeNull();

    // Yjs's own encoding carries the pending structs, and so do the pieces.
    const whole = new Y.Doc();
    Y.applyUpdate(whole, Y.encodeStateAsUpdate(copy));
    Y.applyUpdate(whole, first);
    expect(whole.getMap('records').toJSON()).toEqual({ first: 1, second: 2 });

    const { doc } = rebuild(encodeStateAsPieces(copy));
    Y.applyUpdate(doc, first);
    expect(doc.getMap('records').toJSON()).toEqual({ first: 1, second: 2 });
  });

  it('keeps deletions waiting as pending (of structs not yet received)', () => {
    const author = new Y.Doc();
    author.getMap('records').set('a', 1);
    const insert = Y.encodeStateAsUpdate(author);
    const before = Y.encodeStateVector(author);
    author.getMap('records').delete('a');
    const deletion = Y.encodeStateAsUpdate(author, before);

    const copy = new Y.Doc();
    Y.applyUpdate(copy, deletion);
    expect(copy.store.pendingDs).not.toBeNull();

    const { doc } = rebuild(encodeStateAsPieces(copy));
    Y.applyUpdate(doc, insert);
    expect(doc.getMap('records').toJSON()).toEqual({});
  });

  it('carries deleted items kept for undo alive until the last piece (deletions ride with it)', () => {
    const original = new Y.Doc();
    const records = original.getMap<Y.Map<unknown>>('records');
    const undo = new Y.UndoManager(records);
    for (let i = 0; i < 30; i++) {
      const record = new Y.Map<unknown>();
      record.set('name', `r${i}`);
      records.set(`r${i}`, record);
    }
    undo.stopCapturing();
    records.delete('r0');
    const pieces = encodeStateAsPieces(original, { structs: 10 });
    expect(pieces.length).toBeGreaterThan(2);

    const doc = new Y.Doc();
    Y.applyUpdate(doc, pieces[0] as Uint8Array);
    // Between pieces a reader sees the deleted record (its content was kept for undo).
    expect(doc.getMap('records').has('r0')).toBe(true);
    for (const piece of pieces.slice(1)) Y.applyUpdate(doc, piece);
    expect(doc.getMap('records').has('r0')).toBe(false);
    expect(doc.getMap('records').size).toBe(29);
    undo.destroy();
  });
});
