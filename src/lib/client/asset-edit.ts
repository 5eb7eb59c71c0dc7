/**
 * The asset page's edit form: a plain copy of the editable fields, and the patch of what changed
 * (only changed fields are sent, so a teammate's concurrent edit of another field survives).
 */
import type { VideoAsset } from '$lib/library/records/asset';
import type { UpdateAssetInput } from '$lib/library/ops/asset-input';
import { invalid } from '$lib/library/errors';

export interface AssetDraft {
  name: string;
  prompt: string;
  engine: string;
  status: VideoAsset['status'];
  duration: string;
  tags: string;
  category: string;
  mood: string;
  scene_type: string;
  seed: string;
  evolution_note: string;
  generation_params: string;
  can_duplicate: boolean;
  can_remix: boolean;
}

export function draftOf(asset: VideoAsset): AssetDraft {
  return {
    name: asset.name,
    prompt: asset.prompt,
    engine: asset.engine,
    status: asset.status,
    duration: String(asset.duration),
    tags: asset.tags.join(', '),
    category: asset.category,
    mood: asset.metadata.mood ?? '',
    scene_type: asset.metadata.scene_type ?? '',
    seed: asset.seed === null ? '' : String(asset.seed),
    evolution_note: asset.metadata.evolution_note,
    generation_params: JSON.stringify(asset.generation_params, null, 2),
    can_duplicate: asset.metadata.can_duplicate,
    can_remix: asset.metadata.can_remix,
  };
}

/** The fields of `draft` that differ from `asset`, as an updateAsset input. */
export function patchOf(
  asset: VideoAsset,
  draft: AssetDraft,
  canManage: boolean,
): UpdateAssetInput {
  const before = draftOf(asset);
  const patch: UpdateAssetInput = { asset_id: asset.id };
  if (draft.name !== before.name) patch.name = draft.name;
  if (draft.prompt !== before.prompt) patch.prompt = draft.prompt;
  if (draft.engine !== before.engine) patch.engine = draft.engine;
  if (draft.status !== before.status) patch.status = draft.status;
  if (draft.duration !== before.duration) {
    const duration = Number(draft.duration);
    if (!Number.isFinite(duration)) throw invalid('duration', 'must be a number of seconds');
    patch.duration = duration;
  }
  if (draft.tags !== before.tags) patch.tags = draft.tags;
  if (draft.category !== before.category) patch.category = draft.category;
  if (draft.mood !== before.mood) patch.mood = draft.mood.trim() || null;
  if (draft.scene_type !== before.scene_type) patch.scene_type = draft.scene_type.trim() || null;
  if (draft.seed !== before.seed) {
    const seed = draft.seed.trim() === '' ? null : Number(draft.seed);
    if (seed !== null && !Number.isInteger(seed)) throw invalid('seed', 'must be a whole number');
    patch.seed = seed;
  }
  if (draft.evolution_note !== before.evolution_note) patch.evolution_note = draft.evolution_note;
  if (draft.generation_params !== before.generation_params) {
    let params: unknown;
    try {
      params = JSON.parse(draft.generation_params || '{}');
    } catch (_error) {
      throw invalid('generation_params', 'must be JSON');
    }
    patch.generation_params = params as UpdateAssetInput['generation_params'];
  }
  if (canManage) {
    if (draft.can_duplicate !== before.can_duplicate) patch.can_duplicate = draft.can_duplicate;
    if (draft.can_remix !== before.can_remix) patch.can_remix = draft.can_remix;
  }
  return patch;
}
