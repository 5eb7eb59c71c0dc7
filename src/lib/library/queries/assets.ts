/** One asset in full, with its derived counts. */
import { notFound } from '../errors';
import type { LibraryIndex } from '../live/library-index';
import type { VideoAsset, VideoLibraryMetadata } from '../records/asset';
import { idSchema, parseOrThrow } from '../records/common';

export interface AssetDetails extends Omit<VideoAsset, 'metadata'> {
  metadata: VideoLibraryMetadata & {
    duplicate_count: number;
    remix_count: number;
    has_lineage: boolean;
  };
  /** The room the asset lives in. */
  room: string;
}

/** The full VideoAsset with metadata and derived counts (trashed ones too). NOT_FOUND if unknown. */
export function assetDetails(index: LibraryIndex, assetId: unknown): AssetDetails {
  const id = parseOrThrow(idSchema, assetId, 'asset_id');
  const entry = index.asset(id);
  if (!entry) throw notFound('asset', id, 'asset_id');
  const { asset } = entry;
  return {
    ...asset,
    metadata: {
      ...asset.metadata,
      ...index.lineageMeta(id),
      duplicate_count: index.duplicateCount(id),
      remix_count: index.remixCount(id),
      has_lineage: index.hasLineage(id),
    },
    room: entry.room,
  };
}
