/**
 * Every operation, table-driven: bad input is INVALID naming the field, an unknown id is
 * NOT_FOUND naming the field, a viewer is FORBIDDEN, and each refusal leaves every doc unchanged.
 */
import { describe, it } from 'vitest';
import * as ops from '../../../src/lib/library/ops/index';
import type { LibraryContext } from '../../../src/lib/library/context';
import type { ErrorCode } from '../../../src/lib/library/errors';
import { TestTeam, expectRefused } from '../helpers/library';

interface World {
  asset: string;
  other: string;
  collection: string;
  share: string;
}

type Case = [name: string, run: (ctx: LibraryContext, w: World) => unknown, path: string];

const call =
  <I>(op: (ctx: LibraryContext, input: I) => unknown, input: (w: World) => object) =>
  (ctx: LibraryContext, w: World) =>
    op(ctx, input(w) as I);

const invalidCases: Case[] = [
  ['createAsset', call(ops.createAsset, () => ({ seed: 1.5 })), 'seed'],
  ['updateAsset', call(ops.updateAsset, (w) => ({ asset_id: w.asset, height: -1 })), 'height'],
  ['trashAsset', call(ops.trashAsset, () => ({ asset_id: true })), 'asset_id'],
  ['restoreAsset', call(ops.restoreAsset, () => ({ asset_id: -3 })), 'asset_id'],
  ['purgeAsset', call(ops.purgeAsset, () => ({})), 'asset_id'],
  ['recordView', call(ops.recordView, () => ({ asset_id: 'a b' })), 'asset_id'],
  ['setShareLevel', call(ops.setShareLevel, (w) => ({ asset_id: w.asset })), 'share_level'],
  ['createCollection', call(ops.createCollection, () => ({ tags: 7 })), 'tags'],
  [
    'updateCollection',
    call(ops.updateCollection, (w) => ({ collection_id: w.collection, cover_image_url: 3 })),
    'cover_image_url',
  ],
  [
    'deleteCollection',
    call(ops.deleteCollection, () => ({ collection_id: null })),
    'collection_id',
  ],
  [
    'addToCollection',
    call(ops.addToCollection, (w) => ({
      collection_id: w.collection,
      asset_id: w.asset,
      notes: 1,
    })),
    'notes',
  ],
  [
    'removeFromCollection',
    call(ops.removeFromCollection, (w) => ({ collection_id: w.collection })),
    'asset_id',
  ],
  [
    'reorderCollection',
    call(ops.reorderCollection, (w) => ({ collection_id: w.collection, asset_ids: 'a,b' })),
    'asset_ids',
  ],
  [
    'moveCollectionItem',
    call(ops.moveCollectionItem, (w) => ({ collection_id: w.collection, before_id: w.asset })),
    'asset_id',
  ],
  [
    'updateCollectionItem',
    call(ops.updateCollectionItem, (w) => ({ collection_id: w.collection, asset_id: w.asset })),
    'notes',
  ],
  ['shareAsset', call(ops.shareAsset, (w) => ({ asset_id: w.asset })), 'shared_with'],
  ['revokeShare', call(ops.revokeShare, () => ({ share_id: {} })), 'share_id'],
  [
    'updateSharePermission',
    call(ops.updateSharePermission, (w) => ({
      share_id: w.share,
      permission: 'edit',
      expires_at: 5,
    })),
    'expires_at',
  ],
  ['duplicateAsset', call(ops.duplicateAsset, (w) => ({ asset_id: w.asset, name: '' })), 'name'],
  ['remixAsset', call(ops.remixAsset, (w) => ({ asset_id: w.asset, new_prompt: 5 })), 'new_prompt'],
  [
    'evolveAsset',
    call(ops.evolveAsset, (w) => ({ asset_id: w.asset, evolution_note: [] })),
    'evolution_note',
  ],
  [
    'extendAsset',
    call(ops.extendAsset, (w) => ({ asset_id: w.asset, branch_name: 'x'.repeat(101) })),
    'branch_name',
  ],
  [
    'mergeAssets',
    call(ops.mergeAssets, (w) => ({ parent_ids: [w.asset, w.other], evolution_type: 'duplicate' })),
    'evolution_type',
  ],
  ['linkLineage', call(ops.linkLineage, (w) => ({ parent_id: w.asset })), 'child_id'],
  [
    'updateConstellationPosition',
    call(ops.updateConstellationPosition, (w) => ({ asset_id: w.asset, x: 1 })),
    'y',
  ],
];

