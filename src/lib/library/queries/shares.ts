/** Who an asset is shared with (spec, "Get Video Shares"). */
import { notFound } from '../errors';
import type { LibraryIndex } from '../live/library-index';
import { idSchema, parseOrThrow } from '../records/common';
import { isShareActive, type Permission } from '../records/share';

export interface ShareRow {
  share_id: string;
  shared_with_id: string;
  /** From `userName`, or null when the name is not known here. */
  shared_with_name: string | null;
  permission: Permission;
  message: string;
  shared_at: string;
  expires_at: string | null;
  shared_by: string;
}

/**
 * The active shares of an asset, newest first; expired ones are left out. `userName` resolves
 * user ids to display names (the library documents hold ids only). NOT_FOUND for an unknown asset.
 */
export function sharesOfAsset(
  index: LibraryIndex,
  assetId: unknown,
  now: Date,
  userName?: (userId: string) => string | undefined,
): ShareRow[] {
  const id = parseOrThrow(idSchema, assetId, 'asset_id');
  if (!index.asset(id)) throw notFound('asset', id, 'asset_id');
  return index
    .sharesOf(id)
    .filter((share) => isShareActive(share, now))
    .sort((a, b) =>
      a.shared_at !== b.shared_at ? (a.shared_at < b.shared_at ? 1 : -1) : a.id < b.id ? -1 : 1,
    )
    .map((share) => ({
      share_id: share.id,
      shared_with_id: share.shared_with,
      shared_with_name: userName?.(share.shared_with) ?? null,
      permission: share.permission,
      message: share.message,
      shared_at: share.shared_at,
      expires_at: share.expires_at,
      shared_by: share.shared_by,
    }));
}
