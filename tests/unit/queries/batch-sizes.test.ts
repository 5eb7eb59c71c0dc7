/**
 * A library arriving in batches of every size (a room read in pieces, then small syncs): the sort
 * orders a large batch leaves to be rebuilt must take in whatever small batches add or remove
 * after it, before anyone has read them.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LibraryIndex } from '../../../src/lib/library/live';
import { searchLibrary } from '../../../src/lib/library/queries';
import { assetToYMap } from '../../../src/lib/library/records/asset';
import { assetsOf } from '../../../src/lib/library/schema';
import { assetRecord } from './fixtures';

const name = (i: number) => `Clip ${String(i).padStart(4, '0')}`;

function addAssets(doc: Y.Doc, from: number, to: number): void {
  doc.transact(() => {
    for (let i = from; i < to; i++) {
      assetsOf(doc).set(`a${i}`, assetToYMap(assetRecord(`a${i}`, { name: name(i) })));
    }
  });
}

function namesByName(index: LibraryIndex): string[] {
  const { results } = searchLibrary(index, { sort_by: 'name', sort_order: 'asc', per_page: 100 });
  return results.map((row) => row.name);
}

describe('sort orders across batch sizes', () => {
  it('a small batch after a large one adds its clips in order', () => {
    const doc = new Y.Doc();
    const index = new LibraryIndex([{ name: 'team/team1', kind: 'team', doc, writable: true }]);
    addAssets(doc, 100, 400); // large: the orders wait
    addAssets(doc, 0, 50); // small, before anyone read the orders
    expect(index.assetCount).toBe(350);
    const { total } = searchLibrary(index, {});
    expect(total).toBe(350);
    expect(namesByName(index).slice(0, 3)).toEqual([name(0), name(1), name(2)]);
    expect(namesByName(index)).toHaveLength(100);
  });

  it('a room read in many small pieces sorts every clip, then takes single changes in order', () => {
    const doc = new Y.Doc();
    const index = new LibraryIndex([{ name: 'team/team1', kind: 'team', doc, writable: true }]);
    // Pieces in a shuffled order of names, 30 clips each, as a room read a turn at a time.
    const order = Array.from({ length: 600 }, (_, i) => (i * 7919) % 600);
    for (let piece = 0; piece < 20; piece++) {
      doc.transact(() => {
        for (const i of order.slice(piece * 30, piece * 30 + 30)) {
          assetsOf(doc).set(`a${i}`, assetToYMap(assetRecord(`a${i}`, { name: name(i) })));
        }
      });
    }
    expect(namesByName(index)).toEqual(Array.from({ length: 100 }, (_, i) => name(i)));
    addAssets(doc, 600, 601);
    (assetsOf(doc).get('a5') as Y.Map<unknown>).set('name', 'Aardvark');
    const names = namesByName(index);
    expect(names.slice(0, 3)).toEqual(['Aardvark', name(0), name(1)]);
    expect(searchLibrary(index, {}).total).toBe(601);
  });

  it('a small removal and rename after a large batch leave the orders right', () => {
    const doc = new Y.Doc();
    const index = new LibraryIndex([{ name: 'team/team1', kind: 'team', doc, writable: true }]);
    addAssets(doc, 0, 300);
    doc.transact(() => {
      assetsOf(doc).delete('a0');
      (assetsOf(doc).get('a299') as Y.Map<unknown>).set('name', 'Aardvark');
    });
    expect(index.assetCount).toBe(299);
    const names = namesByName(index);
    expect(names[0]).toBe('Aardvark');
    expect(names[1]).toBe(name(1));
    expect(names).not.toContain(name(0));
  });
});
