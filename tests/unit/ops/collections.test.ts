import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addToCollection,
  createAsset,
  createCollection,
  deleteCollection,
  purgeCollection,
  restoreCollection,
  moveCollectionItem,
  removeFromCollection,
  reorderCollection,
  trashAsset,
  updateCollection,
  updateCollectionItem,
} from '../../../src/lib/library/ops/index';
import { collectionsOf } from '../../../src/lib/library/schema';
import { LibraryOrigin, type LibraryContext } from '../../../src/lib/library/context';
import {
  TestTeam,
  collectionIn,
  expectOneTransaction,
  expectRefused,
  orderOf,
  recordTransactions,
} from '../helpers/library';

function setup() {
  const team = new TestTeam();
  const alice = team.ctx('alice', 'editor');
  const bob = team.ctx('bob', 'editor');
  const viewer = team.ctx('vera', 'viewer');
  const admin = team.ctx('ada', 'owner');
  return { team, alice, bob, viewer, admin };
}

function assets(ctx: LibraryContext, n: number): string[] {
  return Array.from({ length: n }, (_, i) => createAsset(ctx, { name: `v${i}` }).asset_id);
}

/** A collection holding `n` fresh assets, in creation order. */
function filled(ctx: LibraryContext, n: number) {
  const ids = assets(ctx, n);
  const { collection_id: id } = createCollection(ctx, { name: 'C' });
  for (const asset of ids) addToCollection(ctx, { collection_id: id, asset_id: asset });
  return { id, ids };
}

describe('createCollection', () => {
  it('creates with the spec’s response fields', () => {
    const { team, alice } = setup();
    const response = expectOneTransaction(team.docs(), 'createCollection', 'alice', () =>
      createCollection(alice, {
        team_id: 'team1',
        creator_id: 'alice',
        name: 'Epic Quest Campaign',
        description: 'Marketing videos',
        collection_type: 'campaign',
        tags: 'gaming,action,fantasy',
        category: 'marketing',
        share_level: 'team',
      }),
    );
    expect(response).toEqual({
      collection_id: response.collection_id,
      name: 'Epic Quest Campaign',
      type: 'campaign',
      created_at: '2026-01-01T10:00:00.000Z',
    });
    expect(collectionIn(team.teamDoc, response.collection_id)).toMatchObject({
      creator_id: 'alice',
      tags: ['action', 'fantasy', 'gaming'],
      category: 'marketing',
      items: [],
      is_public: false,
    });
  });

  it('defaults the name and keeps private collections in the private room', () => {
    const { team, alice } = setup();
    const { collection_id: id, name } = createCollection(alice, { share_level: 'private' });
    expect(name).toBe('Untitled Collection');
    expect(collectionsOf(team.teamDoc).has(id)).toBe(false);
    expect(collectionIn(team.privateDoc('alice'), id).share_level).toBe('private');
  });

  it('refuses bad input and viewers', () => {
    const { team, alice, viewer } = setup();
    const docs = team.docs();
    expectRefused(
      docs,
      () => createCollection(alice, { collection_type: 'album' as never }),
      'INVALID',
      'collection_type',
    );
    expectRefused(docs, () => createCollection(alice, { name: ' ' }), 'INVALID', 'name');
    expectRefused(docs, () => createCollection(viewer, { name: 'x' }), 'FORBIDDEN');
    expectRefused(
      docs,
      () => createCollection(alice, { creator_id: 'bob' }),
      'FORBIDDEN',
      'creator_id',
    );
  });
});

