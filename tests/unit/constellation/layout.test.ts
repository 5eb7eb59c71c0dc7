import { describe, expect, test } from 'vitest';
import { dominantTags, layoutClusters, OTHER_TAGS } from '../../../src/lib/constellation/clusters';
import { computeLayout, type LayoutStar } from '../../../src/lib/constellation/layout';

function star(id: string, tags: string[], category = 'marketing'): LayoutStar {
  return { id, tags, category, pinned: null };
}

/** A small library: three tag groups in two categories, plus a few lineage edges. */
function library(count: number): { stars: LayoutStar[]; edges: [string, string][] } {
  const stars: LayoutStar[] = [];
  for (let i = 0; i < count; i++) {
    const group = i % 3;
    const tags =
      group === 0 ? ['fantasy', 'hero'] : group === 1 ? ['ocean', 'calm'] : ['city', 'night'];
    stars.push(star(`s${i}`, tags, group === 2 ? 'product' : 'marketing'));
  }
  const edges: [string, string][] = [];
  for (let i = 3; i < count; i += 7) edges.push([`s${i - 3}`, `s${i}`]);
  return { stars, edges };
}

function positionOf(result: ReturnType<typeof computeLayout>, id: string): [number, number] {
  const i = result.ids.indexOf(id);
  return [result.positions[i * 2]!, result.positions[i * 2 + 1]!];
}

describe('cluster assignment by tags', () => {
  test('each star joins its most common tag; untagged stars share one cluster', () => {
    const tags = dominantTags([
      star('a', ['hero', 'fantasy']),
      star('b', ['fantasy']),
      star('c', ['fantasy', 'night']),
      star('d', ['night', 'hero']),
      star('e', []),
    ]);
    expect(tags).toEqual(['fantasy', 'fantasy', 'fantasy', 'hero', '(untagged)']);
  });

  test('a tie goes to the name that sorts first, whatever order the tags are in', () => {
    expect(dominantTags([star('a', ['b', 'a']), star('b', ['a', 'b'])])).toEqual(['a', 'a']);
  });

  test('clusters live inside their category region and do not overlap', () => {
    const { stars } = library(300);
    const { clusters, regions, clusterOf } = layoutClusters(stars);
    expect(regions.map((r) => r.category).sort()).toEqual(['marketing', 'product']);
    for (const cluster of clusters) {
      const region = regions.find((r) => r.category === cluster.category)!;
      expect(
        Math.hypot(cluster.x - region.x, cluster.y - region.y) + cluster.r,
      ).toBeLessThanOrEqual(region.r + 1e-6);
    }
    for (let a = 0; a < clusters.length; a++) {
      for (let b = a + 1; b < clusters.length; b++) {
        const [p, q] = [clusters[a]!, clusters[b]!];
        expect(Math.hypot(p.x - q.x, p.y - q.y)).toBeGreaterThanOrEqual(p.r + q.r - 1e-6);
      }
    }
    expect(clusters[clusterOf[0]!]!.tag).toBe('fantasy');
    expect(clusters[clusterOf[1]!]!.tag).toBe('calm');
    expect(clusters[clusterOf[2]!]!.category).toBe('product');
  });

  test('scattered small tag groups fold into one "other tags" cluster per region', () => {
    const stars = [
      ...Array.from({ length: 200 }, (_, i) => star(`big${i}`, ['common'])),
      ...Array.from({ length: 30 }, (_, i) => star(`rare${i}`, [`rare${i}`])),
    ];
    const { clusters } = layoutClusters(stars);
    expect(clusters.map((c) => c.tag).sort()).toEqual([OTHER_TAGS, 'common']);
    expect(clusters.find((c) => c.tag === OTHER_TAGS)!.size).toBe(30);
  });
});

describe('seeded layout', () => {
  test('the same library gives identical positions, whatever order the stars come in', () => {
    const { stars, edges } = library(400);
    const first = computeLayout({ stars, edges });
    const again = computeLayout({ stars: [...stars].reverse(), edges: [...edges].reverse() });
    expect(again.ids).toEqual(first.ids);
    expect(Array.from(again.positions)).toEqual(Array.from(first.positions));
  });

  test('stars end up near their cluster and lineage pulls families together', () => {
    const { stars, edges } = library(400);
    const result = computeLayout({ stars, edges });
    let inside = 0;
    result.ids.forEach((_, i) => {
      const cluster = result.clusters[result.clusterOf[i]!]!;
      const [x, y] = [result.positions[i * 2]!, result.positions[i * 2 + 1]!];
      if (Math.hypot(x - cluster.x, y - cluster.y) <= cluster.r * 1.15) inside++;
    });
    expect(inside / result.ids.length).toBeGreaterThan(0.95);
    for (const value of result.positions) expect(Number.isFinite(value)).toBe(true);
  });

  test('adding one star moves the others very little', () => {
    const { stars, edges } = library(600);
    const before = computeLayout({ stars, edges });
    const after = computeLayout({ stars: [...stars, star('new-one', ['fantasy', 'hero'])], edges });
    const moves = before.ids.map((id) => {
      const [x0, y0] = positionOf(before, id);
      const [x1, y1] = positionOf(after, id);
      return Math.hypot(x1 - x0, y1 - y0);
    });
    moves.sort((a, b) => a - b);
    const extent = Math.max(...before.regions.map((r) => Math.hypot(r.x, r.y) + r.r));
    // Half the stars move less than 2% of the map's radius; none jump across the map.
    expect(moves[Math.floor(moves.length / 2)]!).toBeLessThan(extent * 0.02);
    expect(moves[moves.length - 1]!).toBeLessThan(extent * 0.25);
  });

  test('pinned stars stay exactly where they were put', () => {
    const { stars, edges } = library(200);
    stars[5] = { ...stars[5]!, pinned: { x: 1234.5, y: -987.25 } };
    const result = computeLayout({ stars, edges });
    expect(positionOf(result, stars[5]!.id)).toEqual([1234.5, -987.25]);
  });

  test('an empty library and a single star lay out without trouble', () => {
    expect(computeLayout({ stars: [], edges: [] }).ids).toEqual([]);
    const one = computeLayout({ stars: [star('only', ['x'])], edges: [['only', 'only']] });
    expect(one.ids).toEqual(['only']);
    expect(Number.isFinite(one.positions[0]!)).toBe(true);
  });
});
