/**
 * The constellation's force layout, a pure function (it runs in a Web Worker in the app and
 * directly in unit tests and benchmarks). Same input, same output: stars are sorted by id, start
 * at a point hashed from their id inside their cluster's circle, and the simulation runs a fixed
 * number of ticks with a seeded random source. Pinned stars stay where someone put them.
 */
import {
  forceLink,
  forceSimulation,
  forceX,
  forceY,
  type SimulationLinkDatum,
  type SimulationNodeDatum,
} from 'd3-force';
import { layoutClusters, STAR_SPACING, type Cluster, type Region } from './clusters';
import { gridCollide } from './grid-collide';
import { seededRandom, unitHash } from './seed';

export interface LayoutStar {
  id: string;
  tags: readonly string[];
  category: string;
  /** A position someone pinned, or null to let the layout place the star. */
  pinned: { x: number; y: number } | null;
}

export interface LayoutInput {
  stars: LayoutStar[];
  /** Lineage edges as star ids (parent, child); edges to unknown stars are ignored. */
  edges: readonly (readonly [string, string])[];
}

export interface LayoutResult {
  /** Star ids in the order of `positions` (sorted). */
  ids: string[];
  /** x0, y0, x1, y1, … in world units. */
  positions: Float64Array;
  /** Per star, its cluster index. */
  clusterOf: Int32Array;
  clusters: Cluster[];
  regions: Region[];
  ticks: number;
}

export interface LayoutOptions {
  /** Simulation steps (fixed, so the result does not depend on timing). */
  ticks?: number;
}

interface Body extends SimulationNodeDatum {
  tx: number;
  ty: number;
  region: string;
}

/** Ticks by size: big libraries start closer to their final place and need fewer steps. */
export function defaultTicks(count: number): number {
  if (count <= 2000) return 160;
  if (count <= 20_000) return 100;
  return 40;
}

export function computeLayout(input: LayoutInput, options: LayoutOptions = {}): LayoutResult {
  const stars = [...input.stars].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const n = stars.length;
  const ticks = options.ticks ?? defaultTicks(n);
  const { clusterOf, clusters, regions } = layoutClusters(stars);

  const bodies: Body[] = stars.map((star, i) => {
    const cluster = clusters[clusterOf[i]!]!;
    if (star.pinned) {
      const { x, y } = star.pinned;
      return { x, y, fx: x, fy: y, tx: cluster.x, ty: cluster.y, region: cluster.category };
    }
    // Uniform over the cluster's disc: radius grows with the square root of a hashed number.
    const radius = (cluster.r - STAR_SPACING) * Math.sqrt(unitHash(star.id, 1)) * 0.95;
    const angle = unitHash(star.id, 2) * Math.PI * 2;
    return {
      x: cluster.x + radius * Math.cos(angle),
      y: cluster.y + radius * Math.sin(angle),
      tx: cluster.x,
      ty: cluster.y,
      region: cluster.category,
    };
  });

  const indexOf = new Map(stars.map((star, i) => [star.id, i]));
  const links: SimulationLinkDatum<Body>[] = [];
  for (const [parent, child] of input.edges) {
    const source = indexOf.get(parent);
    const target = indexOf.get(child);
    if (source !== undefined && target !== undefined && source !== target) {
      links.push({ source, target });
    }
  }
  links.sort(
    (a, b) =>
      (a.source as number) - (b.source as number) || (a.target as number) - (b.target as number),
  );

  const positions = new Float64Array(n * 2);
  if (n > 0 && ticks > 0) {
    const simulation = forceSimulation<Body>(bodies)
      .stop()
      .randomSource(seededRandom(0x5eed))
      .alpha(1)
      .alphaMin(0)
      // From 1 down to 0.001 in exactly `ticks` steps.
      .alphaDecay(1 - Math.pow(0.001, 1 / ticks))
      .velocityDecay(0.45)
      .force('x', forceX<Body>((body) => body.tx).strength(0.06))
      .force('y', forceY<Body>((body) => body.ty).strength(0.06))
      .force('collide', gridCollide<Body>(STAR_SPACING * 0.42, 0.7))
      .force(
        'lineage',
        forceLink<Body, SimulationLinkDatum<Body>>(links)
          .distance(STAR_SPACING * 2)
          // Families pull together inside a region; across regions the line alone shows the
          // relation (a pull there would drag stars out of their region into empty space).
          .strength((link) =>
            (link.source as Body).region === (link.target as Body).region ? 0.06 : 0,
          ),
      );
    simulation.tick(ticks);
  }
  bodies.forEach((body, i) => {
    positions[i * 2] = body.x!;
    positions[i * 2 + 1] = body.y!;
  });
  return { ids: stars.map((star) => star.id), positions, clusterOf, clusters, regions, ticks };
}
