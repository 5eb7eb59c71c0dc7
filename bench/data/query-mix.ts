/**
 * An honest mix of searches for a generated library: the commonest words, 1–3 letter prefixes as
 * typed in search-as-you-type, typos, several words, alone and with facets, with every sort.
 */
import type { SearchFilters } from '../../src/lib/library/queries/search-filters';
import type { GeneratedLibrary } from './generate';
import { pick, randomInt, seededRandom, zipfSampler } from './random';
import { CATEGORIES, ENGINES, MOODS, SCENE_TYPES } from './vocabulary';

export type QueryKind =
  | 'common word'
  | 'prefix 1-3'
  | 'prefix + facets'
  | 'two words'
  | 'typo'
  | 'facets only'
  | 'word + facets';

export interface MixQuery {
  kind: QueryKind;
  filters: SearchFilters;
}

const SORTS = ['created', 'name', 'duration', 'views'] as const;

export function queryMix(library: GeneratedLibrary, count: number, seed = 99): MixQuery[] {
  const random = seededRandom(seed);
  const word = zipfSampler(random, library.words, 1.0);
  const tag = zipfSampler(random, library.tags, 1.1);
  const commonest = library.words.slice(0, 10);
  const facets = (): SearchFilters => {
    const f: SearchFilters = {};
    const n = randomInt(random, 1, 3);
    for (let i = 0; i < n; i++) {
      switch (randomInt(random, 0, 7)) {
        case 0:
          f.tags = [tag()];
          break;
        case 1:
          f.categories = [pick(random, CATEGORIES), pick(random, CATEGORIES)];
          break;
        case 2:
          f.moods = [pick(random, MOODS)];
          break;
        case 3:
          f.scene_types = [pick(random, SCENE_TYPES)];
          break;
        case 4:
          f.engines = [pick(random, ENGINES)];
          break;
        case 5:
          f.creators = [pick(random, library.users).id];
          break;
        case 6:
          f.date_from = '2024-06-01';
          f.date_to = '2025-03-31';
          break;
        default:
          f.duration_min = 5;
          f.duration_max = 30;
          f.has_lineage = random() < 0.5;
      }
    }
    return f;
  };
  const prefix = () => {
    const w = word();
    return w.slice(0, Math.min(w.length, randomInt(random, 1, 3)));
  };
  const typo = () => {
    let w = word();
    while (w.length < 5) w = word();
    const at = randomInt(random, 1, w.length - 2);
    return w.slice(0, at) + 'x' + w.slice(at + 1);
  };
  const sorted = (f: SearchFilters): SearchFilters => {
    const roll = random();
    if (roll < 0.5) return f;
    return {
      ...f,
      sort_by: pick(random, SORTS),
      sort_order: random() < 0.5 ? 'asc' : 'desc',
    };
  };
  const queries: MixQuery[] = [];
  for (let i = 0; i < count; i++) {
    const roll = random();
    let q: MixQuery;
    if (roll < 0.2) q = { kind: 'common word', filters: { search_text: pick(random, commonest) } };
    else if (roll < 0.45) q = { kind: 'prefix 1-3', filters: { search_text: prefix() } };
    else if (roll < 0.6) q = { kind: 'prefix + facets', filters: { ...facets(), search_text: prefix() } };
    else if (roll < 0.7) q = { kind: 'two words', filters: { search_text: `${word()} ${prefix()}` } };
    else if (roll < 0.8) q = { kind: 'typo', filters: { search_text: typo() } };
    else if (roll < 0.9) q = { kind: 'facets only', filters: facets() };
    else q = { kind: 'word + facets', filters: { ...facets(), search_text: word() } };
    q.filters = sorted(q.filters);
    q.filters.page = random() < 0.8 ? 1 : randomInt(random, 2, 5);
    q.filters.per_page = random() < 0.7 ? 24 : 48;
    queries.push(q);
  }
  return queries;
}
