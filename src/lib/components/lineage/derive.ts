/** Duplicate / remix / evolve / extend from any node of the tree, through the core operations. */
import { act } from '../../client/actions';
import { toasts } from '../../client/toasts.svelte';
import type { Workspace } from '../../client/workspace.svelte';
import { duplicateAsset, evolveAsset, extendAsset, remixAsset } from '../../library/ops/lineage';
import type { FamilyAsset } from './family';

export type DeriveKind = 'duplicate' | 'remix' | 'evolve' | 'extend';

export interface DeriveInput {
  prompt: string;
  note: string;
  branch: string;
}

/** Whether this person may derive from the clip (the core decides again when it runs). */
export function canDerive(workspace: Workspace, asset: FamilyAsset, kind: DeriveKind): boolean {
  if (!workspace.canWrite || asset.trashed) return false;
  const owner = asset.creator_id === workspace.me.user.id || workspace.canManage;
  return owner || (kind === 'duplicate' ? asset.can_duplicate : asset.can_remix);
}

/** Runs the operation; answers the new clip's id, or null (the refusal is shown as a toast). */
export function derive(
  workspace: Workspace,
  kind: DeriveKind,
  assetId: string,
  input: DeriveInput,
): string | null {
  const branch = input.branch.trim() || undefined;
  const note = input.note;
  const prompt = input.prompt.trim();
  const label = kind.charAt(0).toUpperCase() + kind.slice(1);
  const result = act(workspace, label, (ctx) => {
    switch (kind) {
      case 'duplicate': {
        const done = duplicateAsset(ctx, {
          asset_id: assetId,
          branch_name: branch,
          evolution_note: note,
        });
        return { id: done.duplicate_id, version: done.lineage_version };
      }
      case 'remix': {
        const done = remixAsset(ctx, {
          asset_id: assetId,
          new_prompt: prompt,
          branch_name: branch,
          evolution_note: note,
        });
        return { id: done.remix_id, version: done.lineage_version };
      }
      case 'evolve':
      case 'extend': {
        const run = kind === 'evolve' ? evolveAsset : extendAsset;
        const done = run(ctx, {
          asset_id: assetId,
          new_prompt: prompt || undefined,
          branch_name: branch,
          evolution_note: note,
        });
        return { id: done.asset_id, version: done.lineage_version };
      }
    }
  });
  if (result) toasts.success(`${label} created (v${result.version})`);
  return result?.id ?? null;
}
