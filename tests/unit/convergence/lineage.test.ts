/**
 * Concurrent lineage edits on two and three peers, merged in every order: derived clips of one
 * parent, and links that together would close a cycle.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  createAsset,
  duplicateAsset,
  linkLineage,
  remixAsset,
  trashAsset,
} from '../../../src/lib/library/ops/index';
import {
  assetDetails,
  constellationMap,
  lineageTree,
  searchLibrary,
} from '../../../src/lib/library/queries/index';
import { Cluster, syncAll } from '../helpers/peers';
import { goOffline, mergeEveryOrder } from '../helpers/merge-orders';
import { findCycle } from '../helpers/invariants';

let cluster: Cluster;
afterEach(() => cluster?.destroy());

function team() {
  cluster = new Cluster();
  const alice = cluster.peer('alice', 'alice', 'editor');
  const bob = cluster.peer('bob', 'bob', 'editor');
  const carol = cluster.peer('carol', 'carol', 'admin');
  const p = createAsset(alice.ctx, {
    name: 'Forest',
    prompt: 'a misty forest at night',
    status: 'ready',
  }).asset_id;
  return { alice, bob, carol, p };
}

describe('derived clips of one parent made concurrently', () => {
  it('keeps a duplicate and a remix made on two peers, with both counts', () => {
    const { alice, bob, p } = team();
    const offline = goOffline(cluster);
    const { duplicate_id: d, lineage_version: dv } = duplicateAsset(alice.ctx, { asset_id: p });
    const { remix_id: r, lineage_version: rv } = remixAsset(bob.ctx, {
      asset_id: p,
      new_prompt: 'a misty forest at sunset',
    });
    mergeEveryOrder(cluster, offline);
    expect([dv, rv]).toEqual([2, 2]);
    for (const peer of cluster.peers) {
      const parent = assetDetails(peer.index, p);
      expect(parent.metadata).toMatchObject({
        duplicate_count: 1,
        remix_count: 1,
        has_lineage: true,
        lineage_version: 1,
      });
      expect(assetDetails(peer.index, d)).toMatchObject({
        status: 'ready',
        metadata: { lineage_version: 2, parent_asset_id: p, evolution_type: 'duplicate' },
      });
      expect(assetDetails(peer.index, r)).toMatchObject({
        status: 'draft',
        metadata: { lineage_version: 2, parent_asset_id: p, evolution_type: 'remix' },
      });
      const tree = lineageTree(peer.index, p);
      expect(tree.descendants.map((node) => node.asset_id).sort()).toEqual([d, r].sort());
      expect(tree.descendants.find((node) => node.asset_id === r)!.prompt_delta).toBe(
        '-night +sunset',
      );
    }
  });

  it('counts what three peers derived at once, and stops counting a child one of them trashed', () => {
    const { alice, bob, carol, p } = team();
    syncAll(cluster.peers);
    const { duplicate_id: old } = duplicateAsset(carol.ctx, { asset_id: p });
    const offline = goOffline(cluster);
    duplicateAsset(alice.ctx, { asset_id: p });
    duplicateAsset(bob.ctx, { asset_id: p });
    remixAsset(bob.ctx, { asset_id: p, new_prompt: 'a forest in snow' });
    trashAsset(carol.ctx, { asset_id: old });
    mergeEveryOrder(cluster, offline);
    for (const peer of cluster.peers) {
      expect(assetDetails(peer.index, p).metadata).toMatchObject({
        duplicate_count: 2,
        remix_count: 1,
      });
    }
  });

  it('keeps a duplicate made while another peer trashed the parent', () => {
    const { alice, bob, p } = team();
    const offline = goOffline(cluster);
    trashAsset(alice.ctx, { asset_id: p });
    const { duplicate_id: d } = duplicateAsset(bob.ctx, { asset_id: p });
    mergeEveryOrder(cluster, offline);
    for (const peer of cluster.peers) {
      expect(peer.index.isLive(p)).toBe(false);
      expect(assetDetails(peer.index, d).metadata).toMatchObject({
        parent_asset_id: p,
        has_lineage: false,
      });
      // The trashed parent still counts its child (it shows again on restore).
      expect(assetDetails(peer.index, p).metadata.duplicate_count).toBe(1);
    }
  });
});

describe('links that together close a cycle', () => {
  it('drops the same one of A→B and B→A on every peer', () => {
    const { alice, bob, carol } = team();
    const a = createAsset(carol.ctx, { name: 'A' }).asset_id;
    const b = createAsset(carol.ctx, { name: 'B' }).asset_id;
    const offline = goOffline(cluster);
    const ab = linkLineage(alice.ctx, { parent_id: a, child_id: b }).lineage_id;
    const ba = linkLineage(bob.ctx, { parent_id: b, child_id: a }).lineage_id;
    mergeEveryOrder(cluster, offline);
    const winner = ab < ba ? ab : ba;
    for (const peer of cluster.peers) {
      const accepted = [...peer.index.lineage.acceptedEdges()].map((edge) => edge.id);
      expect(accepted).toEqual([winner]);
      expect(findCycle(peer.index.lineage.acceptedEdges())).toBeNull();
      expect(constellationMap(peer.index).edges).toHaveLength(1);
      expect(searchLibrary(peer.index, { has_lineage: true }).total).toBe(2);
    }
  });

  it('drops exactly one edge of a three-peer cycle A→B, B→C, C→A, the same everywhere', () => {
    const { alice, bob, carol } = team();
    const [a, b, c] = ['A', 'B', 'C'].map((name) => createAsset(carol.ctx, { name }).asset_id);
    const offline = goOffline(cluster);
    const edges = [
      linkLineage(alice.ctx, { parent_id: a!, child_id: b! }).lineage_id,
      linkLineage(bob.ctx, { parent_id: b!, child_id: c! }).lineage_id,
      linkLineage(carol.ctx, { parent_id: c!, child_id: a! }).lineage_id,
    ];
    mergeEveryOrder(cluster, offline);
    const loser = [...edges].sort().at(-1)!;
    for (const peer of cluster.peers) {
      const accepted = [...peer.index.lineage.acceptedEdges()].map((edge) => edge.id).sort();
      expect(accepted).toEqual(edges.filter((id) => id !== loser).sort());
      for (const id of [a!, b!, c!]) {
        const tree = lineageTree(peer.index, id);
        expect(tree.ancestors.length + countDescendants(tree.descendants)).toBe(2);
      }
    }
  });

  it('names as parent in the metadata only a parent whose link counts', () => {
    const { alice, bob, carol } = team();
    const a = createAsset(carol.ctx, { name: 'A' }).asset_id;
    const b = createAsset(carol.ctx, { name: 'B' }).asset_id;
    const offline = goOffline(cluster);
    // Each link adopts its parent into the child's metadata (neither had a parent yet).
    linkLineage(alice.ctx, { parent_id: a, child_id: b });
    linkLineage(bob.ctx, { parent_id: b, child_id: a });
    mergeEveryOrder(cluster, offline);
    for (const peer of cluster.peers) {
      for (const id of [a, b]) {
        const parents = peer.index.lineage.parentsOf(id).map((edge) => edge.parent_id);
        const { metadata } = assetDetails(peer.index, id);
        expect({ id, parent: metadata.parent_asset_id }).toEqual({
          id,
          parent: parents[0] ?? null,
        });
        expect(metadata.lineage_version).toBe(parents.length > 0 ? 2 : 1);
      }
    }
  });

  it('refuses a further link between the two on every peer after the merge', () => {
    const { alice, bob, carol } = team();
    const [a, b] = ['A', 'B'].map((name) => createAsset(carol.ctx, { name }).asset_id);
    const offline = goOffline(cluster);
    linkLineage(alice.ctx, { parent_id: a!, child_id: b! });
    linkLineage(bob.ctx, { parent_id: b!, child_id: a! });
    mergeEveryOrder(cluster, offline);
    // After the merge every peer refuses a third link between them, whichever edge won.
    for (const peer of cluster.peers) {
      expect(() => linkLineage(peer.ctx, { parent_id: a!, child_id: b! })).toThrow(
        /already linked|own ancestor/,
      );
    }
  });
});

function countDescendants(nodes: readonly { children: readonly unknown[] }[]): number {
  return nodes.reduce(
    (sum, node) => sum + 1 + countDescendants(node.children as { children: unknown[] }[]),
    0,
  );
}
