/**
 * The family tree of one clip (spec, "Get Video Lineage Tree"): its ancestors up to the root and
 * its descendants nested. The graph is acyclic by construction (see `live/lineage-graph.ts`), and
 * the walk is bounded anyway. Trashed clips are not listed, but the walk goes through them, so a
 * trashed middle version does not cut a family in two.
 */
import { notFound } from '../errors';
import type { LibraryIndex } from '../live/library-index';
import { idSchema, parseOrThrow, type EvolutionType } from '../records/common';
import type { VideoLineage } from '../records/lineage';

export interface LineageAncestor {
  asset_id: string;
  name: string;
  /** How the next clip down the line came from this one. */
  evolution_type: EvolutionType;
  branch_name: string;
  lineage_version: number;
  /** For a merge: the other parents (the listed line follows the first edge by id). */
  merge_parents?: Omit<LineageAncestor, 'merge_parents'>[];
}

export interface LineageDescendant {
  asset_id: string;
  name: string;
  evolution_type: EvolutionType;
  branch_name: string;
  prompt_delta: string;
  lineage_version: number;
  /** True when this clip was already shown under another parent (a merge); not expanded again. */
  repeated?: boolean;
  children: LineageDescendant[];
}

export interface LineageTree {
  current: { asset_id: string; name: string; lineage_version: number; lineage_branch: string };
  ancestors: LineageAncestor[];
  descendants: LineageDescendant[];
}

export interface LineageTreeOptions {
  /** Generations walked each way (default 100). */
  maxDepth?: number;
  /** Descendant nodes listed at most (default 2000). */
  maxNodes?: number;
}

export function lineageTree(
  index: LibraryIndex,
  assetId: unknown,
  options: LineageTreeOptions = {},
): LineageTree {
  const id = parseOrThrow(idSchema, assetId, 'asset_id');
  const entry = index.asset(id);
  if (!entry) throw notFound('asset', id, 'asset_id');
  const maxDepth = options.maxDepth ?? 100;
  const maxNodes = options.maxNodes ?? 2000;
  const { asset } = entry;
  const versionOf = (assetId: string) => index.lineageMeta(assetId)?.lineage_version ?? 1;

  const known = (edges: readonly VideoLineage[], end: 'parent_id' | 'child_id') =>
    edges.filter((edge) => index.asset(edge[end]) !== undefined);
  const describe = (edge: VideoLineage) => {
    const parent = index.asset(edge.parent_id)!.asset;
    return {
      asset_id: parent.id,
      name: parent.name,
      evolution_type: edge.evolution_type,
      branch_name: edge.branch_name,
      lineage_version: versionOf(parent.id),
    };
  };

  const ancestors: LineageAncestor[] = [];
  const seenUp = new Set([id]);
  let node = id;
  for (let depth = 0; depth < maxDepth; depth++) {
    const [first, ...others] = known(index.lineage.parentsOf(node), 'parent_id');
    if (!first || seenUp.has(first.parent_id)) break;
    seenUp.add(first.parent_id);
    if (index.isLive(first.parent_id)) {
      const ancestor: LineageAncestor = describe(first);
      const merged = others.filter((edge) => index.isLive(edge.parent_id)).map(describe);
      if (merged.length > 0) ancestor.merge_parents = merged;
      ancestors.push(ancestor);
    }
    node = first.parent_id;
  }

  const shown = new Set([id]);
  let budget = maxNodes;
  const descend = (parentId: string, depth: number): LineageDescendant[] => {
    const nodes: LineageDescendant[] = [];
    if (depth >= maxDepth) return nodes;
    for (const edge of known(index.lineage.childrenOf(parentId), 'child_id')) {
      if (budget <= 0) break;
      const child = index.asset(edge.child_id)!.asset;
      const repeated = shown.has(child.id);
      shown.add(child.id);
      const children = repeated ? [] : descend(child.id, depth + 1);
      if (child.trashed_at !== null) {
        nodes.push(...children);
        continue;
      }
      budget--;
      nodes.push({
        asset_id: child.id,
        name: child.name,
        evolution_type: edge.evolution_type,
        branch_name: edge.branch_name,
        prompt_delta: edge.prompt_delta,
        lineage_version: versionOf(child.id),
        ...(repeated ? { repeated: true } : {}),
        children,
      });
    }
    return nodes;
  };

  return {
    current: {
      asset_id: asset.id,
      name: asset.name,
      lineage_version: versionOf(asset.id),
      lineage_branch: asset.metadata.lineage_branch,
    },
    ancestors,
    descendants: descend(id, 0),
  };
}
