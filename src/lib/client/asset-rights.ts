/** What this person may do to one asset, decided by the core's access rules (never by the view). */
import { canEditAsset, canManageAsset, findAsset } from '$lib/library/access';
import { recordView } from '$lib/library/ops/index';
import type { Workspace } from './workspace.svelte';

export interface AssetRights {
  canEdit: boolean;
  canManage: boolean;
}

export function rightsOn(workspace: Workspace, assetId: string): AssetRights {
  try {
    const ctx = workspace.context();
    const located = findAsset(ctx, assetId);
    return { canEdit: canEditAsset(ctx, located), canManage: canManageAsset(ctx, located) };
  } catch (_error) {
    return { canEdit: false, canManage: false };
  }
}

/**
 * Counts a view. Someone who can write the asset's room counts it in the doc (offline too); a
 * read-only reader asks the server, which writes it for them.
 */
export function countView(workspace: Workspace, assetId: string): void {
  const ctx = workspace.context();
  try {
    const located = findAsset(ctx, assetId);
    if (located.room.writable) {
      recordView(ctx, { asset_id: assetId });
      return;
    }
  } catch (_error) {
    return;
  }
  // A view the server could not count is not worth interrupting anyone for.
  void fetch(`/api/library/assets/${encodeURIComponent(assetId)}/view`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ team_id: workspace.teamId }),
  }).catch(() => undefined);
}
