/**
 * Where stars gather: categories are regions of space ("continents"), and inside each region the
 * stars that share a dominant tag form a cluster. Regions and clusters are packed as circles whose
 * area grows with the number of stars, so density is even and nothing overlaps.
 */
import { hierarchy, pack, type HierarchyCircularNode } from 'd3-hierarchy';

export interface ClusterInput {
  id: string;
  tags: readonly string[];
  category: string;
}

export interface Cluster {
  /** `category\u0000tag`: unique across regions. */
  key: string;
  tag: string;
  category: string;
  x: number;
  y: number;
  r: number;
  size: number;
}

export interface Region {
  category: string;
  x: number;
  y: number;
  r: number;
  size: number;
}

export interface ClusterLayout {
  /** Per input star, the index of its cluster in `clusters`. */
  clusterOf: Int32Array;
  clusters: Cluster[];
  regions: Region[];
}

/** World units of room each star gets (its share of a cluster's area is STAR_SPACING²). */
export const STAR_SPACING = 14;
export const UNTAGGED = '(untagged)';
export const UNCATEGORISED = '(no category)';
export const OTHER_TAGS = '(other tags)';
/** Clusters per region at most; smaller tag groups share one "other tags" cluster. */
export const MAX_CLUSTERS_PER_REGION = 12;

/**
 * The dominant tag of each star: of its tags, the one most stars carry (ties by name), so a
 * star joins the biggest group it belongs to and clusters stay few and meaningful.
 */
export function dominantTags(stars: readonly ClusterInput[]): string[] {
  const counts = new Map<string, number>();
  for (const star of stars)
    for (const tag of star.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return stars.map((star) => {
    let best: string | null = null;
    let bestCount = -1;
    for (const tag of star.tags) {
      const count = counts.get(tag)!;
      if (count > bestCount || (count === bestCount && best !== null && tag < best)) {
        best = tag;
        bestCount = count;
      }
    }
    return best ?? UNTAGGED;
  });
}

interface PackDatum {
  name: string;
  size: number;
  children?: PackDatum[];
}

const byName = (a: { name: string }, b: { name: string }) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/** Assigns every star a cluster (category + dominant tag) and packs regions and clusters. */
export function layoutClusters(stars: readonly ClusterInput[]): ClusterLayout {
  const tags = dominantTags(stars);
  const rawKey = (i: number) => `${stars[i]!.category || UNCATEGORISED}\u0000${tags[i]}`;
  const rawSizes = new Map<string, number>();
  for (let i = 0; i < stars.length; i++)
    rawSizes.set(rawKey(i), (rawSizes.get(rawKey(i)) ?? 0) + 1);
  const kept = keptClusters(rawSizes);
  const keys = stars.map((star, i) => {
    const key = rawKey(i);
    return kept.has(key) ? key : `${star.category || UNCATEGORISED}\u0000${OTHER_TAGS}`;
  });
  const keyOf = (i: number) => keys[i]!;
  const sizes = new Map<string, number>();
  for (let i = 0; i < stars.length; i++) sizes.set(keyOf(i), (sizes.get(keyOf(i)) ?? 0) + 1);

  const byCategory = new Map<string, PackDatum[]>();
  for (const [key, size] of sizes) {
    const [category, tag] = key.split('\u0000') as [string, string];
    let list = byCategory.get(category);
    if (!list) byCategory.set(category, (list = []));
    list.push({ name: tag, size });
  }
  const root: PackDatum = {
    name: '',
    size: 0,
    children: [...byCategory].map(([name, children]) => ({
      name,
      size: 0,
      children: children.sort(byName),
    })),
  };
  root.children!.sort(byName);

  // Packed in name order, not by size: a cluster that grows by one star must not trade places
  // with its neighbour (biggest-first packing would reshuffle the sky on every new clip).
  const tree = hierarchy(root)
    .sum((d) => (d.children ? 0 : d.size))
    .sort((a, b) => byName(a.data, b.data));
  const packed: HierarchyCircularNode<PackDatum> = pack<PackDatum>()
    .radius((node) => STAR_SPACING * Math.sqrt((node.value! * 1.15) / Math.PI) + STAR_SPACING)
    .padding((node) => (node.depth === 0 ? STAR_SPACING * 6 : STAR_SPACING * 1.5))(tree);

  const clusters: Cluster[] = [];
  const regions: Region[] = [];
  const index = new Map<string, number>();
  const cx = packed.x;
  const cy = packed.y;
  for (const region of packed.children ?? []) {
    regions.push({
      category: region.data.name,
      x: region.x - cx,
      y: region.y - cy,
      r: region.r,
      size: region.value!,
    });
    for (const leaf of region.children ?? []) {
      const key = `${region.data.name}\u0000${leaf.data.name}`;
      index.set(key, clusters.length);
      clusters.push({
        key,
        tag: leaf.data.name,
        category: region.data.name,
        x: leaf.x - cx,
        y: leaf.y - cy,
        r: leaf.r,
        size: leaf.value!,
      });
    }
  }
  const clusterOf = new Int32Array(stars.length);
  for (let i = 0; i < stars.length; i++) clusterOf[i] = index.get(keyOf(i))!;
  return { clusterOf, clusters, regions };
}

/**
 * The tag groups that get a cluster of their own: per region the biggest ones (ties by name) and
 * only those with a few stars; a region of scattered tags then reads as one group, not as dust.
 */
function keptClusters(sizes: Map<string, number>): Set<string> {
  const perRegion = new Map<string, [string, number][]>();
  for (const [key, size] of sizes) {
    const region = key.slice(0, key.indexOf('\u0000'));
    let list = perRegion.get(region);
    if (!list) perRegion.set(region, (list = []));
    list.push([key, size]);
  }
  const kept = new Set<string>();
  for (const list of perRegion.values()) {
    list.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const total = list.reduce((sum, [, size]) => sum + size, 0);
    const floor = Math.max(2, Math.ceil(total * 0.02));
    list.slice(0, MAX_CLUSTERS_PER_REGION).forEach(([key, size], rank) => {
      if (size >= floor || rank === 0) kept.add(key);
    });
  }
  return kept;
}
