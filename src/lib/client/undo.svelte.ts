/**
 * Undo/redo of this person's own library actions across the writable rooms. Y.UndoManager works on
 * one doc, so each room has its own and a shared history says which room acted last; the steps of
 * one action that touched two rooms (a share-level move) are undone together.
 */
import * as Y from 'yjs';
import { LibraryOrigin } from '$lib/library/context';
import { assetsOf, collectionsOf, lineageOf, sharesOf } from '$lib/library/schema';
import { isUndoable } from './undo-labels';

/** Steps in different rooms this close together belong to one action. */
const SAME_ACTION_MS = 50;

interface Step {
  manager: Y.UndoManager;
  at: number;
  /** The LibraryOrigin operation that made the step, for "Undid: …" feedback. */
  operation: string | undefined;
}

export class UndoHistory {
  canUndo = $state(false);
  canRedo = $state(false);
  #managers: Y.UndoManager[] = [];
  #undo: Step[] = [];
  #redo: Step[] = [];
  #replaying = false;

  track(doc: Y.Doc): void {
    const manager = new Y.UndoManager(
      [assetsOf(doc), collectionsOf(doc), sharesOf(doc), lineageOf(doc)],
      {
        // eslint-disable-next-line svelte/prefer-svelte-reactivity -- Yjs's option, not state
        trackedOrigins: new Set([LibraryOrigin]),
        captureTimeout: 0,
        // Views and housekeeping are recorded with a LibraryOrigin too, but nobody chose them.
        captureTransaction: isUndoable,
      },
    );
    manager.on('stack-item-added', (event: { type: 'undo' | 'redo'; origin: unknown }) => {
      if (this.#replaying) return;
      if (event.type === 'undo') {
        const operation =
          event.origin instanceof LibraryOrigin ? event.origin.operation : undefined;
        this.#undo.push({ manager, at: Date.now(), operation });
        this.#redo = [];
        for (const other of this.#managers) if (other !== manager) other.clear(false, true);
      }
      this.#refresh();
    });
    this.#managers.push(manager);
  }

  /** Undoes the last action; returns its operation name, or null when there was nothing. */
  undo(): string | undefined | null {
    return this.#replay(this.#undo, this.#redo, (manager) => manager.undo());
  }

  /** Redoes the last undone action; returns its operation name, or null when there was nothing. */
  redo(): string | undefined | null {
    return this.#replay(this.#redo, this.#undo, (manager) => manager.redo());
  }

  destroy(): void {
    for (const manager of this.#managers) manager.destroy();
    this.#managers = [];
    this.#undo = [];
    this.#redo = [];
    this.#refresh();
  }

  #replay(
    from: Step[],
    to: Step[],
    apply: (manager: Y.UndoManager) => void,
  ): string | undefined | null {
    const last = from.at(-1);
    if (!last) return null;
    const group: Step[] = [];
    while (from.length > 0 && last.at - from.at(-1)!.at <= SAME_ACTION_MS) group.push(from.pop()!);
    this.#replaying = true;
    try {
      for (const step of group) apply(step.manager);
    } finally {
      this.#replaying = false;
    }
    const now = Date.now();
    for (const step of group.reverse()) to.push({ ...step, at: now });
    this.#refresh();
    return last.operation;
  }

  #refresh(): void {
    this.canUndo = this.#undo.length > 0;
    this.canRedo = this.#redo.length > 0;
  }
}
