import { describe, expect, test } from 'vitest';
import { computeLayout } from '../../../src/lib/constellation/layout';
import { Scene } from '../../../src/lib/constellation/scene';
import { differingStar, skyKey, StandIns } from '../../../src/lib/constellation/sky-stand-in';
import type {
  ConstellationMap,
  ConstellationNode,
} from '../../../src/lib/library/queries/constellation';

function node(id: string, overrides: Partial<ConstellationNode> = {}): ConstellationNode {
  return {
    id,
    name: `Clip ${id}`,
    thumbnail_url: null,
    tags: ['hero'],
    category: 'marketing',
    mood: 'calm',
    scene_type: null,
    x: 0,
    y: 0,
    cluster: 'hero',
    has_lineage: true,
    pinned: false,
    ...overrides,
  };
}

const MAP: ConstellationMap = {
  nodes: ['a', 'b', 'c', 'd'].map((id) => node(id)),
  edges: [{ source: 'a', target: 'b', type: 'remix' }],
};
const LAYOUT = computeLayout({
  stars: MAP.nodes.map((n) => ({ id: n.id, tags: n.tags, category: n.category, pinned: null })),
  edges: [['a', 'b']],
});

/** The data as it comes back after star `index` was dropped at (x, y): pinned there. */
function pinned(index: number, x: number, y: number): ConstellationMap {
  return {
    ...MAP,
    nodes: MAP.nodes.map((n, i) => (i === index ? { ...n, pinned: true, x, y } : n)),
  };
}

describe('which skies differ in one star', () => {
  const before = new Scene(MAP, LAYOUT, null);

  test('the same data again looks the same', () => {
    expect(differingStar(before, new Scene(MAP, LAYOUT, before))).toBe(-1);
  });

  test('a star pinned where it was dropped is the one difference', () => {
    const x = before.x[2]!;
    const y = before.y[2]!;
    const after = new Scene(pinned(2, x, y), null, before);
    expect(differingStar(before, after)).toBe(2);
  });

  test('two stars changed, a star more, or a new lineage edge is more than one star', () => {
    const twoMoods: ConstellationMap = {
      ...MAP,
      nodes: MAP.nodes.map((n, i) => (i < 2 ? { ...n, mood: 'tense' } : n)),
    };
    expect(differingStar(before, new Scene(twoMoods, LAYOUT, before))).toBeNull();
    const more: ConstellationMap = { ...MAP, nodes: [...MAP.nodes, node('e')] };
    expect(differingStar(before, new Scene(more, null, before))).toBeNull();
    const edge: ConstellationMap = {
      ...MAP,
      edges: [...MAP.edges, { source: 'c', target: 'd', type: 'remix' }],
    };
    expect(differingStar(before, new Scene(edge, LAYOUT, before))).toBeNull();
  });

  test('a new layout (regions and clusters of its own) is more than one star', () => {
    const relaid = computeLayout({
      stars: MAP.nodes.map((n) => ({ id: n.id, tags: n.tags, category: n.category, pinned: null })),
      edges: [['a', 'b']],
    });
    expect(differingStar(before, new Scene(MAP, relaid, before))).toBeNull();
  });
});

describe('pictures that may stand in for the sky', () => {
  test('lifting, dropping and pinning one star keep every picture since as a stand-in', () => {
    const standIns = new StandIns();
    standIns.advance(1, -1, null);
    expect([...standIns.keys]).toEqual([]);
    // Star 3 is lifted for a drag, dropped (version 2), then comes back pinned (version 3).
    standIns.advance(1, 3, null);
    standIns.advance(2, -1, { version: 2, star: 3 });
    standIns.advance(3, -1, { version: 3, star: 3 });
    expect([...standIns.keys]).toEqual([skyKey(1, -1), skyKey(1, 3), skyKey(2, -1)]);
    expect(standIns.star).toBe(3);
    // Data that looks the same keeps them.
    standIns.advance(4, -1, { version: 4, star: -1 });
    expect(standIns.star).toBe(3);
    expect([...standIns.keys]).toContain(skyKey(3, -1));
  });

  test('another star moving forgets the pictures that showed the first one wrongly', () => {
    const standIns = new StandIns();
    standIns.advance(1, -1, null);
    standIns.advance(1, 3, null);
    standIns.advance(2, -1, { version: 2, star: 3 });
    standIns.advance(2, 5, null);
    expect([...standIns.keys]).toEqual([skyKey(2, -1)]);
    expect(standIns.star).toBe(5);
  });

  test('a change of more than one star, or two changes between frames, forgets them all', () => {
    const standIns = new StandIns();
    standIns.advance(1, -1, null);
    standIns.advance(1, 3, null);
    standIns.advance(2, -1, null);
    expect([...standIns.keys]).toEqual([]);
    expect(standIns.star).toBe(-1);
    standIns.advance(2, 3, null);
    standIns.advance(4, -1, { version: 4, star: 3 });
    expect([...standIns.keys]).toEqual([]);
    // A drop of one star while another is lifted.
    standIns.advance(4, 1, null);
    standIns.advance(5, 2, { version: 5, star: 1 });
    expect([...standIns.keys]).toEqual([]);
  });
});