describe('updateCollection and deleteCollection', () => {
  it('patches changed fields only and moves between rooms on a share-level change', () => {
    const { team, alice } = setup();
    const { id, ids } = filled(alice, 2);
    const result = expectOneTransaction(team.docs(), 'updateCollection', 'alice', () =>
      updateCollection(alice, { collection_id: id, name: 'C', description: 'd', tags: ['a'] }),
    );
    expect(result.changed.sort()).toEqual(['description', 'tags']);
    const { origins } = recordTransactions(team.docs(), () =>
      updateCollection(alice, { collection_id: id, share_level: 'private' }),
    );
    expect(origins).toHaveLength(2);
    expect(collectionsOf(team.teamDoc).has(id)).toBe(false);
    const moved = collectionIn(team.privateDoc('alice'), id);
    expect(moved).toMatchObject({ share_level: 'private', description: 'd', tags: ['a'] });
    expect(moved.items.map((item) => item.asset_id)).toEqual(ids);
  });

  it('refuses unknown ids, viewers, and share-level changes by non-creators', () => {
    const { team, alice, bob, viewer, admin } = setup();
    const { collection_id: id } = createCollection(alice, { name: 'C' });
    const docs = team.docs();
    expectRefused(docs, () => updateCollection(alice, { collection_id: 'no' }), 'NOT_FOUND');
    expectRefused(
      docs,
      () => updateCollection(viewer, { collection_id: id, name: 'x' }),
      'FORBIDDEN',
    );
    expectRefused(
      docs,
      () => updateCollection(bob, { collection_id: id, share_level: 'public' }),
      'FORBIDDEN',
      'share_level',
    );
    updateCollection(bob, { collection_id: id, name: 'renamed' });
    updateCollection(admin, { collection_id: id, share_level: 'public' });
    expect(collectionIn(team.teamDoc, id)).toMatchObject({ name: 'renamed', is_public: true });
  });

  it('trashes, restores and purges by the creator or an admin only', () => {
    const { team, alice, bob, admin } = setup();
    const { collection_id: id } = createCollection(alice, { name: 'C' });
    const docs = team.docs();
    expectRefused(docs, () => deleteCollection(bob, { collection_id: id }), 'FORBIDDEN');
    expectRefused(docs, () => deleteCollection(bob, { collection_id: 'x' }), 'NOT_FOUND');
    expectRefused(docs, () => restoreCollection(admin, { collection_id: id }), 'CONFLICT');
    expectRefused(docs, () => purgeCollection(admin, { collection_id: id }), 'CONFLICT');
    expectOneTransaction(docs, 'deleteCollection', 'ada', () =>
      deleteCollection(admin, { collection_id: id }),
    );
    // Deleting is a trash: the record stays, restorable, and is edited only after a restore.
    expect(collectionIn(team.teamDoc, id)).toMatchObject({ name: 'C', trashed_by: 'ada' });
    expectRefused(
      docs,
      () => updateCollection(alice, { collection_id: id, name: 'x' }),
      'NOT_FOUND',
    );
    expectRefused(docs, () => deleteCollection(alice, { collection_id: id }), 'NOT_FOUND');
    expectOneTransaction(docs, 'restoreCollection', 'alice', () =>
      restoreCollection(alice, { collection_id: id }),
    );
    expect(collectionIn(team.teamDoc, id)).toMatchObject({ trashed_at: null, trashed_by: null });
    deleteCollection(alice, { collection_id: id });
    expectRefused(docs, () => purgeCollection(bob, { collection_id: id }), 'FORBIDDEN');
    expectOneTransaction(docs, 'purgeCollection', 'alice', () =>
      purgeCollection(alice, { collection_id: id }),
    );
    expect(collectionsOf(team.teamDoc).has(id)).toBe(false);
  });
});

