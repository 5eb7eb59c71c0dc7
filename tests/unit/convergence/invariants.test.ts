/**
 * The checks themselves: an invariant checker that never fails proves nothing, so each check is
 * shown to catch what it is meant to catch.
 */
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addToCollection,
  createAsset,
  createCollection,
  deleteCollection,
  purgeCollection,
} from '../../../src/lib/library/ops/index';
import { collectionsOf, lineageOf } from '../../../src/lib/library/schema';
import { teamRoom } from '../../../src/lib/library/rooms';
import type { VideoLineage } from '../../../src/lib/library/records/lineage';
import { Cluster, canonicalStructs, divergence, syncAll } from '../helpers/peers';
import { acceptedEdges, checkInvariants, findCycle } from '../helpers/invariants';

let cluster: Cluster;
afterEach(() => cluster?.destroy());

const edge = (id: string, parent: string, child: string) =>
  ({ id, parent_id: parent, child_id: child }) as VideoLineage;

describe('checkInvariants', () => {
  it('holds on a fresh library and on one with content', () => {
    cluster = new Cluster();
    const alice = cluster.peer('alice', 'alice', 'editor');
    expect(checkInvariants([alice])).toEqual([]);
    const a = createAsset(alice.ctx, { name: 'a' }).asset_id;
    const { collection_id: c } = createCollection(alice.ctx, {});
    addToCollection(alice.ctx, { collection_id: c, asset_id: a });
    expect(checkInvariants([alice])).toEqual([]);
  });

  it('catches an index that missed changes, and an invalid order key', () => {
    cluster = new Cluster();
    const alice = cluster.peer('alice', 'alice', 'editor');
    const a = createAsset(alice.ctx, { name: 'a' }).asset_id;
    const { collection_id: c } = createCollection(alice.ctx, {});
    addToCollection(alice.ctx, { collection_id: c, asset_id: a });
    alice.index.destroy(); // the index stops hearing the docs
    const items = (collectionsOf(alice.doc(teamRoom('team1'))).get(c) as Y.Map<unknown>).get(
      'items',
    ) as Y.Map<Y.Map<unknown>>;
    items.get(a)!.set('order_key', '!');
    createAsset(alice.ctx, { name: 'b' });
    const violations = checkInvariants([alice]).join('\n');
    expect(violations).toMatch(/index holds 1 assets, the docs 2/);
    expect(violations).toMatch(/invalid key !/);
    expect(violations).toMatch(/live index differs from a fresh one/);
  });

  it('catches an unreported malformed record', () => {
    cluster = new Cluster();
    const alice = cluster.peer('alice', 'alice', 'editor');
    alice.index.destroy();
    lineageOf(alice.doc(teamRoom('team1'))).set('junk', 'not an edge');
    expect(checkInvariants([alice], { compareFresh: false }).join('\n')).toMatch(
      /problem not reported: team\/team1 lineage junk/,
    );
  });
});

describe('the lineage rule', () => {
  it('drops the greatest-id edge of each cycle and only edges with both ends known', () => {
    const edges = [edge('e1', 'a', 'b'), edge('e3', 'c', 'a'), edge('e2', 'b', 'c')];
    expect(acceptedEdges(edges, () => true).map((e) => e.id)).toEqual(['e1', 'e2']);
    expect(acceptedEdges(edges, (id) => id !== 'c').map((e) => e.id)).toEqual(['e1']);
    expect(findCycle(edges)).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(edges.slice(0, 2))).toBeNull();
  });
});

describe('divergence', () => {
  it('reports peers that did not sync, and none once they did', () => {
    cluster = new Cluster();
    const alice = cluster.peer('alice', 'alice', 'editor');
    const bob = cluster.peer('bob', 'bob', 'editor');
    createAsset(alice.ctx, { name: 'a' });
    expect(divergence(cluster.peers)).toEqual([
      'team/team1: state vector of bob differs from alice',
    ]);
    syncAll([alice, bob]);
    expect(divergence(cluster.peers)).toEqual([]);
  });

  it('tells GC run cuts apart from real differences', () => {
    cluster = new Cluster();
    const alice = cluster.peer('alice', 'alice', 'editor');
    const bob = cluster.peer('bob', 'bob', 'editor');
    const { collection_id: c } = createCollection(alice.ctx, { name: 'x', tags: ['a', 'b'] });
    deleteCollection(alice.ctx, { collection_id: c });
    purgeCollection(alice.ctx, { collection_id: c });
    syncAll([alice, bob]);
    const state = Y.encodeStateAsUpdate(alice.doc(teamRoom('team1')));
    const lines = canonicalStructs(state);
    expect(lines.some((line) => line.startsWith('GC '))).toBe(true);
    expect(canonicalStructs(Y.encodeStateAsUpdate(bob.doc(teamRoom('team1'))))).toEqual(lines);
  });
});
