import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LibraryIndex } from '../../../src/lib/library/live';
import {
  assetDetails,
  lineageTree,
  type LineageDescendant,
} from '../../../src/lib/library/queries';
import { lineageOf } from '../../../src/lib/library/schema';
import { RoomBuilder } from './fixtures';

/** The descendants as nested ids: `a(b(c),d)`. */
function shape(nodes: LineageDescendant[]): string {
  return nodes
    .map(
      (n) =>
        `${n.asset_id}${n.repeated ? '*' : ''}${n.children.length ? `(${shape(n.children)})` : ''}`,
    )
    .join(',');
}

function chain(length: number) {
  const room = new RoomBuilder();
  for (let i = 0; i < length; i++) room.asset(`a${i}`, { metadata: { lineage_version: i + 1 } });
  for (let i = 1; i < length; i++) {
    room.edge(`l${String(i).padStart(3, '0')}`, `a${i - 1}`, `a${i}`, {
      evolution_type: i % 2 ? 'duplicate' : 'remix',
      branch_name: `b${i}`,
      prompt_delta: `+${i}`,
    });
  }
  return room;
}

describe('lineageTree', () => {
  it('lists ancestors nearest first up to the root and nests descendants (deep family)', () => {
    const tree = lineageTree(chain(10).index(), 'a5');
    expect(tree.current).toEqual({
      asset_id: 'a5',
      name: 'Clip a5',
      lineage_version: 6,
      lineage_branch: 'main',
    });
    expect(tree.ancestors.map((a) => a.asset_id)).toEqual(['a4', 'a3', 'a2', 'a1', 'a0']);
    expect(tree.ancestors[0]).toEqual({
      asset_id: 'a4',
      name: 'Clip a4',
      evolution_type: 'duplicate',
      branch_name: 'b5',
      lineage_version: 5,
    });
    expect(shape(tree.descendants)).toBe('a6(a7(a8(a9)))');
    expect(tree.descendants[0]).toMatchObject({
      asset_id: 'a6',
      evolution_type: 'remix',
      branch_name: 'b6',
      prompt_delta: '+6',
      lineage_version: 7,
    });
  });

  it('bounds the walk', () => {
    const tree = lineageTree(chain(30).index(), 'a15', { maxDepth: 3 });
    expect(tree.ancestors.map((a) => a.asset_id)).toEqual(['a14', 'a13', 'a12']);
    expect(shape(tree.descendants)).toBe('a16(a17(a18))');
  });

  it('nests wide families in edge order', () => {
    const room = new RoomBuilder().asset('root');
    for (let i = 0; i < 5; i++) {
      room.asset(`c${i}`).edge(`e${i}`, 'root', `c${i}`);
      for (let j = 0; j < 2; j++) room.asset(`g${i}${j}`).edge(`f${i}${j}`, `c${i}`, `g${i}${j}`);
    }
    expect(shape(lineageTree(room.index(), 'root').descendants)).toBe(
      'c0(g00,g01),c1(g10,g11),c2(g20,g21),c3(g30,g31),c4(g40,g41)',
    );
  });

  it('follows the first parent of a merge and lists the others', () => {
    const room = new RoomBuilder()
      .asset('g')
      .asset('p1')
      .asset('p2')
      .asset('m')
      .edge('e0', 'g', 'p1')
      .edge('e1', 'g', 'p2')
      .edge('e3', 'p2', 'm', { is_merge: true, evolution_type: 'variation' })
      .edge('e2', 'p1', 'm', { is_merge: true, evolution_type: 'variation' });
    const index = room.index();
    const tree = lineageTree(index, 'm');
    expect(tree.ancestors.map((a) => a.asset_id)).toEqual(['p1', 'g']);
    expect(tree.ancestors[0]!.merge_parents).toEqual([
      {
        asset_id: 'p2',
        name: 'Clip p2',
        evolution_type: 'variation',
        branch_name: 'main',
        // Stored as version 1 with no parent, but its link from g counts: shown as g's + 1.
        lineage_version: 2,
      },
    ]);
    // The merged clip shows under both parents, expanded once.
    expect(shape(lineageTree(index, 'g').descendants)).toBe('p1(m),p2(m*)');
  });

  it('splices out trashed clips without cutting the family', () => {
    const room = chain(4).setAssetField('a1', 'trashed_at', '2025-07-01T00:00:00Z');
    const index = room.index();
    expect(lineageTree(index, 'a3').ancestors.map((a) => a.asset_id)).toEqual(['a2', 'a0']);
    expect(shape(lineageTree(index, 'a0').descendants)).toBe('a2(a3)');
  });

  it('answers NOT_FOUND for an unknown asset', () => {
    expect(() => lineageTree(chain(2).index(), 'zz')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });
});

describe('lineage graph', () => {
  it('ignores the greatest edge of a cycle, on every peer whatever the arrival order', () => {
    const build = (order: string[]) => {
      const room = new RoomBuilder().asset('a').asset('b').asset('c');
      const edges: Record<string, [string, string]> = {
        l1: ['a', 'b'],
        l2: ['b', 'c'],
        l3: ['c', 'a'],
      };
      for (const id of order) room.edge(id, ...edges[id]!);
      return room.index();
    };
    for (const order of [
      ['l1', 'l2', 'l3'],
      ['l3', 'l2', 'l1'],
      ['l2', 'l3', 'l1'],
    ]) {
      const index = build(order);
      expect([...index.lineage.acceptedEdges()].map((e) => e.id).sort(), order.join()).toEqual([
        'l1',
        'l2',
      ]);
      expect(lineageTree(index, 'c').ancestors.map((a) => a.asset_id)).toEqual(['b', 'a']);
      expect(shape(lineageTree(index, 'a').descendants)).toBe('b(c)');
    }
  });

  it('converges when two offline peers each close half a cycle, and re-admits an edge when the cycle breaks', () => {
    const base = new RoomBuilder().asset('a').asset('b');
    const peer = new RoomBuilder();
    Y.applyUpdate(peer.doc, Y.encodeStateAsUpdate(base.doc));
    const indexA = base.index();
    const indexB = peer.index();
    base.edge('x2', 'a', 'b');
    peer.edge('x1', 'b', 'a');
    Y.applyUpdate(base.doc, Y.encodeStateAsUpdate(peer.doc));
    Y.applyUpdate(peer.doc, Y.encodeStateAsUpdate(base.doc));
    for (const index of [indexA, indexB]) {
      expect([...index.lineage.acceptedEdges()].map((e) => e.id)).toEqual(['x1']);
    }
    base.doc.transact(() => lineageOf(base.doc).delete('x1'));
    expect([...indexA.lineage.acceptedEdges()].map((e) => e.id)).toEqual(['x2']);
  });

  it('counts an edge only once both ends are known', () => {
    const room = new RoomBuilder().asset('a').edge('l1', 'a', 'later');
    const index = room.index();
    expect(assetDetails(index, 'a').metadata.has_lineage).toBe(false);
    room.asset('later');
    expect(assetDetails(index, 'a').metadata).toMatchObject({
      has_lineage: true,
      duplicate_count: 1,
    });
  });

  it('derives duplicate and remix counts from live children', () => {
    const room = new RoomBuilder()
      .asset('o')
      .asset('d1')
      .asset('d2')
      .asset('r1')
      .edge('l1', 'o', 'd1')
      .edge('l2', 'o', 'd2')
      .edge('l3', 'o', 'r1', { evolution_type: 'remix' });
    const index = new LibraryIndex([room.room]);
    expect(assetDetails(index, 'o').metadata).toMatchObject({
      duplicate_count: 2,
      remix_count: 1,
      has_lineage: true,
    });
    room.setAssetField('d2', 'trashed_at', '2025-07-01T00:00:00Z');
    expect(assetDetails(index, 'o').metadata.duplicate_count).toBe(1);
    expect(assetDetails(index, 'd2').metadata.has_lineage).toBe(true);
  });
});