describe('addToCollection and removeFromCollection', () => {
  it('adds at the end by default and at order_index when given', () => {
    const { team, alice } = setup();
    const [a, b, c, d] = assets(alice, 4) as [string, string, string, string];
    const { collection_id: id } = createCollection(alice, { name: 'C' });
    expectOneTransaction(team.docs(), 'addToCollection', 'alice', () =>
      addToCollection(alice, {
        collection_id: id,
        asset_id: a,
        notes: 'opening',
        added_by: 'alice',
      }),
    );
    addToCollection(alice, { collection_id: id, asset_id: b });
    addToCollection(alice, { collection_id: id, asset_id: c, order_index: 0 });
    addToCollection(alice, { collection_id: id, asset_id: d, order_index: 2 });
    expect(orderOf(team.teamDoc, id)).toEqual([c, a, d, b]);
    const item = collectionIn(team.teamDoc, id).items.find((i) => i.asset_id === a);
    expect(item).toMatchObject({ notes: 'opening', added_by: 'alice' });
  });

  it('refuses a duplicate add, unknown or trashed assets, bad input and viewers', () => {
    const { team, alice, viewer } = setup();
    const [a, b] = assets(alice, 2) as [string, string];
    const { collection_id: id } = createCollection(alice, { name: 'C' });
    addToCollection(alice, { collection_id: id, asset_id: a });
    const docs = team.docs();
    expectRefused(
      docs,
      () => addToCollection(alice, { collection_id: id, asset_id: a }),
      'CONFLICT',
      'asset_id',
    );
    expectRefused(
      docs,
      () => addToCollection(alice, { collection_id: id, asset_id: 'zz' }),
      'NOT_FOUND',
      'asset_id',
    );
    expectRefused(
      docs,
      () => addToCollection(alice, { collection_id: 'zz', asset_id: b }),
      'NOT_FOUND',
      'collection_id',
    );
    expectRefused(
      docs,
      () => addToCollection(alice, { collection_id: id, asset_id: b, order_index: -1 }),
      'INVALID',
      'order_index',
    );
    expectRefused(
      docs,
      () => addToCollection(viewer, { collection_id: id, asset_id: b }),
      'FORBIDDEN',
    );
    expectRefused(
      docs,
      () => addToCollection(alice, { collection_id: id, asset_id: b, added_by: 'bob' }),
      'FORBIDDEN',
      'added_by',
    );
    trashAsset(alice, { asset_id: b });
    expectRefused(
      team.docs(),
      () => addToCollection(alice, { collection_id: id, asset_id: b }),
      'NOT_FOUND',
      'asset_id',
    );
  });

  it('keeps an asset once when two peers add it offline', () => {
    const { team, alice } = setup();
    const [a] = assets(alice, 1) as [string];
    const { collection_id: id } = createCollection(alice, { name: 'C' });
    const other = new TestTeam();
    Y.applyUpdate(other.teamDoc, Y.encodeStateAsUpdate(team.teamDoc));
    addToCollection(alice, { collection_id: id, asset_id: a });
    addToCollection(other.ctx('bob', 'editor'), { collection_id: id, asset_id: a });
    Y.applyUpdate(team.teamDoc, Y.encodeStateAsUpdate(other.teamDoc));
    expect(orderOf(team.teamDoc, id)).toEqual([a]);
  });

  it('removes, refusing items not in the collection', () => {
    const { team, alice, viewer } = setup();
    const { id, ids } = filled(alice, 2);
    expectRefused(
      team.docs(),
      () => removeFromCollection(viewer, { collection_id: id, asset_id: ids[0]! }),
      'FORBIDDEN',
    );
    expectOneTransaction(team.docs(), 'removeFromCollection', 'alice', () =>
      removeFromCollection(alice, { collection_id: id, asset_id: ids[0]! }),
    );
    expect(orderOf(team.teamDoc, id)).toEqual([ids[1]]);
    expectRefused(
      team.docs(),
      () => removeFromCollection(alice, { collection_id: id, asset_id: ids[0]! }),
      'NOT_FOUND',
      'asset_id',
    );
  });
});

