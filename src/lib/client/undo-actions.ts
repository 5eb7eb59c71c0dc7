/** Undo and redo from a button or a shortcut, saying in words what was taken back or redone. */
import { toasts } from './toasts.svelte';
import { operationLabel } from './undo-labels';
import type { Workspace } from './workspace.svelte';

export function undoLast(workspace: Workspace): void {
  const operation = workspace.undo.undo();
  if (operation !== null) toasts.info(`Undid: ${operationLabel(operation)}`);
}

export function redoLast(workspace: Workspace): void {
  const operation = workspace.undo.redo();
  if (operation !== null) toasts.info(`Redid: ${operationLabel(operation)}`);
}
