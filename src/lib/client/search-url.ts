/**
 * The grid's whole search state lives in the URL query string, so a link reproduces it:
 * `?q=hero&tag=fantasy&tag=night&mood=calm&from=2026-01-01&dmin=5&lineage=yes&sort=name&order=asc`.
 */
import type { SearchFilters } from '$lib/library/queries/search-filters';

export const FACETS = [
  'tags',
  'categories',
  'moods',
  'scene_types',
  'engines',
  'creators',
] as const;
export type FacetKey = (typeof FACETS)[number];

/** The URL parameter of each facet (one parameter per selected value). */
export const FACET_PARAM: Record<FacetKey, string> = {
  tags: 'tag',
  categories: 'category',
  moods: 'mood',
  scene_types: 'scene',
  engines: 'engine',
  creators: 'creator',
};

export const SORTS = ['created', 'name', 'duration', 'views', 'relevance'] as const;
export type SortKey = (typeof SORTS)[number];

export interface SearchState {
  q: string;
  facets: Record<FacetKey, string[]>;
  /** `YYYY-MM-DD` or empty. */
  from: string;
  to: string;
  durationMin: number | null;
  durationMax: number | null;
  lineage: 'any' | 'yes' | 'no';
  sort: SortKey | null;
  order: 'asc' | 'desc' | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function numberParam(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? number : null;
}

export function parseSearch(params: URLSearchParams): SearchState {
  const facets = {} as Record<FacetKey, string[]>;
  for (const facet of FACETS) {
    facets[facet] = [...new Set(params.getAll(FACET_PARAM[facet]).filter(Boolean))];
  }
  const sort = params.get('sort');
  const order = params.get('order');
  const lineage = params.get('lineage');
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return {
    q: params.get('q') ?? '',
    facets,
    from: DAY.test(from) ? from : '',
    to: DAY.test(to) ? to : '',
    durationMin: numberParam(params.get('dmin')),
    durationMax: numberParam(params.get('dmax')),
    lineage: lineage === 'yes' || lineage === 'no' ? lineage : 'any',
    sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as SortKey) : null,
    order: order === 'asc' || order === 'desc' ? order : null,
  };
}

export function searchToQuery(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const facet of FACETS) {
    for (const value of state.facets[facet]) params.append(FACET_PARAM[facet], value);
  }
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.durationMin !== null) params.set('dmin', String(state.durationMin));
  if (state.durationMax !== null) params.set('dmax', String(state.durationMax));
  if (state.lineage !== 'any') params.set('lineage', state.lineage);
  if (state.sort) params.set('sort', state.sort);
  if (state.order) params.set('order', state.order);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** True when anything but the free text narrows the results. */
export function hasFilters(state: SearchState): boolean {
  return (
    FACETS.some((facet) => state.facets[facet].length > 0) ||
    !!state.from ||
    !!state.to ||
    state.durationMin !== null ||
    state.durationMax !== null ||
    state.lineage !== 'any'
  );
}

/** The core's search request for this state (every result: the grid virtualises). */
export function searchToFilters(state: SearchState, teamId: string): SearchFilters {
  const sort = state.sort === 'relevance' && !state.q.trim() ? null : state.sort;
  return {
    team_id: teamId,
    search_text: state.q || undefined,
    tags: state.facets.tags,
    categories: state.facets.categories,
    moods: state.facets.moods,
    scene_types: state.facets.scene_types,
    engines: state.facets.engines,
    creators: state.facets.creators,
    date_from: state.from || undefined,
    date_to: state.to || undefined,
    duration_min: state.durationMin ?? undefined,
    duration_max: state.durationMax ?? undefined,
    has_lineage: state.lineage === 'any' ? undefined : state.lineage === 'yes',
    sort_by: sort ?? undefined,
    sort_order: state.order ?? undefined,
  };
}

/** The library URL's query with free text `q` set to `text` (other filters kept on the library). */
export function withText(current: URL, onLibrary: boolean, text: string): string {
  const state = parseSearch(onLibrary ? current.searchParams : new URLSearchParams());
  return searchToQuery({ ...state, q: text });
}
