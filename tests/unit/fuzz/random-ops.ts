/**
 * The random operations of the seeded run: one function per library operation, each picking its
 * inputs from what the acting peer currently sees (plus, now and then, ids it does not know), so
 * most calls succeed and the rest exercise the refusals.
 */
import type { Peer } from '../helpers/peers';
import type { Prng } from '../helpers/prng';
import {
  addToCollection,
  createAsset,
  createCollection,
  deleteCollection,
  duplicateAsset,
  evolveAsset,
  extendAsset,
  linkLineage,
  mergeAssets,
  moveCollectionItem,
  purgeAsset,
  recordView,
  remixAsset,
  removeFromCollection,
  reorderCollection,
  restoreAsset,
  revokeShare,
  setShareLevel,
  shareAsset,
  trashAsset,
  updateAsset,
  updateCollection,
  updateCollectionItem,
  updateConstellationPosition,
} from '../../../src/lib/library/ops/index';
import { SHARE_LEVELS } from '../../../src/lib/library/records/common';

const WORDS = [
  'sunset',
  'forest',
  'ocean',
  'neon',
  'city',
  'rain',
  'dragon',
  'desert',
  'snow',
  'robot',
  'castle',
  'night',
  'morning',
  'gold',
  'river',
  'storm',
  'calm',
  'epic',
  'retro',
  'space',
];
const MOODS = ['calm', 'tense', 'joyful', 'dark', null];
const USERS = ['alice', 'bob', 'carol', 'dave'];

/** Ids every peer has ever created: a peer may not know them yet (or any more). */
export interface World {
  assets: string[];
  collections: string[];
  shares: string[];
}

type Op = (peer: Peer, rng: Prng, world: World) => unknown;

const words = (rng: Prng, min: number, max: number) =>
  Array.from({ length: min + rng.int(max - min + 1) }, () => rng.pick(WORDS));

/** An asset id: mostly one the peer sees, sometimes one it may not. */
function assetId(peer: Peer, rng: Prng, world: World, live = false): string {
  const seen = [...peer.index.allAssets()]
    .filter((entry) => !live || entry.asset.trashed_at === null)
    .map((entry) => entry.asset.id);
  if (seen.length === 0 || rng.bool(0.08)) {
    return world.assets.length > 0 ? rng.pick(world.assets) : 'missing';
  }
  return rng.pick(seen);
}

function collectionId(peer: Peer, rng: Prng, world: World): string {
  const seen = [...peer.index.collections()].map((placed) => placed.value.id);
  if (seen.length === 0 || rng.bool(0.08)) {
    return world.collections.length > 0 ? rng.pick(world.collections) : 'missing';
  }
  return rng.pick(seen);
}

/** The items of a collection as the peer sees them, in order. */
function itemsOf(peer: Peer, id: string): string[] {
  return peer.index.collection(id)?.value.items.map((item) => item.asset_id) ?? [];
}

/** An item of the collection, or (rarely, or when empty) any asset. */
function itemOf(peer: Peer, rng: Prng, world: World, collection: string): string {
  const items = itemsOf(peer, collection);
  return items.length > 0 && !rng.bool(0.05) ? rng.pick(items) : assetId(peer, rng, world);
}