const notFoundCases: Case[] = [
  ['updateAsset', call(ops.updateAsset, () => ({ asset_id: 404, name: 'x' })), 'asset_id'],
  ['trashAsset', call(ops.trashAsset, () => ({ asset_id: 404 })), 'asset_id'],
  ['restoreAsset', call(ops.restoreAsset, () => ({ asset_id: 404 })), 'asset_id'],
  ['purgeAsset', call(ops.purgeAsset, () => ({ asset_id: 404 })), 'asset_id'],
  ['recordView', call(ops.recordView, () => ({ asset_id: 404 })), 'asset_id'],
  [
    'setShareLevel',
    call(ops.setShareLevel, () => ({ asset_id: 404, share_level: 'team' })),
    'asset_id',
  ],
  ['updateCollection', call(ops.updateCollection, () => ({ collection_id: 404 })), 'collection_id'],
  ['deleteCollection', call(ops.deleteCollection, () => ({ collection_id: 404 })), 'collection_id'],
  [
    'addToCollection',
    call(ops.addToCollection, (w) => ({ collection_id: w.collection, asset_id: 404 })),
    'asset_id',
  ],
  [
    'removeFromCollection',
    call(ops.removeFromCollection, (w) => ({ collection_id: w.collection, asset_id: 404 })),
    'asset_id',
  ],
  [
    'reorderCollection',
    call(ops.reorderCollection, () => ({ collection_id: 404, asset_ids: [] })),
    'collection_id',
  ],
  [
    'moveCollectionItem',
    call(ops.moveCollectionItem, (w) => ({
      collection_id: w.collection,
      asset_id: w.asset,
      after_id: 404,
    })),
    'after_id',
  ],
  [
    'updateCollectionItem',
    call(ops.updateCollectionItem, (w) => ({
      collection_id: w.collection,
      asset_id: 404,
      notes: '',
    })),
    'asset_id',
  ],
  ['shareAsset', call(ops.shareAsset, () => ({ asset_id: 404, shared_with: 'carol' })), 'asset_id'],
  ['revokeShare', call(ops.revokeShare, () => ({ share_id: 404 })), 'share_id'],
  [
    'updateSharePermission',
    call(ops.updateSharePermission, () => ({ share_id: 404, permission: 'view' })),
    'share_id',
  ],
  ['duplicateAsset', call(ops.duplicateAsset, () => ({ asset_id: 404 })), 'asset_id'],
  ['remixAsset', call(ops.remixAsset, () => ({ asset_id: 404, new_prompt: 'x' })), 'asset_id'],
  ['evolveAsset', call(ops.evolveAsset, () => ({ asset_id: 404 })), 'asset_id'],
  ['extendAsset', call(ops.extendAsset, () => ({ asset_id: 404 })), 'asset_id'],
  ['mergeAssets', call(ops.mergeAssets, (w) => ({ parent_ids: [404, w.asset] })), 'parent_ids.0'],
  [
    'linkLineage',
    call(ops.linkLineage, (w) => ({ parent_id: w.asset, child_id: 404 })),
    'child_id',
  ],
  [
    'updateConstellationPosition',
    call(ops.updateConstellationPosition, () => ({ asset_id: 404, x: 0, y: 0 })),
    'asset_id',
  ],
];

