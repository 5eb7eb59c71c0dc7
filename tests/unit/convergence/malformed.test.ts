/**
 * A buggy or hostile peer writes records the schema does not allow, concurrently with honest
 * edits. Every peer must report each malformed record, skip it, keep answering every query, and
 * keep operating on the good records around it.
 */
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addToCollection,
  createAsset,
  createCollection,
  moveCollectionItem,
  recordView,
  removeFromCollection,
  reorderCollection,
  updateAsset,
  updateCollection,
  updateCollectionItem,
  linkLineage,
  trashAsset,
  duplicateAsset,
  updateConstellationPosition,
} from '../../../src/lib/library/ops/index';
import { LibraryError } from '../../../src/lib/library/errors';
import {
  assetsOf,
  collectionsOf,
  lineageOf,
  sharesOf,
  tombstonesOf,
} from '../../../src/lib/library/schema';
import { teamRoom } from '../../../src/lib/library/rooms';
import { collectionWithVideos } from '../../../src/lib/library/queries/index';
import { Cluster } from '../helpers/peers';
import { goOffline, mergeEveryOrder } from '../helpers/merge-orders';

let cluster: Cluster;
afterEach(() => cluster?.destroy());

const TEAM = teamRoom('team1');

function team() {
  cluster = new Cluster();
  const alice = cluster.peer('alice', 'alice', 'editor');
  const bob = cluster.peer('bob', 'bob', 'editor');
  const mallory = cluster.peer('mallory', 'mallory', 'editor');
  const v = ['v0', 'v1', 'v2', 'v3'].map((name) => createAsset(alice.ctx, { name }).asset_id);
  const { collection_id: c } = createCollection(alice.ctx, { name: 'Reel' });
  for (const id of v) addToCollection(alice.ctx, { collection_id: c, asset_id: id });
  return { alice, bob, mallory, v, c };
}

const problemIds = (peer: { index: { problems: { map: string; id: string }[] } }) =>
  [...new Set(peer.index.problems.map((p) => `${p.map}/${p.id}`))].sort();

