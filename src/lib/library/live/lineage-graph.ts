/**
 * The lineage family graph every query sees. Edges count only when both ends are known assets.
 * Peers can write edges concurrently that together close a cycle; each peer must drop the same
 * one, so within a connected family edges are taken in ascending id order and an edge that would
 * close a cycle is ignored (in any cycle, the edge with the greatest id loses). Only the families
 * touched by a change are recomputed.
 */
import type { VideoLineage } from '../records/lineage';

export class LineageGraph {
  private readonly edges = new Map<string, VideoLineage>();
  /** Every edge touching an asset, accepted or not. */
  private readonly byNode = new Map<string, Set<string>>();
  private readonly accepted = new Set<string>();
  private readonly parentEdges = new Map<string, VideoLineage[]>();
  private readonly childEdges = new Map<string, VideoLineage[]>();

  constructor(private readonly isKnown: (assetId: string) => boolean) {}

  /** Sets or removes an edge; returns the assets whose families must be settled. */
  setEdge(id: string, edge: VideoLineage | undefined): string[] {
    const before = this.edges.get(id);
    const seeds: string[] = [];
    if (before) {
      this.unaccept(before);
      this.byNode.get(before.parent_id)?.delete(id);
      this.byNode.get(before.child_id)?.delete(id);
      this.edges.delete(id);
      seeds.push(before.parent_id, before.child_id);
    }
    if (edge) {
      this.edges.set(id, edge);
      for (const node of [edge.parent_id, edge.child_id]) {
        let set = this.byNode.get(node);
        if (!set) this.byNode.set(node, (set = new Set()));
        set.add(id);
      }
      seeds.push(edge.parent_id, edge.child_id);
    }
    return seeds;
  }

  /**
   * Recomputes which edges count in the families of `seeds`. Returns the assets whose parents or
   * children changed.
   */
  settle(seeds: Iterable<string>): Set<string> {
    const affected = new Set<string>();
    const visited = new Set<string>();
    for (const seed of seeds) {
      if (visited.has(seed)) continue;
      const family: VideoLineage[] = [];
      const inFamily = new Set<string>();
      const before = new Set<string>();
      const stack = [seed];
      visited.add(seed);
      while (stack.length > 0) {
        const node = stack.pop()!;
        for (const edgeId of this.byNode.get(node) ?? []) {
          const edge = this.edges.get(edgeId)!;
          const wasAccepted = this.accepted.has(edgeId);
          if (wasAccepted) {
            before.add(edgeId);
            this.unaccept(edge);
          }
          if (!this.isKnown(edge.parent_id) || !this.isKnown(edge.child_id)) {
            if (wasAccepted) affected.add(edge.parent_id).add(edge.child_id);
            continue;
          }
          if (!inFamily.has(edgeId)) {
            inFamily.add(edgeId);
            family.push(edge);
          }
          const other = edge.parent_id === node ? edge.child_id : edge.parent_id;
          if (!visited.has(other)) {
            visited.add(other);
            stack.push(other);
          }
        }
      }
      family.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      for (const edge of family) {
        if (!this.reaches(edge.child_id, edge.parent_id)) this.accept(edge);
        if (before.has(edge.id) !== this.accepted.has(edge.id)) {
          affected.add(edge.parent_id).add(edge.child_id);
        }
      }
    }
    return affected;
  }

  /** Accepted edges into `assetId`, by edge id (the first is the main parent of a merge). */
  parentsOf(assetId: string): readonly VideoLineage[] {
    return this.parentEdges.get(assetId) ?? NONE;
  }

  /** Accepted edges out of `assetId`, by edge id. */
  childrenOf(assetId: string): readonly VideoLineage[] {
    return this.childEdges.get(assetId) ?? NONE;
  }

  isAccepted(edgeId: string): boolean {
    return this.accepted.has(edgeId);
  }

  edge(id: string): VideoLineage | undefined {
    return this.edges.get(id);
  }

  *acceptedEdges(): IterableIterator<VideoLineage> {
    for (const id of this.accepted) yield this.edges.get(id)!;
  }

  /** Whether `to` is reachable from `from` along accepted edges (parent → child). */
  private reaches(from: string, to: string): boolean {
    if (from === to) return true;
    const seen = new Set([from]);
    const stack = [from];
    while (stack.length > 0) {
      for (const edge of this.childEdges.get(stack.pop()!) ?? NONE) {
        if (edge.child_id === to) return true;
        if (!seen.has(edge.child_id)) {
          seen.add(edge.child_id);
          stack.push(edge.child_id);
        }
      }
    }
    return false;
  }

  private accept(edge: VideoLineage): void {
    this.accepted.add(edge.id);
    insertSorted(this.parentEdges, edge.child_id, edge);
    insertSorted(this.childEdges, edge.parent_id, edge);
  }

  private unaccept(edge: VideoLineage): void {
    if (!this.accepted.delete(edge.id)) return;
    removeFrom(this.parentEdges, edge.child_id, edge.id);
    removeFrom(this.childEdges, edge.parent_id, edge.id);
  }
}

const NONE: readonly VideoLineage[] = [];

function insertSorted(map: Map<string, VideoLineage[]>, key: string, edge: VideoLineage): void {
  const list = map.get(key) ?? [];
  list.push(edge);
  list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  map.set(key, list);
}

function removeFrom(map: Map<string, VideoLineage[]>, key: string, edgeId: string): void {
  const list = map.get(key)?.filter((edge) => edge.id !== edgeId) ?? [];
  if (list.length === 0) map.delete(key);
  else map.set(key, list);
}
