/**
 * Concurrent edits of one asset on two and three peers, merged in every order: fields, trash,
 * tags, views and the constellation position.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  createAsset,
  recordView,
  restoreAsset,
  trashAsset,
  updateAsset,
  updateConstellationPosition,
} from '../../../src/lib/library/ops/index';
import {
  assetDetails,
  constellationMap,
  searchLibrary,
} from '../../../src/lib/library/queries/index';
import { Cluster, type Peer } from '../helpers/peers';
import { goOffline, mergeEveryOrder } from '../helpers/merge-orders';

let cluster: Cluster;
afterEach(() => cluster?.destroy());

function team() {
  cluster = new Cluster();
  const alice = cluster.peer('alice', 'alice', 'editor');
  const bob = cluster.peer('bob', 'bob', 'editor');
  const carol = cluster.peer('carol', 'carol', 'admin');
  const a = createAsset(alice.ctx, {
    name: 'Sunrise',
    prompt: 'a sunrise over the sea',
    tags: ['sea', 'morning', 'calm'],
  }).asset_id;
  return { alice, bob, carol, a };
}

const details = (peer: Peer, id: string) => assetDetails(peer.index, id);

describe('concurrent edits of one asset', () => {
  it('keeps edits of different fields from every peer', () => {
    const { alice, bob, carol, a } = team();
    const offline = goOffline(cluster);
    updateAsset(alice.ctx, { asset_id: a, name: 'Sunrise v2' });
    updateAsset(bob.ctx, { asset_id: a, prompt: 'a red sunrise', mood: 'warm' });
    updateAsset(carol.ctx, { asset_id: a, status: 'ready', duration: 12.5, can_remix: false });
    mergeEveryOrder(cluster, offline);
    for (const peer of cluster.peers) {
      expect(details(peer, a)).toMatchObject({
        name: 'Sunrise v2',
        prompt: 'a red sunrise',
        status: 'ready',
        duration: 12.5,
        metadata: { mood: 'warm', can_remix: false },
      });
    }
  });

  it('trashes and renames an asset renamed on one peer and trashed on another', () => {
    const { alice, bob, a } = team();
    const offline = goOffline(cluster);
    updateAsset(alice.ctx, { asset_id: a, name: 'Golden hour' });
    cluster.clock.tick();
    trashAsset(bob.ctx, { asset_id: a });
    mergeEveryOrder(cluster, offline);
    for (const peer of cluster.peers) {
      expect(details(peer, a)).toMatchObject({ name: 'Golden hour', trashed_by: 'bob' });
      expect(searchLibrary(peer.index, {}).total).toBe(0);
      expect(searchLibrary(peer.index, { trashed: true }).results.map((r) => r.name)).toEqual([
        'Golden hour',
      ]);
    }
    // Restoring brings back the new name.
    restoreAsset(alice.ctx, { asset_id: a });
    const offline2 = goOffline(cluster);
    mergeEveryOrder(cluster, offline2);
    for (const peer of cluster.peers) {
      expect(searchLibrary(peer.index, {}).results.map((r) => r.name)).toEqual(['Golden hour']);
    }
  });

  it('keeps trashed_at and trashed_by one consistent pair when one peer restores and another re-trashes', () => {
    const { alice, bob, carol, a } = team();
    trashAsset(alice.ctx, { asset_id: a });
    const offline = goOffline(cluster);
    restoreAsset(bob.ctx, { asset_id: a });
    updateAsset(bob.ctx, { asset_id: a, name: 'Back' });
    restoreAsset(carol.ctx, { asset_id: a });
    cluster.clock.tick();
    trashAsset(carol.ctx, { asset_id: a });
    mergeEveryOrder(cluster, offline);
    // trashed_at and trashed_by are written together, so they stay a consistent pair.
    const asset = details(alice, a);
    expect([
      [null, null],
      [asset.trashed_at, 'carol'],
    ]).toContainEqual([asset.trashed_at, asset.trashed_by]);
    expect(asset.name).toBe('Back');
  });
});

describe('concurrent tag edits', () => {
  it('lands every add and remove of different tags', () => {
    const { alice, bob, carol, a } = team();
    const offline = goOffline(cluster);
    updateAsset(alice.ctx, { asset_id: a, tags: ['sea', 'morning', 'calm', 'sunset'] });
    updateAsset(bob.ctx, { asset_id: a, tags: 'sea,calm,mountain' });
    updateAsset(carol.ctx, { asset_id: a, tags: ['morning', 'calm', 'gold'] });
    mergeEveryOrder(cluster, offline);
    for (const peer of cluster.peers) {
      expect(details(peer, a).tags).toEqual(['calm', 'gold', 'mountain', 'sunset']);
    }
  });

  it('adds a tag two peers added once, and removes a tag one peer removed', () => {
    const { alice, bob, a } = team();
    const offline = goOffline(cluster);
    updateAsset(alice.ctx, { asset_id: a, tags: ['sea', 'morning', 'calm', 'new'] });
    updateAsset(bob.ctx, { asset_id: a, tags: ['sea', 'morning', 'new'] });
    mergeEveryOrder(cluster, offline);
    expect(details(alice, a).tags).toEqual(['morning', 'new', 'sea']);
    const filters = searchLibrary(alice.index, { tags: ['new'] });
    expect(filters.total).toBe(1);
  });

  it('keeps a tag re-added after a removal when another peer removes it', () => {
    const { alice, bob, a } = team();
    const offline = goOffline(cluster);
    // Alice removes and re-adds "calm" (her last word: it is there); Bob removes it once.
    updateAsset(alice.ctx, { asset_id: a, tags: ['sea', 'morning'] });
    updateAsset(alice.ctx, { asset_id: a, tags: ['sea', 'morning', 'calm'] });
    updateAsset(bob.ctx, { asset_id: a, tags: ['sea', 'morning'] });
    mergeEveryOrder(cluster, offline);
    for (const peer of cluster.peers) {
      expect(details(peer, a).tags).toEqual(['calm', 'morning', 'sea']);
    }
  });
});

describe('concurrent views', () => {
  it('counts every view of different people exactly (per-writer counter)', () => {
    const { alice, bob, carol, a } = team();
    recordView(alice.ctx, { asset_id: a });
    const offline = goOffline(cluster);
    for (let i = 0; i < 3; i++) recordView(alice.ctx, { asset_id: a });
    for (let i = 0; i < 2; i++) recordView(bob.ctx, { asset_id: a });
    for (let i = 0; i < 4; i++) recordView(carol.ctx, { asset_id: a });
    mergeEveryOrder(cluster, offline);
    for (const peer of cluster.peers) expect(details(peer, a).metadata.view_count).toBe(10);
  });

  it('counts the views one person makes offline on two devices', () => {
    cluster = new Cluster();
    const laptop = cluster.peer('laptop', 'alice', 'editor');
    const phone = cluster.peer('phone', 'alice', 'editor');
    const a = createAsset(laptop.ctx, { name: 'clip' }).asset_id;
    const offline = goOffline(cluster);
    recordView(laptop.ctx, { asset_id: a });
    recordView(laptop.ctx, { asset_id: a });
    recordView(phone.ctx, { asset_id: a });
    mergeEveryOrder(cluster, offline);
    for (const peer of cluster.peers) expect(details(peer, a).metadata.view_count).toBe(3);
  });
});

describe('concurrent constellation drags', () => {
  it('puts a star dragged on two peers at one of the two positions, never a mix', () => {
    const { alice, bob, a } = team();
    updateConstellationPosition(alice.ctx, { asset_id: a, x: 0, y: 0 });
    const offline = goOffline(cluster);
    updateConstellationPosition(alice.ctx, { asset_id: a, x: 100, y: 0 });
    updateConstellationPosition(bob.ctx, { asset_id: a, x: 0, y: -50 });
    mergeEveryOrder(cluster, offline);
    const star = constellationMap(alice.index).nodes.find((node) => node.id === a)!;
    expect([
      [100, 0],
      [0, -50],
    ]).toContainEqual([star.x, star.y]);
  });

  it('keeps a star either pinned where it was dragged or unpinned, never half of each', () => {
    const { alice, bob, a } = team();
    updateConstellationPosition(alice.ctx, { asset_id: a, x: 10, y: 20, cluster: 'sea' });
    const offline = goOffline(cluster);
    updateConstellationPosition(alice.ctx, { asset_id: a, x: null, y: null });
    updateConstellationPosition(bob.ctx, { asset_id: a, x: 10, y: 30 });
    mergeEveryOrder(cluster, offline);
    const meta = details(alice, a).metadata;
    expect([
      [null, null],
      [10, 30],
    ]).toContainEqual([meta.constellation_x, meta.constellation_y]);
    expect(meta.constellation_cluster).toBe('sea');
  });
});
