/**
 * VideoAsset (from earlier phases) and its VideoLibraryMetadata, as stored in a room's `assets` map.
 *
 * Layout: `assets` is a Y.Map keyed by asset id; each value is a Y.Map of the scalar fields below,
 * plus `tags` (Y.Map tag → true, a set), `generation_params` (a plain JSON object, replaced whole)
 * and `metadata` (a nested Y.Map holding VideoLibraryMetadata, whose `views` is a per-writer counter
 * Y.Map writer → count). Counts that can be derived (duplicate_count, remix_count, has_lineage) are
 * not stored.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import {
  evolutionTypeSchema,
  idSchema,
  isoDateSchema,
  jsonObjectSchema,
  shareLevelSchema,
  type EvolutionType,
  type JsonValue,
  type ShareLevel,
  readFailure,
  type ReadResult,
} from './common';

export const ASSET_STATUSES = ['draft', 'generating', 'ready', 'failed'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case SHA-256 hex digest');

export const storedMetadataSchema = z.object({
  mood: z.string().max(50).nullable(),
  scene_type: z.string().max(50).nullable(),
  lineage_root_id: idSchema.nullable(),
  parent_asset_id: idSchema.nullable(),
  lineage_version: z.number().int().min(1),
  lineage_branch: z.string().max(100),
  evolution_type: evolutionTypeSchema.nullable(),
  evolution_note: z.string().max(10_000),
  share_level: shareLevelSchema,
  can_duplicate: z.boolean(),
  can_remix: z.boolean(),
  used_in_projects: z.number().int().min(0),
  constellation_x: z.number().finite().nullable(),
  constellation_y: z.number().finite().nullable(),
  constellation_cluster: z.string().max(100).nullable(),
  /** Per-writer view counter: writer id → that writer's count. Summed on read. */
  views: z.record(z.string(), z.number().int().min(0)),
  created_at: isoDateSchema,
  updated_at: isoDateSchema,
});

export const storedAssetSchema = z.object({
  id: idSchema,
  team_id: idSchema,
  creator_id: idSchema,
  name: z.string().min(1).max(255),
  prompt: z.string().max(10_000),
  engine: z.string().max(50),
  status: z.enum(ASSET_STATUSES),
  duration: z.number().finite().min(0),
  width: z.number().int().min(0).nullable(),
  height: z.number().int().min(0).nullable(),
  thumbnail_url: z.string().max(2000).nullable(),
  video_url: z.string().max(2000).nullable(),
  thumbnail_sha256: sha256Schema.nullable(),
  video_sha256: sha256Schema.nullable(),
  /** Set: tag → true. */
  tags: z.record(z.string(), z.literal(true)),
  category: z.string().max(100),
  generation_params: jsonObjectSchema,
  seed: z.number().int().nullable(),
  created_at: isoDateSchema,
  updated_at: isoDateSchema,
  trashed_at: isoDateSchema.nullable(),
  trashed_by: idSchema.nullable(),
  metadata: storedMetadataSchema,
});

export type StoredAsset = z.output<typeof storedAssetSchema>;

/**
 * Fields that may be absent from a stored asset, with the value an absent one means. Writers leave
 * a field out while it holds its default, which spares each asset one Yjs item (with its key) per
 * such field; every reader fills them in ({@link readAsset}). All are primitives, so `===` compares
 * them.
 */
export const ASSET_DEFAULTS: Readonly<Record<string, null>> = {
  width: null,
  height: null,
  thumbnail_url: null,
  video_url: null,
  thumbnail_sha256: null,
  video_sha256: null,
  seed: null,
  trashed_at: null,
  trashed_by: null,
};

/** The same for the nested `metadata` map. */
export const METADATA_DEFAULTS: Readonly<Record<string, string | number | boolean | null>> = {
  mood: null,
  scene_type: null,
  lineage_root_id: null,
  parent_asset_id: null,
  lineage_version: 1,
  lineage_branch: 'main',
  evolution_type: null,
  evolution_note: '',
  can_duplicate: true,
  can_remix: true,
  used_in_projects: 0,
  constellation_x: null,
  constellation_y: null,
  constellation_cluster: null,
};

/**
 * What a field of a stored asset (or of its `metadata` map, with {@link METADATA_DEFAULTS}) holds,
 * an absent field reading as its default. For "only write what changed" comparisons.
 */
export function storedField(
  map: Y.Map<unknown>,
  key: string,
  defaults: Readonly<Record<string, unknown>> = ASSET_DEFAULTS,
): unknown {
  const value = map.get(key);
  return value === undefined && Object.hasOwn(defaults, key) ? defaults[key] : value;
}

/** Fills absent (or undefined) defaulted fields of `record` in place. */
function fillDefaults(
  record: Record<string, unknown>,
  defaults: Readonly<Record<string, unknown>>,
) {
  for (const key in defaults) if (record[key] === undefined) record[key] = defaults[key];
}

