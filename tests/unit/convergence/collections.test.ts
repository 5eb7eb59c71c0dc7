/**
 * Concurrent curation of one collection on two and three peers, merged in every order.
 */
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { LibraryOrigin } from '../../../src/lib/library/context';
import { collectionsOf } from '../../../src/lib/library/schema';
import { teamRoom } from '../../../src/lib/library/rooms';
import {
  addToCollection,
  createAsset,
  createCollection,
  deleteCollection,
  moveCollectionItem,
  removeFromCollection,
  reorderCollection,
  updateCollection,
  updateCollectionItem,
} from '../../../src/lib/library/ops/index';
import { collectionWithVideos } from '../../../src/lib/library/queries/index';
import { Cluster, syncAll, type Peer } from '../helpers/peers';
import { goOffline, mergeEveryOrder } from '../helpers/merge-orders';

let cluster: Cluster;
afterEach(() => cluster?.destroy());

/** Alice, Bob and Carol on one device each; Alice fills a collection with `n` videos v0…. */
function team(n: number, people = 3) {
  cluster = new Cluster();
  const [alice, bob, carol] = [
    cluster.peer('alice', 'alice', 'editor'),
    cluster.peer('bob', 'bob', 'editor'),
    ...(people > 2 ? [cluster.peer('carol', 'carol', 'admin')] : []),
  ];
  const v = Array.from(
    { length: n },
    (_, i) => createAsset(alice!.ctx, { name: `v${i}`, duration: i + 0.1 }).asset_id,
  );
  const { collection_id: c } = createCollection(alice!.ctx, { name: 'Campaign' });
  for (const id of v) addToCollection(alice!.ctx, { collection_id: c, asset_id: id });
  const names = new Map(v.map((id, i) => [id, `v${i}`]));
  return { alice: alice!, bob: bob!, carol, v, c, names };
}

/** The names of a collection's videos as `peer` sees them. */
function shown(peer: Peer, c: string, names: Map<string, string>): string[] {
  return collectionWithVideos(peer.index, c).videos.map((video) => names.get(video.asset_id)!);
}

describe('concurrent reorders of one collection', () => {
  it('keeps both moves when two peers drag different items', () => {
    const { alice, bob, v, c, names } = team(6, 2);
    const offline = goOffline(cluster);
    moveCollectionItem(alice.ctx, { collection_id: c, asset_id: v[0]!, after_id: v[1]! });
    moveCollectionItem(bob.ctx, { collection_id: c, asset_id: v[5]!, before_id: v[4]! });
    mergeEveryOrder(cluster, offline);
    for (const peer of cluster.peers) {
      expect(shown(peer, c, names)).toEqual(['v1', 'v0', 'v2', 'v3', 'v5', 'v4']);
    }
  });

  it('keeps both whole-list reorders of different items, rewriting one key each', () => {
    const { alice, bob, carol, v, c, names } = team(6);
    const offline = goOffline(cluster);
    const ids = (order: number[]) => order.map((i) => v[i]!);
    expect(
      reorderCollection(alice.ctx, { collection_id: c, asset_ids: ids([1, 0, 2, 3, 4, 5]) })
        .rewritten,
    ).toBe(1);
    expect(
      reorderCollection(bob.ctx, { collection_id: c, asset_ids: ids([0, 1, 2, 3, 5, 4]) })
        .rewritten,
    ).toBe(1);
    updateCollectionItem(carol!.ctx, { collection_id: c, asset_id: v[2]!, notes: 'hero shot' });
    mergeEveryOrder(cluster, offline);
    for (const peer of cluster.peers) {
      expect(shown(peer, c, names)).toEqual(['v1', 'v0', 'v2', 'v3', 'v5', 'v4']);
      expect(collectionWithVideos(peer.index, c).videos[2]!.notes).toBe('hero shot');
    }
  });

  it('lets one move win when two peers drag the same item, showing it once', () => {
    const { alice, bob, carol, v, c, names } = team(5);
    const offline = goOffline(cluster);
    moveCollectionItem(alice.ctx, { collection_id: c, asset_id: v[0]!, after_id: v[4]! });
    moveCollectionItem(bob.ctx, { collection_id: c, asset_id: v[0]!, after_id: v[2]! });
    moveCollectionItem(carol!.ctx, { collection_id: c, asset_id: v[3]!, before_id: v[1]! });
    mergeEveryOrder(cluster, offline);
    const result = shown(alice, c, names);
    expect([
      ['v3', 'v1', 'v2', 'v4', 'v0'],
      ['v3', 'v1', 'v2', 'v0', 'v4'],
    ]).toContainEqual(result);
    for (const peer of cluster.peers) expect(shown(peer, c, names)).toEqual(result);
  });

  it('orders two items dropped into the same gap by asset id, and can still move between them', () => {
    const { alice, bob, v, c, names } = team(3, 2);
    const x = createAsset(alice.ctx, { name: 'x' }).asset_id;
    const y = createAsset(alice.ctx, { name: 'y' }).asset_id;
    names.set(x, 'x').set(y, 'y');
    const offline = goOffline(cluster);
    addToCollection(alice.ctx, { collection_id: c, asset_id: x, order_index: 1 });
    addToCollection(bob.ctx, { collection_id: c, asset_id: y, order_index: 1 });
    mergeEveryOrder(cluster, offline);
    const tie = [x, y].sort().map((id) => names.get(id)!);
    expect(shown(alice, c, names)).toEqual(['v0', ...tie, 'v1', 'v2']);
    // Dropping v2 between the two tied items still lands exactly there.
    const [first, second] = [x, y].sort();
    const offline2 = goOffline(cluster);
    moveCollectionItem(bob.ctx, { collection_id: c, asset_id: v[2]!, after_id: first! });
    mergeEveryOrder(cluster, offline2);
    expect(shown(alice, c, names)).toEqual([
      'v0',
      names.get(first!)!,
      'v2',
      names.get(second!)!,
      'v1',
    ]);
  });
});

