/**
 * The advanced search request (spec, "Advanced Library Search"), validated. Every filter is
 * optional; `null` counts as absent. Lists filter "any of" except tags, where an asset must carry
 * every listed tag (narrowing, as a tag picker is used).
 */
import { z } from 'zod';
import { ASSET_STATUSES } from '../records/asset';
import { idSchema, isoDateSchema, parseOrThrow, tagListSchema } from '../records/common';
import { invalid } from '../errors';
import { isoToMs } from '../live/time';
import type { SearchPlan, SortBy } from '../search/plan';
import { queryTerms } from '../search/tokenize';

const valueList = z.array(z.string().trim().min(1).max(100)).max(100);
const dateOrDateTime = z.union([z.iso.date(), isoDateSchema]);
const DAY_MS = 86_400_000;

export const searchFiltersSchema = z.object({
  team_id: idSchema.optional(),
  tags: tagListSchema.optional(),
  categories: valueList.optional(),
  moods: valueList.optional(),
  scene_types: valueList.optional(),
  engines: valueList.optional(),
  creators: z.array(idSchema).max(100).optional(),
  date_from: dateOrDateTime.optional(),
  date_to: dateOrDateTime.optional(),
  duration_min: z.number().finite().min(0).optional(),
  duration_max: z.number().finite().min(0).optional(),
  has_lineage: z.boolean().optional(),
  search_text: z.string().max(500).optional(),
  status: z.union([z.enum(ASSET_STATUSES), z.array(z.enum(ASSET_STATUSES)).max(4)]).optional(),
  /** false (default): the library; true: the trash. */
  trashed: z.boolean().optional(),
  sort_by: z.enum(['created', 'name', 'duration', 'views', 'relevance']).optional(),
  sort_order: z.enum(['asc', 'desc']).optional(),
  page: z.number().int().min(1).max(100_000).optional(),
  per_page: z.number().int().min(1).max(100).optional(),
});

export type SearchFilters = z.input<typeof searchFiltersSchema>;

function withoutNulls(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
}

/** Validates a search request (INVALID naming the field) and turns it into a plan. */
export function toSearchPlan(filters: unknown): SearchPlan {
  if (filters !== undefined && (typeof filters !== 'object' || filters === null)) {
    throw invalid('(body)', 'must be an object');
  }
  const f = parseOrThrow(searchFiltersSchema, withoutNulls(filters ?? {}));
  const terms = queryTerms(f.search_text ?? '');
  if (f.sort_by === 'relevance' && terms.length === 0) {
    throw invalid('sort_by', 'relevance needs search_text');
  }
  const sortBy: SortBy = f.sort_by ?? (terms.length > 0 ? 'relevance' : 'created');
  const fromMs = f.date_from === undefined ? undefined : isoToMs(f.date_from);
  let toMs = f.date_to === undefined ? undefined : isoToMs(f.date_to);
  // A day given alone means the whole day.
  if (toMs !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(f.date_to!)) toMs += DAY_MS - 1;
  if (fromMs !== undefined && toMs !== undefined && fromMs > toMs) {
    throw invalid('date_to', 'must not be before date_from');
  }
  if (
    f.duration_min !== undefined &&
    f.duration_max !== undefined &&
    f.duration_min > f.duration_max
  ) {
    throw invalid('duration_max', 'must not be less than duration_min');
  }
  const page = f.page ?? 1;
  const perPage = f.per_page ?? 24;
  return {
    teamId: f.team_id,
    tags: f.tags ?? [],
    categories: f.categories ?? [],
    moods: f.moods ?? [],
    sceneTypes: f.scene_types ?? [],
    engines: f.engines ?? [],
    creators: f.creators ?? [],
    statuses: f.status === undefined ? [] : Array.isArray(f.status) ? f.status : [f.status],
    fromMs,
    toMs,
    durationMin: f.duration_min,
    durationMax: f.duration_max,
    hasLineage: f.has_lineage,
    trashed: f.trashed ?? false,
    terms,
    sortBy,
    order: f.sort_order ?? (sortBy === 'name' ? 'asc' : 'desc'),
    offset: (page - 1) * perPage,
    limit: perPage,
  };
}