describe('reorderCollection', () => {
  it('applies the order and rewrites only the keys that must change', () => {
    const { team, alice } = setup();
    const { id, ids } = filled(alice, 6);
    const [a, b, c, d, e, f] = ids as [string, string, string, string, string, string];
    const result = expectOneTransaction(team.docs(), 'reorderCollection', 'alice', () =>
      reorderCollection(alice, { collection_id: id, asset_ids: [f, a, b, c, d, e] }),
    );
    expect(result.rewritten).toBe(1);
    expect(orderOf(team.teamDoc, id)).toEqual([f, a, b, c, d, e]);
    const full = reorderCollection(alice, { collection_id: id, asset_ids: [e, d, c, b, a, f] });
    expect(full.rewritten).toBe(5);
    expect(orderOf(team.teamDoc, id)).toEqual([e, d, c, b, a, f]);
  });

  it('makes no transaction when the order already holds', () => {
    const { team, alice } = setup();
    const { id, ids } = filled(alice, 3);
    const { origins } = recordTransactions(team.docs(), () =>
      reorderCollection(alice, { collection_id: id, asset_ids: ids }),
    );
    expect(origins).toHaveLength(0);
  });

  it('keeps both of two concurrent reorders of different items', () => {
    const { team, alice } = setup();
    const { id, ids } = filled(alice, 6);
    const [a, b, c, d, e, f] = ids as [string, string, string, string, string, string];
    const other = new TestTeam();
    Y.applyUpdate(other.teamDoc, Y.encodeStateAsUpdate(team.teamDoc));
    // Alice moves a to the end; Bob swaps d and e.
    reorderCollection(alice, { collection_id: id, asset_ids: [b, c, d, e, f, a] });
    reorderCollection(other.ctx('bob', 'editor'), {
      collection_id: id,
      asset_ids: [a, b, c, e, d, f],
    });
    Y.applyUpdate(team.teamDoc, Y.encodeStateAsUpdate(other.teamDoc));
    Y.applyUpdate(other.teamDoc, Y.encodeStateAsUpdate(team.teamDoc));
    expect(orderOf(team.teamDoc, id)).toEqual([b, c, e, d, f, a]);
    expect(Y.encodeStateAsUpdate(team.teamDoc)).toEqual(Y.encodeStateAsUpdate(other.teamDoc));
  });

  it('refuses anything but a permutation of the current items', () => {
    const { team, alice, viewer } = setup();
    const { id, ids } = filled(alice, 3);
    const [a, b, c] = ids as [string, string, string];
    const docs = team.docs();
    const reorder =
      (order: string[], ctx = alice) =>
      () =>
        reorderCollection(ctx, { collection_id: id, asset_ids: order });
    expectRefused(docs, reorder([a, b]), 'INVALID', 'asset_ids');
    expectRefused(docs, reorder([a, b, b]), 'INVALID', 'asset_ids.2');
    expectRefused(docs, reorder([a, b, c, 'other']), 'INVALID', 'asset_ids.3');
    expectRefused(docs, reorder([a, 'x/y', c]), 'INVALID', 'asset_ids.1');
    expectRefused(docs, reorder([c, b, a], viewer), 'FORBIDDEN');
    expectRefused(
      docs,
      () => reorderCollection(alice, { collection_id: 'nope', asset_ids: [] }),
      'NOT_FOUND',
      'collection_id',
    );
  });
});

