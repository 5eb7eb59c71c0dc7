/** Records another peer wrote in a bad shape are refused or skipped by operations, never a crash. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addToCollection,
  createAsset,
  createCollection,
  reorderCollection,
  updateAsset,
} from '../../../src/lib/library/ops/index';
import { assetsOf, collectionsOf } from '../../../src/lib/library/schema';
import { TestTeam, collectionIn, expectRefused, orderOf } from '../helpers/library';

describe('malformed records', () => {
  it('treats an asset whose tags are a plain object as not found', () => {
    const team = new TestTeam();
    const alice = team.ctx('alice', 'editor');
    const { asset_id: id } = createAsset(alice, { name: 'A', tags: ['x'] });
    (assetsOf(team.teamDoc).get(id) as Y.Map<unknown>).set('tags', { x: true });
    expectRefused(
      team.docs(),
      () => updateAsset(alice, { asset_id: id, tags: ['y'] }),
      'NOT_FOUND',
      'asset_id',
    );
  });

  it('skips a plain-object item and keeps curating the rest', () => {
    const team = new TestTeam();
    const alice = team.ctx('alice', 'editor');
    const [a, b] = [createAsset(alice, { name: 'A' }), createAsset(alice, { name: 'B' })].map(
      (r) => r.asset_id,
    ) as [string, string];
    const { collection_id: id } = createCollection(alice, { name: 'C' });
    addToCollection(alice, { collection_id: id, asset_id: a });
    addToCollection(alice, { collection_id: id, asset_id: b });
    const items = (collectionsOf(team.teamDoc).get(id) as Y.Map<unknown>).get(
      'items',
    ) as Y.Map<unknown>;
    items.set('rogue', {
      order_key: 'a0',
      notes: '',
      added_at: '2026-01-01T00:00:00Z',
      added_by: 'x',
    });
    expect(collectionIn(team.teamDoc, id).skipped).toEqual([
      expect.objectContaining({ asset_id: 'rogue', message: 'not a Y.Map' }),
    ]);
    reorderCollection(alice, { collection_id: id, asset_ids: [b, a] });
    expect(orderOf(team.teamDoc, id)).toEqual([b, a]);
  });

  it('adds to a collection a peer wrote without an items map', () => {
    const team = new TestTeam();
    const alice = team.ctx('alice', 'editor');
    const { asset_id: a } = createAsset(alice, { name: 'A' });
    const { collection_id: id } = createCollection(alice, { name: 'C' });
    (collectionsOf(team.teamDoc).get(id) as Y.Map<unknown>).delete('items');
    addToCollection(alice, { collection_id: id, asset_id: a });
    expect(orderOf(team.teamDoc, id)).toEqual([a]);
  });
});
