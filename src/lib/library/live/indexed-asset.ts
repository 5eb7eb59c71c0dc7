/** The shapes the live index hands to queries. */
import type { VideoAsset } from '../records/asset';

export interface IndexedAsset {
  readonly asset: VideoAsset;
  /** The room the asset lives in (where writes to it go). */
  readonly room: string;
  /** Dense number used by the search structures. */
  readonly slot: number;
  readonly createdMs: number;
  /** Lower-cased name, the key of the name sort. */
  readonly nameKey: string;
}

/** What one transaction (or one room arriving or leaving) changed, as record ids. */
export interface IndexChange {
  room: string;
  assets: string[];
  collections: string[];
  shares: string[];
  lineage: string[];
}

/** The field sorts, each kept as a standing order of slots. */
export type SortField = 'created' | 'name' | 'duration' | 'views';