describe('concurrent moves when one of them respaces a crowded collection', () => {
  it('keeps another peer’s move of an item away from the crowded spot', () => {
    const { alice, bob, v, c, names } = team(6, 2);
    // The long keys ~400 drops into one gap grow; written directly to keep the test fast.
    const items = (collectionsOf(alice.doc(teamRoom('team1'))).get(c) as Y.Map<unknown>).get(
      'items',
    ) as Y.Map<Y.Map<unknown>>;
    alice.doc(teamRoom('team1')).transact(() => {
      items.get(v[1]!)!.set('order_key', `a0${'V'.repeat(70)}`);
      items.get(v[2]!)!.set('order_key', `a0${'V'.repeat(71)}`);
    });
    const offline = goOffline(cluster);
    // Bob drops v3 into the crowded gap between v1 and v2: no short key fits there.
    moveCollectionItem(bob.ctx, { collection_id: c, asset_id: v[3]!, after_id: v[1]! });
    // Alice meanwhile drags v5, far from that spot, to the front.
    moveCollectionItem(alice.ctx, { collection_id: c, asset_id: v[5]!, before_id: v[0]! });
    mergeEveryOrder(cluster, offline);
    for (const peer of cluster.peers) {
      expect(shown(peer, c, names)).toEqual(['v5', 'v0', 'v1', 'v3', 'v2', 'v4']);
    }
  });
});

describe('concurrent adds and removes', () => {
  it('holds an asset added twice by two peers once', () => {
    const { alice, bob, carol, c, names } = team(2);
    const x = createAsset(alice.ctx, { name: 'x', duration: 5 }).asset_id;
    names.set(x, 'x');
    const offline = goOffline(cluster);
    addToCollection(alice.ctx, { collection_id: c, asset_id: x, order_index: 0, notes: 'a' });
    addToCollection(bob.ctx, { collection_id: c, asset_id: x, notes: 'b' });
    addToCollection(carol!.ctx, { collection_id: c, asset_id: x, order_index: 1, notes: 'c' });
    mergeEveryOrder(cluster, offline);
    const { videos, collection } = collectionWithVideos(alice.index, c);
    expect(videos.filter((video) => video.asset_id === x)).toHaveLength(1);
    expect(collection.video_count).toBe(3);
    expect(collection.total_duration).toBe(6.2);
    // One of the three adds wins whole: its position, notes and author together.
    const item = videos.find((video) => video.asset_id === x)!;
    const position = { a: 0, b: 2, c: 1 }[item.notes as 'a' | 'b' | 'c'];
    expect(item.added_by).toBe({ a: 'alice', b: 'bob', c: 'carol' }[item.notes as 'a']);
    expect(videos.indexOf(item)).toBe(position);
  });

  it('removes an item one peer removed while another edited its notes', () => {
    const { alice, bob, v, c, names } = team(3, 2);
    const offline = goOffline(cluster);
    removeFromCollection(alice.ctx, { collection_id: c, asset_id: v[1]! });
    updateCollectionItem(bob.ctx, { collection_id: c, asset_id: v[1]!, notes: 'keep?' });
    moveCollectionItem(bob.ctx, { collection_id: c, asset_id: v[1]!, after_id: v[2]! });
    mergeEveryOrder(cluster, offline);
    for (const peer of cluster.peers) expect(shown(peer, c, names)).toEqual(['v0', 'v2']);
  });

  it('keeps a re-add made after a removal when another peer removes the old item', () => {
    const { alice, bob, v, c, names } = team(3, 2);
    const offline = goOffline(cluster);
    removeFromCollection(alice.ctx, { collection_id: c, asset_id: v[0]! });
    addToCollection(alice.ctx, { collection_id: c, asset_id: v[0]! });
    removeFromCollection(bob.ctx, { collection_id: c, asset_id: v[0]! });
    mergeEveryOrder(cluster, offline);
    for (const peer of cluster.peers) expect(shown(peer, c, names)).toEqual(['v1', 'v2', 'v0']);
  });

  it('removes an item both peers removed, and adds what each added', () => {
    const { alice, bob, carol, v, c, names } = team(4);
    const x = createAsset(carol!.ctx, { name: 'x' }).asset_id;
    names.set(x, 'x');
    const offline = goOffline(cluster);
    removeFromCollection(alice.ctx, { collection_id: c, asset_id: v[2]! });
    removeFromCollection(bob.ctx, { collection_id: c, asset_id: v[2]! });
    addToCollection(carol!.ctx, { collection_id: c, asset_id: x, order_index: 0 });
    mergeEveryOrder(cluster, offline);
    for (const peer of cluster.peers)
      expect(shown(peer, c, names)).toEqual(['x', 'v0', 'v1', 'v3']);
  });
});

