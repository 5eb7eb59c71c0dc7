/**
 * The library's first screen, remembered: the cards, result count and filter counts the grid
 * showed for one search state, so a cold open can paint them at once while the rooms are still
 * being read from IndexedDB (which takes time that grows with the library). Built from the live
 * index when the library has settled; read back as untrusted input and validated.
 */
import { z } from 'zod';
import type { LibraryIndex } from '$lib/library/live/library-index';
import { availableFilters, type AvailableFilters } from '$lib/library/queries/search';
import { toSearchRow, type SearchResultRow } from '$lib/library/queries/rows';
import { toSearchPlan } from '$lib/library/queries/search-filters';
import { ASSET_STATUSES } from '$lib/library/records/asset';
import { SHARE_LEVELS } from '$lib/library/records/common';
import { runSearch } from '$lib/library/search/engine';
import { facetsWithin } from './library-query';
import { FACETS, hasFilters, parseSearch, searchToFilters, searchToQuery } from './search-url';

export const FIRST_SCREEN_VERSION = 1;
/** Enough cards to fill a large window (four rows of six on a wide screen, and more). */
export const FIRST_SCREEN_CARDS = 60;
/** The commonest values kept per filter group (a group shows eight until expanded). */
export const FIRST_SCREEN_FACET_VALUES = 200;

/** Exactly what a card renders. */
export type FirstScreenCard = Pick<
  SearchResultRow,
  | 'id'
  | 'name'
  | 'thumbnail_url'
  | 'duration'
  | 'tags'
  | 'mood'
  | 'engine'
  | 'status'
  | 'has_lineage'
  | 'lineage_version'
  | 'share_level'
>;

export interface FirstScreen {
  v: typeof FIRST_SCREEN_VERSION;
  user_id: string;
  team_id: string;
  /** The search state it answers, as {@link firstScreenKey} spells it. */
  key: string;
  saved_at: string;
  /** Results for this search state. */
  total: number;
  /** Clips in the whole library (what a cold open is loading). */
  asset_count: number;
  cards: FirstScreenCard[];
  filters: AvailableFilters;
  /** Display names of the creators the filter panel lists. */
  members: Record<string, string>;
}

/**
 * The search state of a library URL, normalised (parameter order and unknown parameters do not
 * matter), or null for views that are not remembered (a lineage family scope).
 */
export function firstScreenKey(params: URLSearchParams): string | null {
  if (params.has('family')) return null;
  return searchToQuery(parseSearch(params));
}

const FACET_COUNT_KEYS = FACETS;

/** The commonest values of each group (and every selected one), as the panel lists them. */
function keepCommonest(
  filters: AvailableFilters,
  selected: Record<(typeof FACETS)[number], string[]>,
): AvailableFilters {
  const result = { counts: {} } as AvailableFilters;
  for (const key of FACET_COUNT_KEYS) {
    const counts = filters.counts[key];
    const kept = new Set(
      [...filters[key]]
        .sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a.localeCompare(b))
        .slice(0, FIRST_SCREEN_FACET_VALUES),
    );
    for (const value of selected[key]) if (filters[key].includes(value)) kept.add(value);
    const values = filters[key].filter((value) => kept.has(value));
    result[key] = values;
    result.counts[key] = Object.fromEntries(values.map((value) => [value, counts[value] ?? 0]));
  }
  return result;
}

export interface FirstScreenSource {
  index: LibraryIndex;
  userId: string;
  teamId: string;
  key: string;
  nameOf: (userId: string) => string;
  now: Date;
}

/**
 * The first screen of one search state, from the live index: the same search and filter counts
 * the library page shows, cut to the first {@link FIRST_SCREEN_CARDS} cards.
 */
export function buildFirstScreen(source: FirstScreenSource): FirstScreen {
  const { index, teamId, key } = source;
  const search = parseSearch(new URLSearchParams(key));
  const filters = searchToFilters(search, teamId);
  const { slots, total } = runSearch(index, {
    ...toSearchPlan(filters),
    offset: 0,
    limit: FIRST_SCREEN_CARDS,
  });
  const cards: FirstScreenCard[] = [];
  for (const slot of slots) {
    const entry = index.assetAt(slot);
    if (!entry) continue;
    const row = toSearchRow(index, entry);
    cards.push({
      id: row.id,
      name: row.name,
      thumbnail_url: row.thumbnail_url,
      duration: row.duration,
      tags: row.tags,
      mood: row.mood,
      engine: row.engine,
      status: row.status,
      has_lineage: row.has_lineage,
      lineage_version: row.lineage_version,
      share_level: row.share_level,
    });
  }
  const all =
    hasFilters(search) || search.q
      ? facetsWithin(index, teamId, filters)
      : availableFilters(index, teamId);
  const kept = keepCommonest(all, search.facets);
  const members: Record<string, string> = {};
  for (const id of kept.creators) members[id] = source.nameOf(id);
  return {
    v: FIRST_SCREEN_VERSION,
    user_id: source.userId,
    team_id: teamId,
    key,
    saved_at: source.now.toISOString(),
    total,
    asset_count: index.assetCount,
    cards,
    filters: kept,
    members,
  };
}

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const text = (max: number) => z.string().max(max);
const count = z.number().int().min(0).max(1e9);

const cardSchema = z.object({
  id,
  name: text(2000),
  thumbnail_url: text(4000).nullable(),
  duration: z.number().min(0).max(1e7),
  tags: text(20_000),
  mood: text(200).nullable(),
  engine: text(200),
  status: z.enum(ASSET_STATUSES),
  has_lineage: z.boolean(),
  lineage_version: count,
  share_level: z.enum(SHARE_LEVELS),
});

const values = z.array(text(500)).max(FIRST_SCREEN_FACET_VALUES + 100);
const counts = z.record(text(500), count);

const filtersSchema = z.object({
  tags: values,
  categories: values,
  moods: values,
  scene_types: values,
  engines: values,
  creators: values,
  counts: z.object({
    tags: counts,
    categories: counts,
    moods: counts,
    scene_types: counts,
    engines: counts,
    creators: counts,
  }),
});

const firstScreenSchema = z.object({
  v: z.literal(FIRST_SCREEN_VERSION),
  user_id: id,
  team_id: id,
  key: text(10_000),
  saved_at: z.iso.datetime(),
  total: count,
  asset_count: count,
  cards: z.array(cardSchema).max(FIRST_SCREEN_CARDS),
  filters: filtersSchema,
  members: z.record(id, text(500)),
});

/**
 * A stored first screen, if it is well formed and belongs to this person, team and search state;
 * null otherwise (whatever was read, from whatever version or hand, is never shown then).
 */
export function parseFirstScreen(
  raw: unknown,
  expected: { userId: string; teamId: string; key: string },
): FirstScreen | null {
  const parsed = firstScreenSchema.safeParse(raw);
  if (!parsed.success) return null;
  const screen = parsed.data as FirstScreen;
  if (
    screen.user_id !== expected.userId ||
    screen.team_id !== expected.teamId ||
    screen.key !== expected.key
  ) {
    return null;
  }
  return screen;
}

/** A remembered card as the card component takes it (fields a card does not render left blank). */
export function cardRow(card: FirstScreenCard): SearchResultRow {
  return {
    ...card,
    category: '',
    scene_type: null,
    creator_id: '',
    created_at: '',
    view_count: 0,
    duplicate_count: 0,
    remix_count: 0,
  };
}
