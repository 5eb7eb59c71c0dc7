/**
 * What the canvas draws: stars in flat typed arrays (positions, palette index), lineage edges as
 * index pairs, the regions and clusters of the layout, and a quadtree for finding the star under
 * the pointer. Built on the main thread from the constellation query and a layout result.
 */
import { quadtree, type Quadtree } from 'd3-quadtree';
import type { ConstellationMap, ConstellationNode } from '../library/queries/constellation';
import type { Cluster, Region } from './clusters';
import { moodColor } from './colors';
import type { LayoutResult } from './layout';

export const STAR_RADIUS = 4;

export class Scene {
  readonly stars: ConstellationNode[];
  readonly x: Float32Array;
  readonly y: Float32Array;
  /** Index into `palette` per star. */
  readonly color: Uint16Array;
  readonly palette: string[];
  readonly edges: Int32Array;
  /** Per star, its index in `clusters`; -1 while the layout has not placed it yet. */
  readonly clusterOf: Int32Array;
  readonly clusters: Cluster[];
  readonly regions: Region[];
  readonly indexOf = new Map<string, number>();
  /** Whether the positions come from a finished layout for exactly these stars. */
  readonly settled: boolean;
  #tree: Quadtree<number> | null = null;

  constructor(map: ConstellationMap, layout: LayoutResult | null, previous: Scene | null) {
    this.stars = map.nodes;
    const n = map.nodes.length;
    this.x = new Float32Array(n);
    this.y = new Float32Array(n);
    this.color = new Uint16Array(n);
    this.clusterOf = new Int32Array(n).fill(-1);
    const paletteIndex = new Map<string, number>();
    this.palette = [];
    const fromLayout = new Map<string, number>();
    layout?.ids.forEach((id, i) => fromLayout.set(id, i));
    let placed = 0;
    map.nodes.forEach((node, i) => {
      this.indexOf.set(node.id, i);
      const colour = moodColor(node.mood);
      let c = paletteIndex.get(colour);
      if (c === undefined) {
        c = this.palette.length;
        paletteIndex.set(colour, c);
        this.palette.push(colour);
      }
      this.color[i] = c;
      const l = fromLayout.get(node.id);
      const before = previous?.indexOf.get(node.id);
      if (l !== undefined && layout) this.clusterOf[i] = layout.clusterOf[l]!;
      else if (before !== undefined && previous && !layout) {
        this.clusterOf[i] = previous.clusterOf[before]!;
      }
      if (node.pinned) {
        this.x[i] = node.x;
        this.y[i] = node.y;
        placed++;
      } else if (l !== undefined && layout) {
        this.x[i] = layout.positions[l * 2]!;
        this.y[i] = layout.positions[l * 2 + 1]!;
        placed++;
      } else if (before !== undefined && previous) {
        this.x[i] = previous.x[before]!;
        this.y[i] = previous.y[before]!;
      } else {
        this.x[i] = node.x;
        this.y[i] = node.y;
      }
    });
    this.settled = layout !== null && placed === n && layout.ids.length === n;
    this.clusters = layout?.clusters ?? previous?.clusters ?? [];
    this.regions = layout?.regions ?? previous?.regions ?? [];
    const pairs: number[] = [];
    for (const edge of map.edges) {
      const a = this.indexOf.get(edge.source);
      const b = this.indexOf.get(edge.target);
      if (a !== undefined && b !== undefined) pairs.push(a, b);
    }
    this.edges = Int32Array.from(pairs);
  }

  get size(): number {
    return this.stars.length;
  }

  /** The star within `radius` world units of (x, y), nearest first; -1 when none. */
  find(x: number, y: number, radius: number): number {
    this.#tree ??= quadtree<number>()
      .x((i) => this.x[i]!)
      .y((i) => this.y[i]!)
      .addAll(Array.from({ length: this.size }, (_, i) => i));
    return this.#tree.find(x, y, radius) ?? -1;
  }

  /** Moves a star (a drag in progress); the quadtree is rebuilt on the next search. */
  move(i: number, x: number, y: number): void {
    this.x[i] = x;
    this.y[i] = y;
    this.#tree = null;
  }

  /** The smallest box around every star and region, for fitting the view. */
  bounds(): { x0: number; y0: number; x1: number; y1: number } {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let i = 0; i < this.size; i++) {
      x0 = Math.min(x0, this.x[i]!);
      y0 = Math.min(y0, this.y[i]!);
      x1 = Math.max(x1, this.x[i]!);
      y1 = Math.max(y1, this.y[i]!);
    }
    for (const region of this.regions) {
      x0 = Math.min(x0, region.x - region.r);
      y0 = Math.min(y0, region.y - region.r);
      x1 = Math.max(x1, region.x + region.r);
      y1 = Math.max(y1, region.y + region.r);
    }
    if (!Number.isFinite(x0)) return { x0: -100, y0: -100, x1: 100, y1: 100 };
    return { x0, y0, x1, y1 };
  }
}
