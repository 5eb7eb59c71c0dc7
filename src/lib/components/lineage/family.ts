/**
 * The family tree the lineage view draws: from the oldest ancestor of a clip (following first
 * parents up) down through every descendant, breadth first, so each clip sits at its shortest
 * distance from the root. A merge child sits under its first parent; its other parents become
 * extra links. An edge that would close a cycle is ignored (the core refuses them, but peers can
 * write them concurrently), and the walk is bounded either way.
 */
import type { EvolutionType } from '../../library/records/common';

export interface FamilyAsset {
  id: string;
  name: string;
  thumbnail_url: string | null;
  mood: string | null;
  prompt: string;
  lineage_version: number;
  lineage_branch: string;
  status: string;
  trashed: boolean;
  can_duplicate: boolean;
  can_remix: boolean;
  creator_id: string;
  evolution_note: string;
}

export interface FamilyEdge {
  id: string;
  parent_id: string;
  child_id: string;
  evolution_type: EvolutionType;
  branch_name: string;
  is_merge: boolean;
  original_prompt: string;
  evolved_prompt: string;
}

/** Where the family comes from: the live index in the app, plain maps in tests. */
export interface FamilySource {
  asset(id: string): FamilyAsset | undefined;
  /** Edges into `id`, the main parent first. */
  parents(id: string): readonly FamilyEdge[];
  /** Edges out of `id`, in a stable order. */
  children(id: string): readonly FamilyEdge[];
}

export interface FamilyNode {
  id: string;
  asset: FamilyAsset;
  /** The edge from the parent this node hangs under (null for the root). */
  edge: FamilyEdge | null;
  /** Edges from its other parents (a merge). */
  otherParents: FamilyEdge[];
  children: FamilyNode[];
  depth: number;
}

export interface Family {
  root: FamilyNode;
  focus: FamilyNode;
  nodes: Map<string, FamilyNode>;
  /** Root first, down to the focus's parent. */
  ancestors: string[];
  /** Merge links between nodes that are both in the tree, besides the tree's own edges. */
  extraLinks: FamilyEdge[];
  /** Edges dropped because they would close a cycle. */
  ignored: FamilyEdge[];
  /** True when the family was larger than `maxNodes` and was cut. */
  truncated: boolean;
}

export interface FamilyOptions {
  maxNodes?: number;
  maxDepth?: number;
}

export function buildFamily(
  source: FamilySource,
  focusId: string,
  options: FamilyOptions = {},
): Family | null {
  const maxNodes = options.maxNodes ?? 2000;
  const maxDepth = options.maxDepth ?? 1000;
  if (!source.asset(focusId)) return null;

  // Up the first-parent line; a repeated id means a cycle, which stops the climb.
  const line = [focusId];
  const seenUp = new Set(line);
  for (let step = 0; step < maxDepth; step++) {
    const first = source.parents(line[0]!).find((edge) => source.asset(edge.parent_id));
    if (!first || seenUp.has(first.parent_id)) break;
    seenUp.add(first.parent_id);
    line.unshift(first.parent_id);
  }

  const nodes = new Map<string, FamilyNode>();
  const parentOf = new Map<string, string>();
  const make = (id: string, edge: FamilyEdge | null, depth: number): FamilyNode => {
    const node: FamilyNode = {
      id,
      asset: source.asset(id)!,
      edge,
      otherParents: [],
      children: [],
      depth,
    };
    nodes.set(id, node);
    if (edge) parentOf.set(id, edge.parent_id);
    return node;
  };
  const root = make(line[0]!, null, 0);
  const extraLinks: FamilyEdge[] = [];
  const ignored: FamilyEdge[] = [];
  const isAncestor = (candidate: string, of: string): boolean => {
    for (let id: string | undefined = of, steps = 0; id && steps <= maxDepth; steps++) {
      if (id === candidate) return true;
      id = parentOf.get(id);
    }
    return false;
  };

  let truncated = false;
  const queue: FamilyNode[] = [root];
  // The focus must be in the tree even when the family is cut: place its line first.
  for (let i = 1; i < line.length; i++) {
    const edge = source.parents(line[i]!).find((e) => e.parent_id === line[i - 1])!;
    const parent = nodes.get(line[i - 1]!)!;
    const node = make(line[i]!, edge, i);
    parent.children.push(node);
  }
  const seenEdges = new Set<string>();
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    if (node.depth >= maxDepth) continue;
    for (const edge of source.children(node.id)) {
      if (seenEdges.has(edge.id) || !source.asset(edge.child_id)) continue;
      seenEdges.add(edge.id);
      const placed = nodes.get(edge.child_id);
      if (placed) {
        if (placed.edge?.id === edge.id) {
          queue.push(placed);
        } else if (isAncestor(edge.child_id, node.id)) {
          ignored.push(edge);
        } else {
          placed.otherParents.push(edge);
          extraLinks.push(edge);
        }
        continue;
      }
      if (nodes.size >= maxNodes) {
        truncated = true;
        continue;
      }
      const child = make(edge.child_id, edge, node.depth + 1);
      node.children.push(child);
      queue.push(child);
    }
  }
  // Siblings in edge order, however the focus's line was placed first.
  for (const node of nodes.values()) {
    node.children.sort((a, b) => (a.edge!.id < b.edge!.id ? -1 : a.edge!.id > b.edge!.id ? 1 : 0));
  }
  // Merge parents outside the tree still show in the node's details.
  for (const node of nodes.values()) {
    for (const edge of source.parents(node.id)) {
      if (edge.id === node.edge?.id || seenEdges.has(edge.id)) continue;
      if (!source.asset(edge.parent_id)) continue;
      if (isAncestor(node.id, edge.parent_id)) ignored.push(edge);
      else node.otherParents.push(edge);
    }
  }
  return {
    root,
    focus: nodes.get(focusId)!,
    nodes,
    ancestors: line.slice(0, -1),
    extraLinks,
    ignored,
    truncated,
  };
}

/** The branch a node is on: the branch name of the edge it came by (its own for the root). */
export function branchOf(node: FamilyNode): string {
  return node.edge?.branch_name ?? node.asset.lineage_branch;
}

/** Every clip of the family on the same branch as `id`. */
export function branchMembers(family: Family, id: string): string[] {
  const target = family.nodes.get(id);
  if (!target) return [];
  const branch = branchOf(target);
  return [...family.nodes.values()].filter((node) => branchOf(node) === branch).map((n) => n.id);
}

/** Every clip that descends from `id` (through any parent), bounded. */
export function descendantsOf(source: FamilySource, id: string, limit = 10_000): string[] {
  const seen = new Set([id]);
  const out: string[] = [];
  const stack = [id];
  while (stack.length > 0 && out.length < limit) {
    for (const edge of source.children(stack.pop()!)) {
      if (seen.has(edge.child_id) || !source.asset(edge.child_id)) continue;
      seen.add(edge.child_id);
      out.push(edge.child_id);
      stack.push(edge.child_id);
    }
  }
  return out;
}
