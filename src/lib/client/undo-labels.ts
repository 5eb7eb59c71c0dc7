/**
 * Which library transactions belong in this person's undo history, and what to call them when they
 * are undone or redone. Plain functions so the rule is testable without a browser.
 */
import type * as Y from 'yjs';
import { LibraryOrigin } from '../library/context';

/** Operations that are bookkeeping, not something the person chose to do: never undoable. */
const NOT_UNDOABLE = new Set(['recordView', 'migrate', 'sweepTombstoned']);

/**
 * Whether Y.UndoManager should capture this transaction (after its own trackedOrigins check). It is
 * asked about its own undo transactions too, whose origin is the manager: those must pass, or redo
 * would have nothing to replay.
 */
export function isUndoable(transaction: Y.Transaction): boolean {
  const origin: unknown = transaction.origin;
  return !(origin instanceof LibraryOrigin && NOT_UNDOABLE.has(origin.operation));
}

const LABELS: Record<string, string> = {
  createAsset: 'add video',
  updateAsset: 'edit video',
  trashAsset: 'move video to trash',
  restoreAsset: 'restore video',
  purgeAsset: 'delete video for good',
  setShareLevel: 'change visibility',
  shareAsset: 'share video',
  revokeShare: 'remove share',
  updateSharePermission: 'change share permission',
  duplicateAsset: 'duplicate',
  remixAsset: 'remix',
  evolveAsset: 'evolve',
  extendAsset: 'extend',
  remix: 'remix',
  evolve: 'evolve',
  extend: 'extend',
  mergeAssets: 'merge',
  linkLineage: 'link versions',
  createCollection: 'create collection',
  updateCollection: 'edit collection',
  deleteCollection: 'delete collection',
  restoreCollection: 'restore collection',
  purgeCollection: 'delete collection for good',
  addToCollection: 'add to collection',
  removeFromCollection: 'remove from collection',
  moveCollectionItem: 'move in collection',
  reorderCollection: 'reorder collection',
  updateCollectionItem: 'edit collection notes',
  updateConstellationPosition: 'move star',
};

/** A human label for an operation name ("trashAsset" → "move video to trash"). */
export function operationLabel(operation: string | undefined): string {
  if (!operation) return 'last change';
  const known = LABELS[operation];
  if (known) return known;
  // Unknown names still read as words: "fooBarBaz" → "foo bar baz".
  return operation.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
