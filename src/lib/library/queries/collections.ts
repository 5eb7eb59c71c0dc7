/** Collections with their videos in order (spec, "Collections API"). */
import { LibraryError, notFound } from '../errors';
import type { LibraryIndex } from '../live/library-index';
import type { VideoCollection } from '../records/collection';
import { idSchema, parseOrThrow, type ShareLevel } from '../records/common';

export interface CollectionSummary {
  id: string;
  team_id: string;
  name: string;
  description: string;
  /** The spec's response calls the collection type `type`; both names are given. */
  type: VideoCollection['collection_type'];
  collection_type: VideoCollection['collection_type'];
  video_count: number;
  total_duration: number;
  cover_image_url: string | null;
  /** Comma-separated, as the spec stores them. */
  tags: string;
  category: string;
  share_level: ShareLevel;
  is_public: boolean;
  creator_id: string;
  created_at: string;
  updated_at: string;
  /** Null unless the collection is in the trash. */
  trashed_at: string | null;
  trashed_by: string | null;
}

export interface CollectionVideo {
  asset_id: string;
  name: string;
  thumbnail_url: string | null;
  duration: number;
  tags: string;
  mood: string | null;
  scene_type: string | null;
  /** Position in the collection as shown (0-based). */
  order_index: number;
  /** The fractional key behind the order (what reorders write). */
  order_key: string;
  notes: string;
  added_at: string;
  added_by: string;
}

export interface CollectionWithVideos {
  collection: CollectionSummary;
  videos: CollectionVideo[];
}

/**
 * A collection and its videos in order. Items whose asset is missing, malformed or in the trash
 * are skipped, and the counts describe what is shown. NOT_FOUND for an unknown collection, and
 * for one in the trash unless `includeTrashed` (a trash view) asks for it.
 */
export function collectionWithVideos(
  index: LibraryIndex,
  collectionId: unknown,
  options: { includeTrashed?: boolean } = {},
): CollectionWithVideos {
  const id = parseOrThrow(idSchema, collectionId, 'collection_id');
  const placed = index.collection(id);
  if (!placed) throw notFound('collection', id, 'collection_id');
  if (placed.value.trashed_at !== null && !options.includeTrashed) {
    throw new LibraryError(
      'NOT_FOUND',
      `collection ${JSON.stringify(id)} is in the trash`,
      'collection_id',
    );
  }
  const videos = videosOf(index, placed.value);
  return { collection: summarize(placed.value, videos), videos };
}

/** Every collection of a team not in the trash, most recently updated first. */
export function teamCollections(index: LibraryIndex, teamId: unknown): CollectionSummary[] {
  return collectionsOfTeam(index, teamId, false);
}

/** The team's collections in the trash, most recently updated (trashed) first. */
export function trashedCollections(index: LibraryIndex, teamId: unknown): CollectionSummary[] {
  return collectionsOfTeam(index, teamId, true);
}

function collectionsOfTeam(
  index: LibraryIndex,
  teamId: unknown,
  trashed: boolean,
): CollectionSummary[] {
  const team = parseOrThrow(idSchema, teamId, 'team_id');
  const summaries: CollectionSummary[] = [];
  for (const { value } of index.collections()) {
    if (value.team_id !== team || (value.trashed_at !== null) !== trashed) continue;
    summaries.push(summarize(value, videosOf(index, value)));
  }
  return summaries.sort(
    (a, b) =>
      (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : 0) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

function videosOf(index: LibraryIndex, collection: VideoCollection): CollectionVideo[] {
  const videos: CollectionVideo[] = [];
  for (const item of collection.items) {
    const entry = index.asset(item.asset_id);
    if (!entry || entry.asset.trashed_at !== null) continue;
    const { asset } = entry;
    videos.push({
      asset_id: asset.id,
      name: asset.name,
      thumbnail_url: asset.thumbnail_url,
      duration: asset.duration,
      tags: asset.tags.join(','),
      mood: asset.metadata.mood,
      scene_type: asset.metadata.scene_type,
      order_index: videos.length,
      order_key: item.order_key,
      notes: item.notes,
      added_at: item.added_at,
      added_by: item.added_by,
    });
  }
  return videos;
}

function summarize(collection: VideoCollection, videos: CollectionVideo[]): CollectionSummary {
  let total = 0;
  for (const video of videos) total += video.duration;
  return {
    id: collection.id,
    team_id: collection.team_id,
    name: collection.name,
    description: collection.description,
    type: collection.collection_type,
    collection_type: collection.collection_type,
    video_count: videos.length,
    // Summing floats drifts (0.1 + 0.2); durations are shown to the millisecond.
    total_duration: Math.round(total * 1000) / 1000,
    cover_image_url: collection.cover_image_url,
    tags: collection.tags.join(','),
    category: collection.category,
    share_level: collection.share_level,
    is_public: collection.is_public,
    creator_id: collection.creator_id,
    created_at: collection.created_at,
    updated_at: collection.updated_at,
    trashed_at: collection.trashed_at,
    trashed_by: collection.trashed_by,
  };
}