describe('moveCollectionItem and updateCollectionItem', () => {
  it('moves one item before or after another with one key rewrite', () => {
    const { team, alice } = setup();
    const { id, ids } = filled(alice, 4);
    const [a, b, c, d] = ids as [string, string, string, string];
    const keysBefore = collectionIn(team.teamDoc, id).items.map((item) => item.order_key);
    expectOneTransaction(team.docs(), 'moveCollectionItem', 'alice', () =>
      moveCollectionItem(alice, { collection_id: id, asset_id: d, before_id: b }),
    );
    expect(orderOf(team.teamDoc, id)).toEqual([a, d, b, c]);
    const keysAfter = new Map(
      collectionIn(team.teamDoc, id).items.map((item) => [item.asset_id, item.order_key]),
    );
    expect([a, b, c].map((x) => keysAfter.get(x))).toEqual(keysBefore.slice(0, 3));
    moveCollectionItem(alice, { collection_id: id, asset_id: a, after_id: c });
    expect(orderOf(team.teamDoc, id)).toEqual([d, b, c, a]);
  });

  it('refuses bad anchors', () => {
    const { team, alice, viewer } = setup();
    const { id, ids } = filled(alice, 2);
    const [a, b] = ids as [string, string];
    const docs = team.docs();
    expectRefused(
      docs,
      () => moveCollectionItem(alice, { collection_id: id, asset_id: a }),
      'INVALID',
      'before_id',
    );
    expectRefused(
      docs,
      () =>
        moveCollectionItem(alice, { collection_id: id, asset_id: a, before_id: b, after_id: b }),
      'INVALID',
      'before_id',
    );
    expectRefused(
      docs,
      () => moveCollectionItem(alice, { collection_id: id, asset_id: a, after_id: 'x' }),
      'NOT_FOUND',
      'after_id',
    );
    expectRefused(
      docs,
      () => moveCollectionItem(alice, { collection_id: id, asset_id: 'x', after_id: b }),
      'NOT_FOUND',
      'asset_id',
    );
    expectRefused(
      docs,
      () => moveCollectionItem(alice, { collection_id: id, asset_id: a, after_id: a }),
      'INVALID',
      'after_id',
    );
    expectRefused(
      docs,
      () => moveCollectionItem(viewer, { collection_id: id, asset_id: a, after_id: b }),
      'FORBIDDEN',
    );
  });

  it('edits an item’s notes', () => {
    const { team, alice, viewer } = setup();
    const { id, ids } = filled(alice, 1);
    expectOneTransaction(team.docs(), 'updateCollectionItem', 'alice', () =>
      updateCollectionItem(alice, { collection_id: id, asset_id: ids[0]!, notes: 'why' }),
    );
    expect(collectionIn(team.teamDoc, id).items[0]!.notes).toBe('why');
    const docs = team.docs();
    expectRefused(
      docs,
      () => updateCollectionItem(alice, { collection_id: id, asset_id: 'x', notes: '' }),
      'NOT_FOUND',
      'asset_id',
    );
    expectRefused(
      docs,
      () =>
        updateCollectionItem(alice, { collection_id: id, asset_id: ids[0]!, notes: 5 as never }),
      'INVALID',
      'notes',
    );
    expectRefused(
      docs,
      () => updateCollectionItem(viewer, { collection_id: id, asset_id: ids[0]!, notes: 'x' }),
      'FORBIDDEN',
    );
  });
});

describe('order ties and undo', () => {
  it('orders two concurrent appends by asset id and can still put either first', () => {
    const { team, alice } = setup();
    const [a, b, c] = assets(alice, 3) as [string, string, string];
    const { collection_id: id } = createCollection(alice, { name: 'C' });
    addToCollection(alice, { collection_id: id, asset_id: a });
    const other = new TestTeam();
    Y.applyUpdate(other.teamDoc, Y.encodeStateAsUpdate(team.teamDoc));
    addToCollection(alice, { collection_id: id, asset_id: b });
    addToCollection(other.ctx('bob', 'editor'), { collection_id: id, asset_id: c });
    Y.applyUpdate(team.teamDoc, Y.encodeStateAsUpdate(other.teamDoc));
    const [, k1, k2] = collectionIn(team.teamDoc, id).items.map((item) => item.order_key);
    expect(k1).toBe(k2);
    const tied = [b, c].sort();
    expect(orderOf(team.teamDoc, id)).toEqual([a, ...tied]);
    reorderCollection(alice, { collection_id: id, asset_ids: [a, tied[1]!, tied[0]!] });
    expect(orderOf(team.teamDoc, id)).toEqual([a, tied[1], tied[0]]);
    reorderCollection(alice, { collection_id: id, asset_ids: [tied[0]!, a, tied[1]!] });
    expect(orderOf(team.teamDoc, id)).toEqual([tied[0], a, tied[1]]);
  });

  it('undoes one operation at a time with Y.UndoManager tracking LibraryOrigin', () => {
    const { team, alice } = setup();
    const [a, b] = assets(alice, 2) as [string, string];
    const { collection_id: id } = createCollection(alice, { name: 'C' });
    const undo = new Y.UndoManager(collectionsOf(team.teamDoc), {
      trackedOrigins: new Set([LibraryOrigin]),
      captureTimeout: 0,
    });
    addToCollection(alice, { collection_id: id, asset_id: a });
    addToCollection(alice, { collection_id: id, asset_id: b });
    undo.undo();
    expect(orderOf(team.teamDoc, id)).toEqual([a]);
    undo.redo();
    expect(orderOf(team.teamDoc, id)).toEqual([a, b]);
  });
});
