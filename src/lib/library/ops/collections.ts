/**
 * Collection operations: create, update, delete. Items are curated in collection-items.ts.
 * A collection lives in the room its share level calls for: the team room for team and public,
 * the creator's private room for private (nobody else may read that room).
 */
import * as Y from 'yjs';
import { z } from 'zod';
import type { LibraryContext } from '../context';
import { newId } from '../ids';
import { COLLECTION_TYPES, type CollectionType } from '../records/collection';
import { idSchema, parseOrThrow, shareLevelSchema, tagListSchema } from '../records/common';
import { collectionsOf } from '../schema';
import {
  assertCanCreate,
  assertCanEditCollection,
  assertCanManageCollection,
  assertOwnTeam,
  assertSelf,
  findCollection,
  roomForLevel,
  roomKindFor,
} from '../access';
import { setToYMap } from '../records/asset';
import { moveRecords } from './move';
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
  const located = findCollection(ctx, id);
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

/**
 * Deletes a collection (its creator, team admins and owners). The videos stay in the library; only
 * the curation goes. Undo (Y.UndoManager on LibraryOrigin) brings it back.
 */
export function deleteCollection(ctx: LibraryContext, input: { collection_id: unknown }): void {
  const { collection_id: id } = parseOrThrow(z.object({ collection_id: idSchema }), input);
  const located = findCollection(ctx, id);
  assertCanManageCollection(ctx, located);
  // Delete every copy the actor may write: concurrent share-level moves can leave a stale one.
  for (const room of ctx.rooms) {
    const here = room === located.room;
    if (!here && !(room.writable && (room.kind === 'team' || room.kind === 'private'))) continue;
    if (!collectionsOf(room.doc).has(id)) continue;
    transactIn(ctx, room, 'deleteCollection', () => collectionsOf(room.doc).delete(id));
  }
}