describe('a collection deleted while others curate it', () => {
  it('stays in the trash; the items added to it meanwhile go with it and the videos stay', () => {
    const { alice, bob, carol, v, c } = team(3);
    const x = createAsset(bob.ctx, { name: 'x' }).asset_id;
    const offline = goOffline(cluster);
    deleteCollection(alice.ctx, { collection_id: c });
    addToCollection(bob.ctx, { collection_id: c, asset_id: x });
    updateCollection(carol!.ctx, { collection_id: c, name: 'Renamed', tags: ['new'] });
    mergeEveryOrder(cluster, offline);
    for (const peer of cluster.peers) {
      expect(() => collectionWithVideos(peer.index, c)).toThrow(/in the trash/);
      expect(peer.index.collection(c)!.value.items.map((item) => item.asset_id)).toContain(x);
      expect([...v, x].every((id) => peer.index.isLive(id))).toBe(true);
    }
  });

  it('brings back, on undo of the delete, the items others added meanwhile', () => {
    const { alice, bob, v, c, names } = team(2, 2);
    const x = createAsset(bob.ctx, { name: 'x' }).asset_id;
    names.set(x, 'x');
    const undo = new Y.UndoManager([collectionsOf(alice.doc(teamRoom('team1')))], {
      trackedOrigins: new Set([LibraryOrigin]),
      captureTimeout: 0,
    });
    const offline = goOffline(cluster);
    deleteCollection(alice.ctx, { collection_id: c });
    addToCollection(bob.ctx, { collection_id: c, asset_id: x });
    // Alice's undo history keeps the deleted items Bob's doc collected: same state, other bytes.
    mergeEveryOrder(cluster, offline, { sameness: 'deleted' });
    expect(() => collectionWithVideos(alice.index, c)).toThrow(/in the trash/);
    // Alice changes her mind: the collection comes back as everyone last left it.
    undo.undo();
    syncAll(cluster.peers);
    expect(v).toHaveLength(2);
    for (const peer of cluster.peers) expect(shown(peer, c, names)).toEqual(['v0', 'v1', 'x']);
    undo.destroy();
  });

  it('merges concurrent edits of different collection fields and tags', () => {
    const { alice, bob, carol, c } = team(1);
    updateCollection(alice.ctx, { collection_id: c, tags: ['a', 'b'] });
    const offline = goOffline(cluster);
    updateCollection(alice.ctx, { collection_id: c, name: 'Spring', tags: ['a', 'b', 'c'] });
    updateCollection(bob.ctx, { collection_id: c, description: 'ads', tags: ['b'] });
    updateCollection(carol!.ctx, { collection_id: c, category: 'brand', tags: ['a', 'b', 'd'] });
    mergeEveryOrder(cluster, offline);
    for (const peer of cluster.peers) {
      expect(collectionWithVideos(peer.index, c).collection).toMatchObject({
        name: 'Spring',
        description: 'ads',
        category: 'brand',
        tags: 'b,c,d',
      });
    }
  });
});
