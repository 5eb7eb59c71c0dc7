import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RoomPersistence } from '../../../server/persistence';

export interface PersistenceUnderTest {
  persistence: RoomPersistence;
  /** Closes and opens the same store again, when the implementation outlives its process. */
  reopen?: () => RoomPersistence;
  dispose: () => void;
}

function edit(doc: Y.Doc, fn: (doc: Y.Doc) => void): Uint8Array {
  let captured: Uint8Array | null = null;
  const capture = (update: Uint8Array) => (captured = update);
  doc.on('update', capture);
  doc.transact(() => fn(doc));
  doc.off('update', capture);
  if (!captured) throw new Error('edit produced no update');
  return captured;
}

function docFrom(state: Uint8Array | null): Y.Doc {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  return doc;
}

/** The behaviour every RoomPersistence must have; run once per implementation. */
export function persistenceContract(
  name: string,
  open: () => PersistenceUnderTest,
  { durable }: { durable: boolean },
): void {
  describe(`RoomPersistence contract: ${name}`, () => {
    it('loads an unknown room as null', () => {
      const store = open();
      expect(store.persistence.load('team/nobody')).toBeNull();
      store.dispose();
    });

    it('returns the merged state of every appended update', () => {
      const store = open();
      const doc = new Y.Doc();
      store.persistence.append(
        'team/a',
        edit(doc, (d) => d.getMap('assets').set('x', 1)),
      );
      store.persistence.append(
        'team/a',
        edit(doc, (d) => d.getMap('assets').set('y', 2)),
      );
      store.persistence.append(
        'team/a',
        edit(doc, (d) => d.getMap('assets').delete('x')),
      );
      const loaded = docFrom(store.persistence.load('team/a'));
      expect(loaded.getMap('assets').toJSON()).toEqual({ y: 2 });
      store.dispose();
    });

    it('appends several updates at once like one by one', () => {
      const store = open();
      const doc = new Y.Doc();
      const updates = [1, 2, 3].map((i) => edit(doc, (d) => d.getArray('log').push([i])));
      store.persistence.append(
        'team/a',
        edit(doc, (d) => d.getArray('log').push([0])),
      );
      store.persistence.appendMany('team/a', updates);
      const loaded = docFrom(store.persistence.load('team/a'));
      expect(loaded.getArray('log').toJSON()).toEqual([1, 2, 3, 0]);
      store.dispose();
    });

    it('keeps content identical through compaction and later appends', () => {
      const store = open();
      const doc = new Y.Doc();
      for (let i = 0; i < 20; i++) {
        store.persistence.append(
          'team/a',
          edit(doc, (d) => d.getArray('log').push([i])),
        );
      }
      const before = docFrom(store.persistence.load('team/a')).getArray('log').toJSON();
      store.persistence.compact('team/a', Y.encodeStateAsUpdate(doc));
      expect(docFrom(store.persistence.load('team/a')).getArray('log').toJSON()).toEqual(before);
      store.persistence.append(
        'team/a',
        edit(doc, (d) => d.getArray('log').push(['after'])),
      );
      expect(docFrom(store.persistence.load('team/a')).getArray('log').toJSON()).toEqual([
        ...before,
        'after',
      ]);
      store.dispose();
    });

    it('keeps rooms apart', () => {
      const store = open();
      const rooms = ['team/a', 'team/b', 'private/a/u1', 'shared/u1', 'public/a'];
      for (const room of rooms) {
        const doc = new Y.Doc();
        store.persistence.append(
          room,
          edit(doc, (d) => d.getMap('meta').set('room', room)),
        );
      }
      store.persistence.compact('team/b', Y.encodeStateAsUpdate(new Y.Doc()));
      for (const room of rooms) {
        const meta = docFrom(store.persistence.load(room)).getMap('meta').toJSON();
        expect(meta).toEqual(room === 'team/b' ? {} : { room });
      }
      expect(store.persistence.rooms().sort()).toEqual([...rooms].sort());
      store.dispose();
    });

    it('does not keep a reference to the buffer it was handed', () => {
      const store = open();
      const doc = new Y.Doc();
      const update = edit(doc, (d) => d.getMap('meta').set('k', 'v'));
      store.persistence.append('team/a', update);
      update.fill(0);
      expect(docFrom(store.persistence.load('team/a')).getMap('meta').toJSON()).toEqual({ k: 'v' });
      store.dispose();
    });

    it('refuses writes after close', () => {
      const store = open();
      store.persistence.close();
      expect(() => store.persistence.append('team/a', new Uint8Array([0, 0]))).toThrow();
      store.dispose();
    });

    if (!durable) return;

    it('keeps everything when reopened', () => {
      const store = open();
      if (!store.reopen) throw new Error(`${name} is durable but cannot be reopened`);
      const doc = new Y.Doc();
      store.persistence.append(
        'team/a',
        edit(doc, (d) => d.getMap('assets').set('x', 1)),
      );
      store.persistence.compact('team/a', Y.encodeStateAsUpdate(doc));
      store.persistence.append(
        'team/a',
        edit(doc, (d) => d.getMap('assets').set('y', 2)),
      );
      const reopened = store.reopen();
      expect(docFrom(reopened.load('team/a')).getMap('assets').toJSON()).toEqual({ x: 1, y: 2 });
      expect(reopened.rooms()).toEqual(['team/a']);
      store.dispose();
    });
  });
}
