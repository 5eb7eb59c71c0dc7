/**
 * The lineage fields of an asset's metadata as every query shows them. Each link adopts its parent
 * into the child's stored `parent_asset_id` when the child had none, so two links made offline that
 * together close a cycle leave both assets naming the other as parent; only one of those links
 * counts (live/lineage-graph.ts). The stored parent is shown only when its link counts (or when
 * the reader cannot see that parent at all); otherwise the first counted parent (or none), with
 * root and version recomputed from it.
 */
import type { VideoLibraryMetadata } from '../records/asset';
import type { VideoLineage } from '../records/lineage';

export type LineageMeta = Pick<
  VideoLibraryMetadata,
  'parent_asset_id' | 'lineage_root_id' | 'lineage_version'
>;

/** Generations followed at most when a version must be recomputed from the ancestors. */
const MAX_DEPTH = 1000;

/**
 * Derives the lineage fields of `id`. `stored` gives an asset's metadata (undefined when unknown),
 * `parentsOf` its counted parent edges in edge-id order. Cost: O(1) when the stored parent counts
 * or the asset has neither a stored nor a counted parent; otherwise one step per ancestor.
 */
export function deriveLineageMeta(
  id: string,
  stored: (assetId: string) => LineageMeta | undefined,
  parentsOf: (assetId: string) => readonly VideoLineage[],
): LineageMeta | undefined {
  const seen = new Set<string>();
  const derive = (assetId: string, depth: number): LineageMeta | undefined => {
    const meta = stored(assetId);
    if (!meta) return undefined;
    const parents = parentsOf(assetId);
    const storedParent = meta.parent_asset_id;
    if (storedParent === null && parents.length === 0) return pick(meta);
    // A stored parent this reader does not know (in a room it cannot see) is a dangling
    // reference, not a contradiction: the graph cannot judge its link, so the record stands.
    if (
      storedParent !== null &&
      (stored(storedParent) === undefined ||
        parents.some((edge) => edge.parent_id === storedParent))
    ) {
      return pick(meta);
    }
    const parent = parents[0]?.parent_id ?? null;
    if (parent === null) {
      return { parent_asset_id: null, lineage_root_id: null, lineage_version: 1 };
    }
    seen.add(assetId);
    // The counted graph is acyclic; the guards only bound the walk.
    const above = !seen.has(parent) && depth < MAX_DEPTH ? derive(parent, depth + 1) : undefined;
    return {
      parent_asset_id: parent,
      lineage_root_id: above?.lineage_root_id ?? parent,
      lineage_version: (above?.lineage_version ?? 1) + 1,
    };
  };
  return derive(id, 0);
}

function pick(meta: LineageMeta): LineageMeta {
  return {
    parent_asset_id: meta.parent_asset_id,
    lineage_root_id: meta.lineage_root_id,
    lineage_version: meta.lineage_version,
  };
}
