/**
 * Curating a collection: add, remove, reorder, move one item, edit an item's notes. Items live in
 * the collection's `items` Y.Map keyed by asset id, so an asset is in a collection at most once
 * even after concurrent adds; their order is a fractional key (ops/order.ts).
 */
import * as Y from 'yjs';
import { z } from 'zod';
import type { LibraryContext } from '../context';
import { conflict, invalid, notFound } from '../errors';
import { idSchema, parseOrThrow } from '../records/common';
import type { CollectionItem } from '../records/collection';
import { assertCanEditCollection, assertSelf, findLiveAsset, findLiveCollection } from '../access';
import { placeAt, rekey } from './order';
import { nowIso, transactIn } from './transact';

const notes = z.string().max(10_000);

/** The collection's items map; an empty stand-in when a peer wrote the collection without one. */
function itemsOf(collection: Y.Map<unknown>): Y.Map<unknown> {
  const items = collection.get('items');
  return items instanceof Y.Map ? items : new Y.Map<unknown>();
}

const addInput = z.object({
  collection_id: idSchema,
  asset_id: idSchema,
  order_index: z.number().int().min(0).optional(),
  notes: notes.default(''),
  added_by: idSchema.optional(),
});

/**
 * Adds an asset to a collection at `order_index` (0 = first; default and anything past the end:
 * last). The asset must exist and not be in the trash (NOT_FOUND); already there → CONFLICT
 * naming `asset_id`.
 */
export function addToCollection(
  ctx: LibraryContext,
  input: z.input<typeof addInput>,
): { collection_id: string; asset_id: string; order_index: number } {
  const data = parseOrThrow(addInput, input);
  assertSelf(ctx, data.added_by, 'added_by');
  const located = findLiveCollection(ctx, data.collection_id);
  assertCanEditCollection(ctx, located);
  findLiveAsset(ctx, data.asset_id);
  const items = located.record.items;
  if (itemsOf(located.map).has(data.asset_id)) {
    throw conflict('this asset is already in the collection', 'asset_id');
  }
  const index = Math.min(data.order_index ?? items.length, items.length);
  const place = placeAt(
    items.map((item) => item.order_key),
    index,
  );
  const now = nowIso(ctx);
  transactIn(ctx, located.room, 'addToCollection', () => {
    let itemsMap = located.map.get('items');
    if (!(itemsMap instanceof Y.Map)) located.map.set('items', (itemsMap = new Y.Map<unknown>()));
    const target = itemsMap as Y.Map<unknown>;
    const item = new Y.Map<unknown>();
    item.set('order_key', place.key);
    item.set('notes', data.notes);
    item.set('added_at', now);
    item.set('added_by', ctx.actor.userId);
    target.set(data.asset_id, item);
    rewriteKeys(target, items, place.rewrites);
    located.map.set('updated_at', now);
  });
  return { collection_id: data.collection_id, asset_id: data.asset_id, order_index: index };
}

const itemInput = z.object({ collection_id: idSchema, asset_id: idSchema });

/** Removes an asset from a collection (the asset itself stays). NOT_FOUND naming `asset_id`. */
export function removeFromCollection(ctx: LibraryContext, input: z.input<typeof itemInput>): void {
  const data = parseOrThrow(itemInput, input);
  const located = findLiveCollection(ctx, data.collection_id);
  assertCanEditCollection(ctx, located);
  if (!itemsOf(located.map).has(data.asset_id)) {
    throw notFound('collection item', data.asset_id, 'asset_id');
  }
  transactIn(ctx, located.room, 'removeFromCollection', () => {
    itemsOf(located.map).delete(data.asset_id);
    located.map.set('updated_at', nowIso(ctx));
  });
}

const reorderInput = z.object({ collection_id: idSchema, asset_ids: z.array(idSchema) });

/**
 * Puts the items in the order of `asset_ids`, which must list every current item exactly once
 * (INVALID naming `asset_ids` or the offending `asset_ids.<i>`). Only the keys that must change are
 * rewritten: a longest run already in order keeps its keys, so a concurrent reorder of other items
 * survives. Returns how many keys were rewritten; an order that already holds makes no transaction.
 */
