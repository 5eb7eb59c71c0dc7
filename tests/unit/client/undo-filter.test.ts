import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { LibraryOrigin } from '../../../src/lib/library/context';
import { isUndoable, operationLabel } from '../../../src/lib/client/undo-labels';

describe('undo history filter', () => {
  test('a recorded view is not undoable while an edit is', () => {
    const doc = new Y.Doc();
    const map = doc.getMap('assets');
    const manager = new Y.UndoManager([map], {
      trackedOrigins: new Set([LibraryOrigin]),
      captureTimeout: 0,
      captureTransaction: isUndoable,
    });
    doc.transact(() => map.set('title', 'First'), new LibraryOrigin('updateAsset', 'u1'));
    doc.transact(() => map.set('views', 1), new LibraryOrigin('recordView', 'u1'));
    expect(manager.undoStack).toHaveLength(1);
    manager.undo();
    expect(map.get('views')).toBe(1);
    expect(map.get('title')).toBeUndefined();
    manager.redo();
    expect(map.get('title')).toBe('First');
  });

  test('operations read as words', () => {
    expect(operationLabel('trashAsset')).toBe('move video to trash');
    expect(operationLabel('someNewThing')).toBe('some new thing');
  });
});
