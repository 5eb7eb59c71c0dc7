/**
 * The constellation map (spec, "Get Constellation Map"): every asset matching the filters as a
 * star, lineage edges between them as lines. Stars someone placed keep their position (`pinned`);
 * the others get a stable starting point derived from their id, for the force layout to move.
 */
import type { LibraryIndex } from '../live/library-index';
import type { EvolutionType } from '../records/common';
import { runSearch } from '../search/engine';
import { toSearchPlan } from './search-filters';

export interface ConstellationNode {
  id: string;
  name: string;
  thumbnail_url: string | null;
  tags: readonly string[];
  category: string;
  mood: string | null;
  scene_type: string | null;
  x: number;
  y: number;
  cluster: string;
  has_lineage: boolean;
  /** True when x and y were placed by someone (stored), false for a layout starting point. */
  pinned: boolean;
}

export interface ConstellationEdge {
  source: string;
  target: string;
  type: EvolutionType;
}

export interface ConstellationMap {
  nodes: ConstellationNode[];
  edges: ConstellationEdge[];
}

/** Half the side of the square unpinned stars start in. */
const SPREAD = 1000;

/**
 * Nodes and lineage edges of the library, optionally narrowed by the search filters (paging and
 * sorting are ignored). Throws INVALID for a bad filter.
 */
export function constellationMap(index: LibraryIndex, filters: unknown = {}): ConstellationMap {
  const plan = {
    ...toSearchPlan({ ...(filters as object), page: undefined, per_page: undefined }),
    sortBy: 'created' as const,
    order: 'asc' as const,
    offset: 0,
    limit: Math.max(1, index.capacity),
  };
  const { slots } = runSearch(index, plan);
  const nodes: ConstellationNode[] = [];
  const ids = new Set<string>();
  for (const slot of slots) {
    const { asset } = index.assetAt(slot)!;
    const meta = asset.metadata;
    const pinned = meta.constellation_x !== null && meta.constellation_y !== null;
    ids.add(asset.id);
    nodes.push({
      id: asset.id,
      name: asset.name,
      thumbnail_url: asset.thumbnail_url,
      tags: asset.tags,
      category: asset.category,
      mood: meta.mood,
      scene_type: meta.scene_type,
      x: pinned ? meta.constellation_x! : spot(asset.id, 0),
      y: pinned ? meta.constellation_y! : spot(asset.id, 1),
      cluster: meta.constellation_cluster ?? asset.tags[0] ?? asset.category,
      has_lineage: index.hasLineage(asset.id),
      pinned,
    });
  }
  const edges: ConstellationEdge[] = [];
  for (const edge of index.lineage.acceptedEdges()) {
    if (ids.has(edge.parent_id) && ids.has(edge.child_id)) {
      edges.push({ source: edge.parent_id, target: edge.child_id, type: edge.evolution_type });
    }
  }
  edges.sort((a, b) =>
    a.source !== b.source ? (a.source < b.source ? -1 : 1) : a.target < b.target ? -1 : 1,
  );
  return { nodes, edges };
}

/** A stable pseudo-random coordinate in [-SPREAD, SPREAD] from an id (FNV-1a). */
function spot(id: string, axis: number): number {
  let hash = 2166136261 ^ axis;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619);
  return (((hash >>> 0) / 4294967295) * 2 - 1) * SPREAD;
}