export const OPS: Record<string, { weight: number; run: Op }> = {
  createAsset: {
    weight: 10,
    run: (peer, rng, world) => {
      const { asset_id: id } = createAsset(peer.ctx, {
        name: words(rng, 1, 3).join(' '),
        prompt: words(rng, 3, 8).join(' '),
        tags: words(rng, 0, 3),
        duration: rng.int(600) / 10,
        category: rng.pick(['ads', 'music', 'film', '']),
        mood: rng.pick(MOODS),
        status: rng.pick(['draft', 'ready'] as const),
        share_level: rng.pick(['team', 'team', 'team', 'public', 'private'] as const),
      });
      world.assets.push(id);
    },
  },
  updateAsset: {
    weight: 8,
    run: (peer, rng, world) => {
      const patch: Record<string, unknown> = { asset_id: assetId(peer, rng, world, true) };
      if (rng.bool(0.5)) patch.name = words(rng, 1, 3).join(' ');
      if (rng.bool(0.3)) patch.prompt = words(rng, 3, 8).join(' ');
      if (rng.bool(0.3)) patch.duration = rng.int(600) / 10;
      if (rng.bool(0.2)) patch.mood = rng.pick(MOODS);
      if (rng.bool(0.2)) patch.status = rng.pick(['draft', 'generating', 'ready', 'failed']);
      if (rng.bool(0.1)) patch.can_duplicate = rng.bool();
      if (rng.bool(0.1)) patch.can_remix = rng.bool();
      updateAsset(peer.ctx, patch as Parameters<typeof updateAsset>[1]);
    },
  },
  editTags: {
    weight: 8,
    run: (peer, rng, world) => {
      const id = assetId(peer, rng, world, true);
      const current = peer.index.asset(id)?.asset.tags ?? [];
      const next = new Set(current);
      if (current.length > 0 && rng.bool(0.4)) next.delete(rng.pick(current));
      if (rng.bool(0.7)) next.add(rng.pick(WORDS));
      updateAsset(peer.ctx, { asset_id: id, tags: [...next] });
    },
  },
  trashAsset: {
    weight: 3,
    run: (peer, rng, world) => trashAsset(peer.ctx, { asset_id: assetId(peer, rng, world, true) }),
  },
  restoreAsset: {
    weight: 3,
    run: (peer, rng, world) => {
      const trashed = [...peer.index.allAssets()].filter((e) => e.asset.trashed_at !== null);
      const id = trashed.length > 0 ? rng.pick(trashed).asset.id : assetId(peer, rng, world);
      restoreAsset(peer.ctx, { asset_id: id });
    },
  },
  purgeAsset: {
    weight: 1,
    run: (peer, rng, world) => {
      const trashed = [...peer.index.allAssets()].filter((e) => e.asset.trashed_at !== null);
      const id = trashed.length > 0 ? rng.pick(trashed).asset.id : assetId(peer, rng, world);
      purgeAsset(peer.ctx, { asset_id: id });
    },
  },
  createCollection: {
    weight: 3,
    run: (peer, rng, world) => {
      const { collection_id: id } = createCollection(peer.ctx, {
        name: words(rng, 1, 2).join(' '),
        tags: words(rng, 0, 2),
        share_level: rng.pick(['team', 'team', 'team', 'private'] as const),
      });
      world.collections.push(id);
    },
  },
  updateCollection: {
    weight: 2,
    run: (peer, rng, world) => {
      const patch: Record<string, unknown> = { collection_id: collectionId(peer, rng, world) };
      if (rng.bool(0.5)) patch.name = words(rng, 1, 2).join(' ');
      if (rng.bool(0.4)) patch.tags = words(rng, 0, 3);
      if (rng.bool(0.3)) patch.share_level = rng.pick(SHARE_LEVELS);
      updateCollection(peer.ctx, patch as Parameters<typeof updateCollection>[1]);
    },
  },
  deleteCollection: {
    weight: 1,
    run: (peer, rng, world) =>
      deleteCollection(peer.ctx, { collection_id: collectionId(peer, rng, world) }),
  },
  addToCollection: {
    weight: 10,
    run: (peer, rng, world) => {
      const collection = collectionId(peer, rng, world);
      const size = itemsOf(peer, collection).length;
      addToCollection(peer.ctx, {
        collection_id: collection,
        asset_id: assetId(peer, rng, world, true),
        ...(rng.bool(0.6) ? { order_index: rng.int(size + 2) } : {}),
        notes: rng.bool(0.3) ? words(rng, 1, 4).join(' ') : '',
      });
    },
  },
  removeFromCollection: {
    weight: 3,
    run: (peer, rng, world) => {
      const collection = collectionId(peer, rng, world);
      removeFromCollection(peer.ctx, {
        collection_id: collection,
        asset_id: itemOf(peer, rng, world, collection),
      });
    },
  },
  reorderCollection: {
    weight: 4,
    run: (peer, rng, world) => {
      const collection = collectionId(peer, rng, world);
      const items = itemsOf(peer, collection);
      // Mostly a small change (one item moved), sometimes a full shuffle.
      let order = rng.shuffle(items);
      if (items.length > 1 && rng.bool(0.7)) {
        order = [...items];
        const [moved] = order.splice(rng.int(order.length), 1);
        order.splice(rng.int(order.length + 1), 0, moved!);
      }
      reorderCollection(peer.ctx, { collection_id: collection, asset_ids: order });
    },
  },
  moveCollectionItem: {
    weight: 8,
    run: (peer, rng, world) => {
      const collection = collectionId(peer, rng, world);
      const item = itemOf(peer, rng, world, collection);
      const anchor = itemOf(peer, rng, world, collection);
      moveCollectionItem(peer.ctx, {
        collection_id: collection,
        asset_id: item,
        ...(rng.bool() ? { before_id: anchor } : { after_id: anchor }),
      });
    },
  },
  updateCollectionItem: {
    weight: 2,
    run: (peer, rng, world) => {
      const collection = collectionId(peer, rng, world);
      updateCollectionItem(peer.ctx, {
        collection_id: collection,
        asset_id: itemOf(peer, rng, world, collection),
        notes: words(rng, 0, 4).join(' '),
      });
    },
  },
  duplicateAsset: {
    weight: 4,
    run: (peer, rng, world) => {
      const { duplicate_id: id } = duplicateAsset(peer.ctx, {
        asset_id: assetId(peer, rng, world, true),
      });
      world.assets.push(id);
    },
  },
  remixAsset: {
    weight: 4,
    run: (peer, rng, world) => {
      const { remix_id: id } = remixAsset(peer.ctx, {
        asset_id: assetId(peer, rng, world, true),
        new_prompt: words(rng, 3, 8).join(' '),
      });
      world.assets.push(id);
    },
  },
  evolveOrExtend: {
    weight: 2,
    run: (peer, rng, world) => {
      const input = {
        asset_id: assetId(peer, rng, world, true),
        branch_name: rng.pick(['main', 'alt']),
      };
      const { asset_id: id } = rng.bool()
        ? evolveAsset(peer.ctx, input)
        : extendAsset(peer.ctx, input);
      world.assets.push(id);
    },
  },
  mergeAssets: {
    weight: 1,
    run: (peer, rng, world) => {
      const parents = [assetId(peer, rng, world, true), assetId(peer, rng, world, true)];
      const { asset_id: id } = mergeAssets(peer.ctx, { parent_ids: parents });
      world.assets.push(id);
    },
  },
  linkLineage: {
    weight: 5,
    run: (peer, rng, world) =>
      linkLineage(peer.ctx, {
        parent_id: assetId(peer, rng, world, true),
        child_id: assetId(peer, rng, world, true),
        evolution_type: rng.pick(['variation', 'remix', 'duplicate'] as const),
      }),
  },
  setShareLevel: {
    weight: 4,
    run: (peer, rng, world) =>
      setShareLevel(peer.ctx, {
        asset_id: assetId(peer, rng, world, true),
        share_level: rng.pick(SHARE_LEVELS),
      }),
  },
  share: {
    weight: 2,
    run: (peer, rng, world) => {
      const existing = [...peer.index.allAssets()].flatMap((e) => peer.index.sharesOf(e.asset.id));
      if (existing.length > 0 && rng.bool(0.3)) {
        revokeShare(peer.ctx, { share_id: rng.pick(existing).id });
        return;
      }
      const { share_id: id } = shareAsset(peer.ctx, {
        asset_id: assetId(peer, rng, world, true),
        shared_with: rng.pick(USERS),
        permission: rng.pick(['view', 'edit', 'admin'] as const),
      });
      world.shares.push(id);
    },
  },
  recordView: {
    weight: 6,
    run: (peer, rng, world) => recordView(peer.ctx, { asset_id: assetId(peer, rng, world, true) }),
  },
  updateConstellationPosition: {
    weight: 4,
    run: (peer, rng, world) => {
      const pinned = rng.bool(0.85);
      updateConstellationPosition(peer.ctx, {
        asset_id: assetId(peer, rng, world, true),
        x: pinned ? rng.int(2000) - 1000 : null,
        y: pinned ? rng.int(2000) - 1000 : null,
        ...(rng.bool(0.3) ? { cluster: rng.bool(0.2) ? null : rng.pick(WORDS) } : {}),
      });
    },
  },
};

const TOTAL_WEIGHT = Object.values(OPS).reduce((sum, op) => sum + op.weight, 0);

/** Picks an operation by weight. */
export function pickOp(rng: Prng): string {
  let roll = rng.int(TOTAL_WEIGHT);
  for (const [name, op] of Object.entries(OPS)) {
    if (roll < op.weight) return name;
    roll -= op.weight;
  }
  throw new Error('unreachable');
}