/** VideoLibraryMetadata as the spec names it, with derived counters filled in by queries. */
export interface VideoLibraryMetadata {
  asset_id: string;
  mood: string | null;
  scene_type: string | null;
  lineage_root_id: string | null;
  parent_asset_id: string | null;
  lineage_version: number;
  lineage_branch: string;
  evolution_type: EvolutionType | null;
  evolution_note: string;
  share_level: ShareLevel;
  can_duplicate: boolean;
  can_remix: boolean;
  view_count: number;
  used_in_projects: number;
  constellation_x: number | null;
  constellation_y: number | null;
  constellation_cluster: string | null;
  created_at: string;
  updated_at: string;
}

/** A validated asset, as every query sees it. Tags as a sorted array. */
export interface VideoAsset {
  id: string;
  team_id: string;
  creator_id: string;
  name: string;
  prompt: string;
  engine: string;
  status: AssetStatus;
  duration: number;
  width: number | null;
  height: number | null;
  thumbnail_url: string | null;
  video_url: string | null;
  thumbnail_sha256: string | null;
  video_sha256: string | null;
  tags: string[];
  category: string;
  generation_params: Record<string, JsonValue>;
  seed: number | null;
  created_at: string;
  updated_at: string;
  trashed_at: string | null;
  trashed_by: string | null;
  metadata: VideoLibraryMetadata;
}

/**
 * Reads and validates one asset that any peer may have written; an absent field reads as its
 * default ({@link ASSET_DEFAULTS}, {@link METADATA_DEFAULTS}), a present one must be valid. Never
 * throws: a malformed record comes back as `{ ok: false, path }` so queries can report and skip it.
 */
export function readAsset(value: unknown): ReadResult<VideoAsset> {
  if (!(value instanceof Y.Map)) return { ok: false, path: '', message: 'not a Y.Map' };
  // The nested parts must be shared types too: a plain object there would pass the schema below
  // but merge as one opaque value and break every writer that edits it field by field.
  const metadata = value.get('metadata');
  if (value.has('tags') && !(value.get('tags') instanceof Y.Map)) {
    return { ok: false, path: 'tags', message: 'not a Y.Map' };
  }
  if (value.has('metadata') && !(metadata instanceof Y.Map)) {
    return { ok: false, path: 'metadata', message: 'not a Y.Map' };
  }
  if (
    metadata instanceof Y.Map &&
    metadata.has('views') &&
    !(metadata.get('views') instanceof Y.Map)
  ) {
    return { ok: false, path: 'metadata.views', message: 'not a Y.Map' };
  }
  // toJSON builds fresh plain objects, so filling them in place costs no copy.
  const json = value.toJSON() as Record<string, unknown>;
  fillDefaults(json, ASSET_DEFAULTS);
  const metaJson = json['metadata'];
  if (metaJson !== null && typeof metaJson === 'object') {
    fillDefaults(metaJson as Record<string, unknown>, METADATA_DEFAULTS);
  }
  const parsed = storedAssetSchema.safeParse(json);
  if (!parsed.success) return readFailure(parsed.error);
  return { ok: true, value: fromStored(parsed.data) };
}

/** The query shape of a validated stored asset (defaults already filled, as readAsset does). */
export function fromStored(stored: StoredAsset): VideoAsset {
  const { views, ...meta } = stored.metadata;
  let viewCount = 0;
  for (const count of Object.values(views)) viewCount += count;
  return {
    ...stored,
    // A file stored by hash is served by the blob endpoint; an explicit URL (an external
    // generator's CDN, say) wins.
    video_url: stored.video_url ?? blobUrl(stored.video_sha256),
    thumbnail_url: stored.thumbnail_url ?? blobUrl(stored.thumbnail_sha256),
    tags: Object.keys(stored.tags).sort(),
    metadata: { asset_id: stored.id, ...meta, view_count: viewCount },
  };
}

/** Where the server serves a content-addressed file (server/blobs). */
export function blobUrl(sha256: string | null): string | null {
  return sha256 === null ? null : `/api/blobs/${sha256}`;
}

/**
 * Builds the Y.Map for a new asset, leaving out every field that holds its default. Call inside
 * the creating transaction.
 */
export function assetToYMap(
  asset: Omit<StoredAsset, 'tags' | 'metadata'> & {
    tags: readonly string[];
    metadata: z.input<typeof storedMetadataSchema>;
  },
): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  const { tags, metadata, ...scalars } = asset;
  for (const [key, value] of Object.entries(scalars)) {
    if (value !== ASSET_DEFAULTS[key] || !Object.hasOwn(ASSET_DEFAULTS, key)) map.set(key, value);
  }
  map.set('tags', setToYMap(tags));
  const meta = new Y.Map<unknown>();
  const { views, ...metaScalars } = metadata;
  for (const [key, value] of Object.entries(metaScalars)) {
    if (value !== METADATA_DEFAULTS[key] || !Object.hasOwn(METADATA_DEFAULTS, key)) {
      meta.set(key, value);
    }
  }
  const viewsMap = new Y.Map<unknown>();
  for (const [writer, count] of Object.entries(views)) viewsMap.set(writer, count);
  meta.set('views', viewsMap);
  map.set('metadata', meta);
  return map;
}

export function setToYMap(values: readonly string[]): Y.Map<true> {
  const set = new Y.Map<true>();
  for (const value of values) set.set(value, true);
  return set;
}
