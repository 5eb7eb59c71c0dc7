/**
 * What the views do to the library: each call runs one core operation on a fresh context over the
 * live docs and turns a refusal into a toast (the core's message names the field).
 */
import type { LibraryContext } from '$lib/library/context';
import type { ShareLevel } from '$lib/library/records/common';
import {
  addToCollection,
  duplicateAsset,
  setShareLevel,
  trashAsset,
  updateAsset,
} from '$lib/library/ops/index';
import { toasts } from './toasts.svelte';
import type { Workspace } from './workspace.svelte';

/** Runs `operation`; on failure shows `label: message` and answers null. */
export function act<T>(
  workspace: Workspace,
  label: string,
  operation: (ctx: LibraryContext) => T,
): T | null {
  try {
    return operation(workspace.context());
  } catch (error) {
    toasts.error(error, label);
    return null;
  }
}

/** Applies one operation to many assets; reports how many failed in one toast. */
export function actOnEach(
  workspace: Workspace,
  label: string,
  ids: readonly string[],
  operation: (ctx: LibraryContext, id: string) => void,
): number {
  const ctx = workspace.context();
  let done = 0;
  let firstError: unknown = null;
  for (const id of ids) {
    try {
      operation(ctx, id);
      done++;
    } catch (error) {
      firstError ??= error;
    }
  }
  if (firstError !== null) {
    toasts.error(firstError, `${label}: ${ids.length - done} of ${ids.length} not changed`);
  }
  return done;
}

export function duplicate(workspace: Workspace, assetId: string): string | null {
  const result = act(workspace, 'Duplicate', (ctx) => duplicateAsset(ctx, { asset_id: assetId }));
  if (result) toasts.success(`Duplicated (v${result.lineage_version})`);
  return result?.duplicate_id ?? null;
}

export function addManyToCollection(
  workspace: Workspace,
  collectionId: string,
  assetIds: readonly string[],
): number {
  const ctx = workspace.context();
  let added = 0;
  let already = 0;
  let firstError: unknown = null;
  for (const assetId of assetIds) {
    try {
      addToCollection(ctx, { collection_id: collectionId, asset_id: assetId });
      added++;
    } catch (error) {
      if ((error as { code?: string }).code === 'CONFLICT') already++;
      else firstError ??= error;
    }
  }
  if (firstError !== null) toasts.error(firstError, 'Add to collection');
  if (added > 0 || already > 0) {
    const note = already > 0 ? ` (${already} already there)` : '';
    toasts.success(`Added ${added} to the collection${note}`);
  }
  return added;
}

export function tagMany(workspace: Workspace, assetIds: readonly string[], tags: string[]): number {
  return actOnEach(workspace, 'Tag', assetIds, (ctx, id) => {
    const current = workspace.index.asset(id)?.asset.tags ?? [];
    updateAsset(ctx, { asset_id: id, tags: [...current, ...tags] });
  });
}

export function setLevelMany(
  workspace: Workspace,
  assetIds: readonly string[],
  level: ShareLevel,
): number {
  return actOnEach(workspace, 'Share level', assetIds, (ctx, id) =>
    setShareLevel(ctx, { asset_id: id, share_level: level }),
  );
}

export function trashMany(workspace: Workspace, assetIds: readonly string[]): number {
  const done = actOnEach(workspace, 'Move to trash', assetIds, (ctx, id) =>
    trashAsset(ctx, { asset_id: id }),
  );
  if (done > 0) toasts.info(`Moved ${done} to the trash`);
  return done;
}