export function reorderCollection(
  ctx: LibraryContext,
  input: z.input<typeof reorderInput>,
): { collection_id: string; rewritten: number } {
  const data = parseOrThrow(reorderInput, input);
  const located = findLiveCollection(ctx, data.collection_id);
  assertCanEditCollection(ctx, located);
  const byId = new Map(located.record.items.map((item) => [item.asset_id, item]));
  const seen = new Set<string>();
  data.asset_ids.forEach((id, i) => {
    if (!byId.has(id)) throw invalid(`asset_ids.${i}`, `${id} is not in the collection`);
    if (seen.has(id)) throw invalid(`asset_ids.${i}`, `${id} is listed twice`);
    seen.add(id);
  });
  if (seen.size !== byId.size) {
    throw invalid('asset_ids', 'must list every item of the collection exactly once');
  }
  const wanted = data.asset_ids.map((id) => byId.get(id)!);
  const rewrites = rekey(wanted.map((item) => item.order_key));
  if (rewrites.size === 0) return { collection_id: data.collection_id, rewritten: 0 };
  transactIn(ctx, located.room, 'reorderCollection', () => {
    const items = itemsOf(located.map);
    for (const [index, key] of rewrites) {
      (items.get(wanted[index]!.asset_id) as Y.Map<unknown>).set('order_key', key);
    }
    located.map.set('updated_at', nowIso(ctx));
  });
  return { collection_id: data.collection_id, rewritten: rewrites.size };
}

const moveInput = z
  .object({
    collection_id: idSchema,
    asset_id: idSchema,
    before_id: idSchema.optional(),
    after_id: idSchema.optional(),
  })
  .refine((value) => (value.before_id === undefined) !== (value.after_id === undefined), {
    message: 'give exactly one of before_id and after_id',
    path: ['before_id'],
  });

/**
 * Drag and drop: moves one item just before `before_id` or just after `after_id`, rewriting only
 * that item's key (and, when it lands inside a tie of concurrently inserted items, the keys of the
 * rest of the tie). NOT_FOUND naming `asset_id`, `before_id` or `after_id` for items not in the
 * collection.
 */
export function moveCollectionItem(ctx: LibraryContext, input: z.input<typeof moveInput>): void {
  const data = parseOrThrow(moveInput, input);
  const located = findLiveCollection(ctx, data.collection_id);
  assertCanEditCollection(ctx, located);
  const items = located.record.items;
  const anchorPath = data.before_id !== undefined ? 'before_id' : 'after_id';
  const anchorId = (data.before_id ?? data.after_id)!;
  if (!items.some((item) => item.asset_id === data.asset_id)) {
    throw notFound('collection item', data.asset_id, 'asset_id');
  }
  if (anchorId === data.asset_id) throw invalid(anchorPath, 'cannot move an item next to itself');
  const others: CollectionItem[] = items.filter((item) => item.asset_id !== data.asset_id);
  const anchor = others.findIndex((item) => item.asset_id === anchorId);
  if (anchor < 0) throw notFound('collection item', anchorId, anchorPath);
  const index = data.before_id !== undefined ? anchor : anchor + 1;
  const current = items.findIndex((item) => item.asset_id === data.asset_id);
  if (current === index) return;
  const place = placeAt(
    others.map((item) => item.order_key),
    index,
  );
  transactIn(ctx, located.room, 'moveCollectionItem', () => {
    const itemsMap = itemsOf(located.map);
    (itemsMap.get(data.asset_id) as Y.Map<unknown>).set('order_key', place.key);
    rewriteKeys(itemsMap, others, place.rewrites);
    located.map.set('updated_at', nowIso(ctx));
  });
}

/** Writes new order keys for `items[index]` (see placeAt). */
function rewriteKeys(
  itemsMap: Y.Map<unknown>,
  items: readonly CollectionItem[],
  rewrites: ReadonlyMap<number, string>,
): void {
  for (const [index, key] of rewrites) {
    const item = itemsMap.get(items[index]!.asset_id);
    // An unchanged key is not written: the write would still win over a concurrent move.
    if (item instanceof Y.Map && item.get('order_key') !== key) item.set('order_key', key);
  }
}

const updateItemInput = z.object({ collection_id: idSchema, asset_id: idSchema, notes });

/** Changes the notes of one item ("why this video is in this collection"). */
export function updateCollectionItem(
  ctx: LibraryContext,
  input: z.input<typeof updateItemInput>,
): void {
  const data = parseOrThrow(updateItemInput, input);
  const located = findLiveCollection(ctx, data.collection_id);
  assertCanEditCollection(ctx, located);
  const item = itemsOf(located.map).get(data.asset_id);
  if (!(item instanceof Y.Map)) throw notFound('collection item', data.asset_id, 'asset_id');
  if (item.get('notes') === data.notes) return;
  transactIn(ctx, located.room, 'updateCollectionItem', () => {
    item.set('notes', data.notes);
    located.map.set('updated_at', nowIso(ctx));
  });
}
