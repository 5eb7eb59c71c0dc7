/**
 * VideoCollection and CollectionItem, as stored in a room's `collections` map.
 *
 * Layout: `collections` is a Y.Map keyed by collection id; each value is a Y.Map of the scalar
 * fields, `tags` (Y.Map tag → true) and `items` (Y.Map asset id → Y.Map item). Keying items by
 * asset id means the same video can never be in a collection twice, even after concurrent adds.
 * Order is a fractional key per item (`order_key`), ties broken by asset id, so concurrent reorders
 * of different items both survive. video_count and total_duration are derived at read time.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import {
  idSchema,
  isoDateSchema,
  shareLevelSchema,
  type ShareLevel,
  readFailure,
  type ReadResult,
} from './common';

export const COLLECTION_TYPES = [
  'campaign',
  'series',
  'character_arc',
  'brand_kit',
  'universe',
] as const;
export type CollectionType = (typeof COLLECTION_TYPES)[number];

export const storedItemSchema = z.object({
  order_key: z.string().min(1).max(200),
  notes: z.string().max(10_000),
  added_at: isoDateSchema,
  added_by: idSchema,
});

export const storedCollectionSchema = z.object({
  id: idSchema,
  team_id: idSchema,
  creator_id: idSchema,
  name: z.string().min(1).max(255),
  description: z.string().max(10_000),
  collection_type: z.enum(COLLECTION_TYPES),
  cover_image_url: z.string().max(2000).nullable(),
  tags: z.record(z.string(), z.literal(true)),
  category: z.string().max(100),
  share_level: shareLevelSchema,
  created_at: isoDateSchema,
  updated_at: isoDateSchema,
  // Schema version 2: the trash. Absent in version-1 docs (and from old peers) means not trashed.
  trashed_at: isoDateSchema.nullable().optional(),
  trashed_by: idSchema.nullable().optional(),
});

export interface CollectionItem {
  collection_id: string;
  asset_id: string;
  order_key: string;
  notes: string;
  added_at: string;
  added_by: string;
}

export interface VideoCollection {
  id: string;
  team_id: string;
  creator_id: string;
  name: string;
  description: string;
  collection_type: CollectionType;
  cover_image_url: string | null;
  tags: string[];
  category: string;
  share_level: ShareLevel;
  /** Derived from share_level: the spec keeps both. */
  is_public: boolean;
  created_at: string;
  updated_at: string;
  /** When it was moved to the trash (null: not trashed); queries skip trashed collections. */
  trashed_at: string | null;
  trashed_by: string | null;
  /** Items in order, malformed items skipped (reported in `skipped`). */
  items: CollectionItem[];
  skipped: { asset_id: string; path: string; message: string }[];
}

/** Total order of items: by fractional key, ties (concurrent inserts) by asset id. */
export function compareItems(a: CollectionItem, b: CollectionItem): number {
  if (a.order_key !== b.order_key) return a.order_key < b.order_key ? -1 : 1;
  return a.asset_id < b.asset_id ? -1 : a.asset_id > b.asset_id ? 1 : 0;
}

/** Reads and validates one collection any peer may have written; never throws. */
export function readCollection(value: unknown): ReadResult<VideoCollection> {
  if (!(value instanceof Y.Map)) return { ok: false, path: '', message: 'not a Y.Map' };
  // Nested parts must be shared types (see readAsset); items may be missing (no items yet).
  if (value.has('tags') && !(value.get('tags') instanceof Y.Map)) {
    return { ok: false, path: 'tags', message: 'not a Y.Map' };
  }
  if (value.has('items') && !(value.get('items') instanceof Y.Map)) {
    return { ok: false, path: 'items', message: 'not a Y.Map' };
  }
  const { items: rawItems, ...rest } = value.toJSON() as Record<string, unknown>;
  const parsed = storedCollectionSchema.safeParse(rest);
  if (!parsed.success) {
    return readFailure(parsed.error);
  }
  const items: CollectionItem[] = [];
  const skipped: VideoCollection['skipped'] = [];
  const entries =
    rawItems && typeof rawItems === 'object' ? Object.entries(rawItems as object) : [];
  for (const [assetId, raw] of entries) {
    const item = storedItemSchema.safeParse(raw);
    const shared = (value.get('items') as Y.Map<unknown>).get(assetId) instanceof Y.Map;
    if (item.success && shared && idSchema.safeParse(assetId).success) {
      items.push({ collection_id: parsed.data.id, asset_id: assetId, ...item.data });
    } else {
      const issue = item.success ? undefined : item.error.issues[0];
      skipped.push({
        asset_id: assetId,
        path: `items.${assetId}.${(issue?.path ?? []).map(String).join('.')}`,
        message: issue?.message ?? (shared ? 'bad asset id' : 'not a Y.Map'),
      });
    }
  }
  items.sort(compareItems);
  const collection = parsed.data;
  return {
    ok: true,
    value: {
      ...collection,
      trashed_at: collection.trashed_at ?? null,
      trashed_by: collection.trashed_by ?? null,
      tags: Object.keys(collection.tags).sort(),
      is_public: collection.share_level === 'public',
      items,
      skipped,
    },
  };
}
