/** A validated search, in the terms the engine and the linear scan both execute. */
import type { AssetStatus } from '../records/asset';

export type SortBy = 'created' | 'name' | 'duration' | 'views' | 'relevance';

export interface SearchPlan {
  teamId?: string;
  /** Every one of these tags. */
  tags: string[];
  /** Any of these values, per facet (an empty list does not filter). */
  categories: string[];
  moods: string[];
  sceneTypes: string[];
  engines: string[];
  creators: string[];
  statuses: AssetStatus[];
  fromMs?: number;
  /** Inclusive. */
  toMs?: number;
  durationMin?: number;
  durationMax?: number;
  hasLineage?: boolean;
  trashed: boolean;
  /** Query terms (see `tokenize.ts`), all of which must match. */
  terms: string[];
  sortBy: SortBy;
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export interface SearchHits {
  /** The asset slots of the requested page, in order. */
  slots: number[];
  total: number;
}
