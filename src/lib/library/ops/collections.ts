/**
 * Collection operations: create, update, trash (delete), restore, purge. Items are curated in
 * collection-items.ts.
 * A collection lives in the room its share level calls for: the team room for team and public,
 * the creator's private room for private (nobody else may read that room).
 */
import * as Y from 'yjs';
import { z } from 'zod';
import type { LibraryContext, LibraryRoom } from '../context';
import { conflict } from '../errors';
import { newId } from '../ids';
import { COLLECTION_TYPES, type CollectionType, type VideoCollection } from '../records/collection';
import { idSchema, parseOrThrow, shareLevelSchema, tagListSchema } from '../records/common';
import { collectionsOf } from '../schema';
import {
  assertCanCreate,
  assertCanEditCollection,
  assertCanManageCollection,
  assertOwnTeam,
  assertSelf,
  findCollection,
  findLiveCollection,
  roomForLevel,
  roomKindFor,
  type Located,
} from '../access';
import { setToYMap } from '../records/asset';
import { moveRecords } from './move';
import { writeTombstone } from './tombstones';
import { nowIso, transactIn } from './transact';
import { applyTagDiff, sameJson } from './ymap';

const collectionFields = {
  name: z.string().trim().min(1, 'must not be empty').max(255),
  description: z.string().max(10_000),
  collection_type: z.enum(COLLECTION_TYPES),
  cover_image_url: z.string().trim().max(2000).nullable(),
  tags: tagListSchema,
  category: z.string().trim().max(100),
  share_level: shareLevelSchema,
};

const createCollectionInput = z.object({
  team_id: idSchema.optional(),
  creator_id: idSchema.optional(),
  name: collectionFields.name.default('Untitled Collection'),
  description: collectionFields.description.default(''),
  collection_type: collectionFields.collection_type.default('campaign'),
  cover_image_url: collectionFields.cover_image_url.default(null),
  tags: collectionFields.tags.default([]),
  category: collectionFields.category.default(''),
  share_level: collectionFields.share_level.default('team'),
});

export type CreateCollectionInput = z.input<typeof createCollectionInput>;

/**
 * Creates an empty collection. Name defaults to "Untitled Collection", type to `campaign`, share
 * level to `team`. Answers the spec's response fields.
 */
export function createCollection(
  ctx: LibraryContext,
  input: CreateCollectionInput,
): { collection_id: string; name: string; type: CollectionType; created_at: string } {
  const data = parseOrThrow(createCollectionInput, input);
  assertSelf(ctx, data.creator_id, 'creator_id');
  assertOwnTeam(ctx, data.team_id);
  const room = roomForLevel(ctx, data.share_level);
  assertCanCreate(ctx, room, 'share_level');
  const id = newId();
  const now = nowIso(ctx);
  transactIn(ctx, room, 'createCollection', () => {
    const map = new Y.Map<unknown>();
    map.set('id', id);
    map.set('team_id', ctx.actor.teamId);
    map.set('creator_id', ctx.actor.userId);
    map.set('name', data.name);
    map.set('description', data.description);
    map.set('collection_type', data.collection_type);
    map.set('cover_image_url', data.cover_image_url);
    map.set('tags', setToYMap(data.tags));
    map.set('category', data.category);
    map.set('share_level', data.share_level);
    map.set('created_at', now);
    map.set('updated_at', now);
    map.set('trashed_at', null);
    map.set('trashed_by', null);
    map.set('items', new Y.Map<unknown>());
    collectionsOf(room.doc).set(id, map);
  });
  return { collection_id: id, name: data.name, type: data.collection_type, created_at: now };
}

const updateCollectionInput = z.object({
  collection_id: idSchema,
  name: collectionFields.name.optional(),
  description: collectionFields.description.optional(),
  collection_type: collectionFields.collection_type.optional(),
  cover_image_url: collectionFields.cover_image_url.optional(),
  tags: collectionFields.tags.optional(),
  category: collectionFields.category.optional(),
  share_level: collectionFields.share_level.optional(),
});

export type UpdateCollectionInput = z.input<typeof updateCollectionInput>;

/**
 * Patches a collection (editors, admins, owners). Only changed fields are written; tags as a set
 * difference. Changing `share_level` needs the creator or a team admin, and between private and
 * team it moves the collection to the other room (two transactions, copy first: ops/move.ts).
 */
