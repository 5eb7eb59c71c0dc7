/** Asset rows in the spec's response shapes, with derived counts filled in from the index. */
import type { IndexedAsset, LibraryIndex } from '../live/library-index';
import type { AssetStatus } from '../records/asset';
import type { ShareLevel } from '../records/common';

export interface SearchResultRow {
  id: string;
  name: string;
  thumbnail_url: string | null;
  duration: number;
  /** Comma-separated, as the spec shows. */
  tags: string;
  category: string;
  mood: string | null;
  scene_type: string | null;
  engine: string;
  creator_id: string;
  status: AssetStatus;
  created_at: string;
  view_count: number;
  duplicate_count: number;
  remix_count: number;
  has_lineage: boolean;
  lineage_version: number;
  share_level: ShareLevel;
}

export function toSearchRow(index: LibraryIndex, entry: IndexedAsset): SearchResultRow {
  const { asset } = entry;
  return {
    id: asset.id,
    name: asset.name,
    thumbnail_url: asset.thumbnail_url,
    duration: asset.duration,
    tags: asset.tags.join(','),
    category: asset.category,
    mood: asset.metadata.mood,
    scene_type: asset.metadata.scene_type,
    engine: asset.engine,
    creator_id: asset.creator_id,
    status: asset.status,
    created_at: asset.created_at,
    view_count: asset.metadata.view_count,
    duplicate_count: index.duplicateCount(asset.id),
    remix_count: index.remixCount(asset.id),
    has_lineage: index.hasLineage(asset.id),
    lineage_version: index.lineageMeta(asset.id)?.lineage_version ?? asset.metadata.lineage_version,
    share_level: asset.metadata.share_level,
  };
}