const forbiddenCases: Case[] = [
  ['createAsset', call(ops.createAsset, () => ({ name: 'x' })), 'share_level'],
  ['updateAsset', call(ops.updateAsset, (w) => ({ asset_id: w.asset, name: 'x' })), 'asset_id'],
  ['trashAsset', call(ops.trashAsset, (w) => ({ asset_id: w.asset })), 'asset_id'],
  ['purgeAsset', call(ops.purgeAsset, (w) => ({ asset_id: w.asset })), 'asset_id'],
  [
    'setShareLevel',
    call(ops.setShareLevel, (w) => ({ asset_id: w.asset, share_level: 'public' })),
    'asset_id',
  ],
  ['createCollection', call(ops.createCollection, () => ({})), 'share_level'],
  [
    'updateCollection',
    call(ops.updateCollection, (w) => ({ collection_id: w.collection, name: 'x' })),
    'collection_id',
  ],
  [
    'deleteCollection',
    call(ops.deleteCollection, (w) => ({ collection_id: w.collection })),
    'collection_id',
  ],
  [
    'addToCollection',
    call(ops.addToCollection, (w) => ({ collection_id: w.collection, asset_id: w.other })),
    'collection_id',
  ],
  [
    'reorderCollection',
    call(ops.reorderCollection, (w) => ({ collection_id: w.collection, asset_ids: [w.asset] })),
    'collection_id',
  ],
  [
    'shareAsset',
    call(ops.shareAsset, (w) => ({ asset_id: w.asset, shared_with: 'carol' })),
    'asset_id',
  ],
  ['revokeShare', call(ops.revokeShare, (w) => ({ share_id: w.share })), 'share_id'],
  [
    'updateSharePermission',
    call(ops.updateSharePermission, (w) => ({ share_id: w.share, permission: 'admin' })),
    'share_id',
  ],
  ['duplicateAsset', call(ops.duplicateAsset, (w) => ({ asset_id: w.asset })), 'asset_id'],
  ['remixAsset', call(ops.remixAsset, (w) => ({ asset_id: w.asset, new_prompt: 'x' })), 'asset_id'],
  ['evolveAsset', call(ops.evolveAsset, (w) => ({ asset_id: w.asset })), 'asset_id'],
  ['extendAsset', call(ops.extendAsset, (w) => ({ asset_id: w.asset })), 'asset_id'],
  [
    'mergeAssets',
    call(ops.mergeAssets, (w) => ({ parent_ids: [w.asset, w.other] })),
    'parent_ids.0',
  ],
  [
    'linkLineage',
    call(ops.linkLineage, (w) => ({ parent_id: w.asset, child_id: w.other })),
    'child_id',
  ],
  [
    'updateConstellationPosition',
    call(ops.updateConstellationPosition, (w) => ({ asset_id: w.asset, x: 0, y: 0 })),
    'asset_id',
  ],
];

function world() {
  const team = new TestTeam();
  const alice = team.ctx('alice', 'editor');
  const asset = ops.createAsset(alice, { name: 'A' }).asset_id;
  const other = ops.createAsset(alice, { name: 'B' }).asset_id;
  const collection = ops.createCollection(alice, { name: 'C' }).collection_id;
  ops.addToCollection(alice, { collection_id: collection, asset_id: asset });
  const share = ops.shareAsset(alice, { asset_id: asset, shared_with: 'carol' }).share_id;
  ops.trashAsset(alice, { asset_id: other });
  ops.restoreAsset(alice, { asset_id: other });
  return { team, alice, w: { asset, other, collection, share } };
}

function check(cases: Case[], code: ErrorCode, as: 'alice' | 'viewer') {
  for (const [name, run, path] of cases) {
    it(`${name} → ${code} naming ${path}`, () => {
      const { team, alice, w } = world();
      if (name === 'purgeAsset' && code === 'FORBIDDEN')
        ops.trashAsset(alice, { asset_id: w.asset });
      const ctx = as === 'alice' ? alice : team.ctx('vera', 'viewer');
      expectRefused(team.docs(), () => run(ctx, w), code, path);
    });
  }
}

describe('bad input is INVALID naming the field, doc unchanged', () =>
  check(invalidCases, 'INVALID', 'alice'));
describe('unknown ids are NOT_FOUND naming the field, doc unchanged', () =>
  check(notFoundCases, 'NOT_FOUND', 'alice'));
describe('viewers are FORBIDDEN, doc unchanged', () =>
  check(forbiddenCases, 'FORBIDDEN', 'viewer'));