export function updateCollection(
  ctx: LibraryContext,
  input: UpdateCollectionInput,
): { collection_id: string; changed: string[] } {
  const {
    collection_id: id,
    share_level: level,
    ...patch
  } = parseOrThrow(updateCollectionInput, input);
  const located = findLiveCollection(ctx, id);
  assertCanEditCollection(ctx, located);
  const levelChanges = level !== undefined && level !== located.record.share_level;
  if (levelChanges) assertCanManageCollection(ctx, located, 'share_level');
  const target =
    levelChanges && roomKindFor(level) !== located.room.kind
      ? roomForLevel(ctx, level, 'share_level', located.record.creator_id)
      : located.room;

  const changes: [string, unknown][] = [];
  let tagDiff: { add: string[]; remove: string[] } | undefined;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (key === 'tags') {
      const wanted = new Set(value as string[]);
      const current = new Set(located.record.tags);
      const add = [...wanted].filter((tag) => !current.has(tag));
      const remove = [...current].filter((tag) => !wanted.has(tag));
      if (add.length || remove.length) tagDiff = { add, remove };
    } else if (!sameJson(located.map.get(key), value)) {
      changes.push([key, value]);
    }
  }
  if (levelChanges) changes.push(['share_level', level]);
  const changed = [...changes.map(([key]) => key), ...(tagDiff ? ['tags'] : [])];
  if (changed.length === 0) return { collection_id: id, changed };
  const now = nowIso(ctx);
  const apply = (map: Y.Map<unknown>) => {
    for (const [key, value] of changes) map.set(key, value);
    if (tagDiff) applyTagDiff(map.get('tags') as Y.Map<true>, tagDiff.add, tagDiff.remove);
    map.set('updated_at', now);
  };
  if (target === located.room) {
    transactIn(ctx, located.room, 'updateCollection', () => apply(located.map));
  } else {
    moveRecords(
      ctx,
      'updateCollection',
      located.room,
      target,
      [{ map: 'collections', key: id }],
      (copies) => {
        const copy = copies.get(`collections/${id}`);
        if (copy) apply(copy);
      },
    );
  }
  return { collection_id: id, changed };
}

const collectionIdInput = z.object({ collection_id: idSchema });

/**
 * The rooms holding a copy of the collection the actor may write: its own room first, then any
 * other team or private room (concurrent share-level moves can leave a stale copy behind, and a
 * trash or purge that missed it would let it come back).
 */
function writableCopies(ctx: LibraryContext, located: Located<VideoCollection>): LibraryRoom[] {
  const id = located.record.id;
  return [
    located.room,
    ...ctx.rooms.filter(
      (room) =>
        room !== located.room &&
        room.writable &&
        (room.kind === 'team' || room.kind === 'private') &&
        collectionsOf(room.doc).get(id) instanceof Y.Map,
    ),
  ];
}

/**
 * Deletes a collection: moves it to the trash (its creator, team admins and owners), every copy
 * the actor may write. The videos stay in the library; items others add meanwhile stay with it,
 * so {@link restoreCollection} (or undo) brings it back as everyone last left it. Queries skip
 * trashed collections. NOT_FOUND for a collection already in the trash.
 */
export function deleteCollection(ctx: LibraryContext, input: { collection_id: unknown }): void {
  const { collection_id: id } = parseOrThrow(collectionIdInput, input);
  const located = findLiveCollection(ctx, id);
  assertCanManageCollection(ctx, located);
  const now = nowIso(ctx);
  for (const room of writableCopies(ctx, located)) {
    const map = collectionsOf(room.doc).get(id) as Y.Map<unknown>;
    transactIn(ctx, room, 'deleteCollection', () => {
      map.set('trashed_at', now);
      map.set('trashed_by', ctx.actor.userId);
      map.set('updated_at', now);
    });
  }
}

/** Takes a collection out of the trash. CONFLICT naming `collection_id` when it is not there. */
export function restoreCollection(ctx: LibraryContext, input: { collection_id: unknown }): void {
  const { collection_id: id } = parseOrThrow(collectionIdInput, input);
  const located = findCollection(ctx, id);
  assertCanManageCollection(ctx, located);
  if (located.record.trashed_at === null) {
    throw conflict('the collection is not in the trash', 'collection_id');
  }
  const now = nowIso(ctx);
  for (const room of writableCopies(ctx, located)) {
    const map = collectionsOf(room.doc).get(id) as Y.Map<unknown>;
    if (map.get('trashed_at') === null || map.get('trashed_at') === undefined) continue;
    transactIn(ctx, room, 'restoreCollection', () => {
      map.set('trashed_at', null);
      map.set('trashed_by', null);
      map.set('updated_at', now);
    });
  }
}

/**
 * Deletes a trashed collection for good, every copy the actor may write (the videos stay), and
 * leaves a purge tombstone in each of those rooms (ops/tombstones.ts). Only
 * from the trash (CONFLICT otherwise), only by its creator, team admins and owners.
 */
export function purgeCollection(ctx: LibraryContext, input: { collection_id: unknown }): void {
  const { collection_id: id } = parseOrThrow(collectionIdInput, input);
  const located = findCollection(ctx, id);
  assertCanManageCollection(ctx, located);
  if (located.record.trashed_at === null) {
    throw conflict('only a collection in the trash can be purged', 'collection_id');
  }
  for (const room of writableCopies(ctx, located)) {
    transactIn(ctx, room, 'purgeCollection', () => {
      collectionsOf(room.doc).delete(id);
      writeTombstone(ctx, room.doc, id, 'collection');
    });
  }
}