describe('malformed records from another peer', () => {
  it('reports each one on every peer and keeps every query answering', () => {
    const { alice, bob, mallory, v, c } = team();
    const offline = goOffline(cluster);
    const doc = mallory.doc(TEAM);
    doc.transact(() => {
      const broken = new Y.Map<unknown>();
      broken.set('id', 'bad1');
      broken.set('name', 42);
      assetsOf(doc).set('bad1', broken);
      assetsOf(doc).set('text', 'not a record');
      const copy = (assetsOf(doc).get(v[0]!) as Y.Map<unknown>).clone();
      copy.set('id', 'someone-else');
      assetsOf(doc).set('mismatch', copy);
      const loop = new Y.Map<unknown>();
      for (const [key, value] of Object.entries({
        id: 'loop',
        parent_id: v[1],
        child_id: v[1],
        evolution_type: 'remix',
        evolution_params: {},
        original_prompt: '',
        evolved_prompt: '',
        prompt_delta: '',
        created_by: 'mallory',
        branch_name: 'main',
        is_merge: false,
        created_at: '2026-01-01T10:00:00.000Z',
      })) {
        loop.set(key, value);
      }
      lineageOf(doc).set('loop', loop);
      const badEdge = loop.clone();
      badEdge.set('id', 'weird');
      badEdge.set('child_id', v[2]!);
      badEdge.set('evolution_type', 'teleport');
      lineageOf(doc).set('weird', badEdge);
      sharesOf(doc).set('share1', new Y.Map());
      const items = (collectionsOf(doc).get(c) as Y.Map<unknown>).get('items') as Y.Map<unknown>;
      const item = new Y.Map<unknown>();
      item.set('order_key', '');
      items.set(v[3]!, item);
      items.set('not an id!', new Y.Map());
      // A tombstone of an unknown kind hides nothing: v0 stays.
      const stone = new Y.Map<unknown>();
      for (const [key, value] of Object.entries({
        id: v[0],
        kind: 'planet',
        purged_at: '2026-01-01T10:00:00.000Z',
        purged_by: 'mallory',
      })) {
        stone.set(key, value);
      }
      tombstonesOf(doc).set(v[0]!, stone);
    });
    updateAsset(alice.ctx, { asset_id: v[1]!, name: 'v1 renamed' });
    moveCollectionItem(bob.ctx, { collection_id: c, asset_id: v[0]!, after_id: v[2]! });
    mergeEveryOrder(cluster, offline);

    for (const peer of cluster.peers) {
      expect(problemIds(peer)).toEqual(
        [
          'assets/bad1',
          'assets/text',
          'assets/mismatch',
          'lineage/loop',
          'lineage/weird',
          'shares/share1',
          `collections/${c}`,
          `tombstones/${v[0]}`,
        ].sort(),
      );
      // The collection shows its good items; the broken item of v3 is skipped, not a crash.
      expect(collectionWithVideos(peer.index, c).videos.map((video) => video.asset_id)).toEqual([
        v[1],
        v[2],
        v[0],
      ]);
    }

    // Repairing the records clears the reports everywhere.
    const offline2 = goOffline(cluster);
    doc.transact(() => {
      for (const id of ['bad1', 'text', 'mismatch']) assetsOf(doc).delete(id);
      for (const id of ['loop', 'weird']) lineageOf(doc).delete(id);
      sharesOf(doc).delete('share1');
      const items = (collectionsOf(doc).get(c) as Y.Map<unknown>).get('items') as Y.Map<unknown>;
      items.delete('not an id!');
      items.delete(v[3]!);
      tombstonesOf(doc).delete(v[0]!);
    });
    mergeEveryOrder(cluster, offline2);
    for (const peer of cluster.peers) expect(peer.index.problems).toEqual([]);
  });

  it('keeps a total order and moves landing where asked around keys that are not fractional keys', () => {
    const { alice, bob, mallory, v, c } = team();
    const offline = goOffline(cluster);
    const items = (collectionsOf(mallory.doc(TEAM)).get(c) as Y.Map<unknown>).get('items') as Y.Map<
      Y.Map<unknown>
    >;
    mallory.doc(TEAM).transact(() => {
      items.get(v[1]!)!.set('order_key', 'b');
      items.get(v[2]!)!.set('order_key', 'zz~');
    });
    moveCollectionItem(alice.ctx, { collection_id: c, asset_id: v[3]!, before_id: v[0]! });
    mergeEveryOrder(cluster, offline, { allowInvalidKeys: true });
    const order = () =>
      collectionWithVideos(alice.index, c).videos.map((video) => v.indexOf(video.asset_id));
    // The bad keys still sort as strings: a total order every peer shares.
    expect(order()).toEqual([3, 0, 1, 2]);

    // Honest peers keep curating around the bad keys, and a drop lands where it was asked for.
    const offline2 = goOffline(cluster);
    moveCollectionItem(alice.ctx, { collection_id: c, asset_id: v[0]!, after_id: v[1]! });
    expect(order()).toEqual([3, 1, 0, 2]);
    moveCollectionItem(bob.ctx, { collection_id: c, asset_id: v[2]!, before_id: v[3]! });
    mergeEveryOrder(cluster, offline2, { allowInvalidKeys: true });
    expect(order()).toEqual([2, 3, 1, 0]);

    // A whole-list reorder rewrites every bad key it meets.
    const offline3 = goOffline(cluster);
    reorderCollection(bob.ctx, { collection_id: c, asset_ids: [v[3]!, v[2]!, v[1]!, v[0]!] });
    mergeEveryOrder(cluster, offline3);
    expect(order()).toEqual([3, 2, 1, 0]);
  });

  it('refuses cleanly, never crashes, when nested maps were written as plain JSON', () => {
    const { alice, mallory, v, c } = team();
    const offline = goOffline(cluster);
    const doc = mallory.doc(TEAM);
    doc.transact(() => {
      // Same JSON, wrong shape: tags, metadata, views and items as plain objects.
      const asset = assetsOf(doc).get(v[0]!) as Y.Map<unknown>;
      asset.set('tags', (asset.get('tags') as Y.Map<unknown>).toJSON());
      const other = assetsOf(doc).get(v[1]!) as Y.Map<unknown>;
      other.set('metadata', (other.get('metadata') as Y.Map<unknown>).toJSON());
      const third = assetsOf(doc).get(v[2]!) as Y.Map<unknown>;
      (third.get('metadata') as Y.Map<unknown>).set('views', {});
      const collection = collectionsOf(doc).get(c) as Y.Map<unknown>;
      collection.set('items', (collection.get('items') as Y.Map<unknown>).toJSON());
      collection.set('tags', {});
    });
    mergeEveryOrder(cluster, offline);

    const crashes: string[] = [];
    const attempt = (what: string, fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        if (!(error instanceof LibraryError)) crashes.push(`${what}: ${String(error)}`);
      }
    };
    const ctx = alice.ctx;
    attempt('tag an asset with plain-JSON tags', () =>
      updateAsset(ctx, { asset_id: v[0]!, tags: ['new'] }),
    );
    attempt('set the mood of an asset with plain-JSON metadata', () =>
      updateAsset(ctx, { asset_id: v[1]!, mood: 'calm' }),
    );
    attempt('record a view with plain-JSON metadata', () => recordView(ctx, { asset_id: v[1]! }));
    attempt('record a view with plain-JSON views', () => recordView(ctx, { asset_id: v[2]! }));
    attempt('pin a star with plain-JSON metadata', () =>
      updateConstellationPosition(ctx, { asset_id: v[1]!, x: 1, y: 2 }),
    );
    attempt('link to an asset with plain-JSON metadata', () =>
      linkLineage(ctx, { parent_id: v[3]!, child_id: v[1]! }),
    );
    attempt('duplicate an asset with plain-JSON tags', () =>
      duplicateAsset(ctx, { asset_id: v[0]! }),
    );
    attempt('trash an asset with plain-JSON metadata', () => trashAsset(ctx, { asset_id: v[1]! }));
    attempt('tag a collection with plain-JSON tags', () =>
      updateCollection(ctx, { collection_id: c, tags: ['x'] }),
    );
    const fresh = createAsset(ctx, { name: 'fresh' }).asset_id;
    attempt('add to a collection with plain-JSON items', () =>
      addToCollection(ctx, { collection_id: c, asset_id: fresh }),
    );
    attempt('move in a collection with plain-JSON items', () =>
      moveCollectionItem(ctx, { collection_id: c, asset_id: v[0]!, after_id: v[3]! }),
    );
    attempt('reorder a collection with plain-JSON items', () =>
      reorderCollection(ctx, { collection_id: c, asset_ids: [...v].reverse() }),
    );
    attempt('edit notes in a collection with plain-JSON items', () =>
      updateCollectionItem(ctx, { collection_id: c, asset_id: v[0]!, notes: 'n' }),
    );
    attempt('remove from a collection with plain-JSON items', () =>
      removeFromCollection(ctx, { collection_id: c, asset_id: v[0]! }),
    );
    expect(crashes).toEqual([]);
  });
});
