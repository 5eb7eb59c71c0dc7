/**
 * Request fields of the asset operations, in the spec's names. The limits mirror the stored
 * schemas (records/asset.ts) so whatever an operation writes reads back valid.
 */
import { z } from 'zod';
import { ASSET_STATUSES } from '../records/asset';
import { idSchema, jsonObjectSchema, shareLevelSchema, tagListSchema } from '../records/common';

const sha256Input = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest');

const url = z.string().trim().max(2000);

/** Fields a person may edit on an asset (createAsset sets them, updateAsset patches them). */
export const editableAssetShape = {
  name: z.string().trim().min(1, 'must not be empty').max(255),
  prompt: z.string().max(10_000),
  engine: z.string().trim().max(50),
  status: z.enum(ASSET_STATUSES),
  duration: z.number().finite().min(0),
  width: z.number().int().min(0).nullable(),
  height: z.number().int().min(0).nullable(),
  thumbnail_url: url.nullable(),
  video_url: url.nullable(),
  thumbnail_sha256: sha256Input.nullable(),
  video_sha256: sha256Input.nullable(),
  tags: tagListSchema,
  category: z.string().trim().max(100),
  generation_params: jsonObjectSchema,
  seed: z.number().int().nullable(),
  mood: z.string().trim().max(50).nullable(),
  scene_type: z.string().trim().max(50).nullable(),
  evolution_note: z.string().max(10_000),
  lineage_branch: z.string().trim().min(1).max(100),
  used_in_projects: z.number().int().min(0),
  can_duplicate: z.boolean(),
  can_remix: z.boolean(),
};

/** Fields stored in the nested `metadata` Y.Map rather than on the asset itself. */
export const METADATA_FIELDS: ReadonlySet<string> = new Set([
  'mood',
  'scene_type',
  'evolution_note',
  'lineage_branch',
  'used_in_projects',
  'can_duplicate',
  'can_remix',
]);

/** Fields only the creator, team admins and admin grantees may change. */
export const MANAGED_FIELDS: ReadonlySet<string> = new Set(['can_duplicate', 'can_remix']);

export const createAssetInput = z.object({
  team_id: idSchema.optional(),
  creator_id: idSchema.optional(),
  name: editableAssetShape.name.default('Untitled Video'),
  prompt: editableAssetShape.prompt.default(''),
  engine: editableAssetShape.engine.default(''),
  status: editableAssetShape.status.default('draft'),
  duration: editableAssetShape.duration.default(0),
  width: editableAssetShape.width.default(null),
  height: editableAssetShape.height.default(null),
  thumbnail_url: editableAssetShape.thumbnail_url.default(null),
  video_url: editableAssetShape.video_url.default(null),
  thumbnail_sha256: editableAssetShape.thumbnail_sha256.default(null),
  video_sha256: editableAssetShape.video_sha256.default(null),
  tags: editableAssetShape.tags.default([]),
  category: editableAssetShape.category.default(''),
  generation_params: editableAssetShape.generation_params.default({}),
  seed: editableAssetShape.seed.default(null),
  mood: editableAssetShape.mood.default(null),
  scene_type: editableAssetShape.scene_type.default(null),
  evolution_note: editableAssetShape.evolution_note.default(''),
  lineage_branch: editableAssetShape.lineage_branch.default('main'),
  used_in_projects: editableAssetShape.used_in_projects.default(0),
  can_duplicate: editableAssetShape.can_duplicate.default(true),
  can_remix: editableAssetShape.can_remix.default(true),
  share_level: shareLevelSchema.default('team'),
});

export type CreateAssetInput = z.input<typeof createAssetInput>;

export const updateAssetInput = z
  .object({ asset_id: idSchema, share_level: z.unknown().optional() })
  .extend(
    Object.fromEntries(
      Object.entries(editableAssetShape).map(([key, schema]) => [key, schema.optional()]),
    ) as { [K in keyof typeof editableAssetShape]: z.ZodOptional<(typeof editableAssetShape)[K]> },
  );

export type UpdateAssetInput = z.input<typeof updateAssetInput>;
