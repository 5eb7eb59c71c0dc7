/**
 * Building a derived asset and its lineage edges, shared by duplicate, remix, evolve, extend and
 * merge. duplicate_count and remix_count are never stored: queries count the edges.
 */
import * as Y from 'yjs';
import type { LibraryContext, LibraryRoom } from '../context';
import { newId } from '../ids';
import { assetToYMap, type AssetStatus, type VideoAsset } from '../records/asset';
import type { EvolutionType, JsonValue } from '../records/common';
import { assetsOf, lineageOf } from '../schema';
import { roleCanWriteIn, roomForLevel, type Located } from '../access';
import { privateRoom } from '../rooms';
import { promptDelta } from '../lineage-rules';
import { nowIso, transactIn } from './transact';

/**
 * Where a derived asset goes: the parents' room when they all share one the actor may write (the
 * team room, or the actor's own private room), else the actor's private room, so a copy of a clip
 * the actor may only read, or of a private parent, never lands where others would see it.
 */
export function childRoom(
  ctx: LibraryContext,
  parents: readonly Located<VideoAsset>[],
): LibraryRoom {
  const first = parents[0]!.room;
  const same = parents.every((parent) => parent.room === first);
  const ownPrivate = privateRoom(ctx.actor.teamId, ctx.actor.userId);
  const usable = first.kind === 'team' || first.name === ownPrivate;
  if (same && usable && roleCanWriteIn(ctx, first)) return first;
  return roomForLevel(ctx, 'private', 'asset_id');
}

export interface DeriveSpec {
  operation: string;
  parents: readonly Located<VideoAsset>[];
  evolutionType: EvolutionType;
  name: string;
  prompt: string;
  status: AssetStatus;
  /** Keep the parent's video file references (a duplicate) or drop them (needs regeneration). */
  keepVideo: boolean;
  branch: string;
  note: string;
  params: Record<string, JsonValue>;
}

/** Creates the child and one edge per parent in one transaction; returns its id and version. */
export function derive(
  ctx: LibraryContext,
  spec: DeriveSpec,
): { id: string; version: number; room: LibraryRoom } {
  const room = childRoom(ctx, spec.parents);
  const base = spec.parents[0]!.record;
  const parents = spec.parents.map((parent) => parent.record);
  const version = Math.max(...parents.map((p) => p.metadata.lineage_version)) + 1;
  // A derived clip is never public by inheritance: publishing stays a deliberate act.
  const level = room.kind === 'private' ? 'private' : 'team';
  const merge = parents.length > 1;
  const tags = merge ? [...new Set(parents.flatMap((p) => p.tags))] : base.tags;
  const id = newId();
  const now = nowIso(ctx);
  transactIn(ctx, room, spec.operation, () => {
    assetsOf(room.doc).set(
      id,
      assetToYMap({
        id,
        team_id: ctx.actor.teamId,
        creator_id: ctx.actor.userId,
        name: spec.name,
        prompt: spec.prompt,
        engine: base.engine,
        status: spec.status,
        duration: base.duration,
        width: base.width,
        height: base.height,
        thumbnail_url: base.thumbnail_url,
        video_url: spec.keepVideo ? base.video_url : null,
        thumbnail_sha256: base.thumbnail_sha256,
        video_sha256: spec.keepVideo ? base.video_sha256 : null,
        tags,
        category: base.category,
        generation_params: structuredClone(base.generation_params),
        seed: base.seed,
        created_at: now,
        updated_at: now,
        trashed_at: null,
        trashed_by: null,
        metadata: {
          mood: base.metadata.mood,
          scene_type: base.metadata.scene_type,
          lineage_root_id: base.metadata.lineage_root_id ?? base.id,
          parent_asset_id: base.id,
          lineage_version: version,
          lineage_branch: spec.branch,
          evolution_type: spec.evolutionType,
          evolution_note: spec.note,
          share_level: level,
          can_duplicate: true,
          can_remix: true,
          used_in_projects: 0,
          constellation_x: null,
          constellation_y: null,
          constellation_cluster: null,
          views: {},
          created_at: now,
          updated_at: now,
        },
      }),
    );
    for (const parent of parents) {
      const edgeId = newId();
      lineageOf(room.doc).set(
        edgeId,
        edgeToYMap({
          id: edgeId,
          parent,
          childId: id,
          evolutionType: spec.evolutionType,
          params: spec.params,
          evolvedPrompt: spec.prompt,
          createdBy: ctx.actor.userId,
          branch: spec.branch,
          isMerge: merge,
          createdAt: now,
        }),
      );
    }
  });
  return { id, version, room };
}

/** The Y.Map of one lineage edge parent → child. */
export function edgeToYMap(edge: {
  parent: VideoAsset;
  childId: string;
  evolutionType: EvolutionType;
  params: Record<string, JsonValue>;
  evolvedPrompt: string;
  createdBy: string;
  branch: string;
  isMerge: boolean;
  createdAt: string;
  id: string;
}): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set('id', edge.id);
  map.set('parent_id', edge.parent.id);
  map.set('child_id', edge.childId);
  map.set('evolution_type', edge.evolutionType);
  map.set('evolution_params', structuredClone(edge.params));
  map.set('original_prompt', edge.parent.prompt);
  map.set('evolved_prompt', edge.evolvedPrompt);
  map.set('prompt_delta', promptDelta(edge.parent.prompt, edge.evolvedPrompt));
  map.set('created_by', edge.createdBy);
  map.set('branch_name', edge.branch);
  map.set('is_merge', edge.isMerge);
  map.set('created_at', edge.createdAt);
  return map;
}

/** "<name> (Copy)" and friends, kept within the 255 characters a name may have. */
export function suffixed(name: string, suffix: string): string {
  const tail = ` (${suffix})`;
  return name.length + tail.length <= 255 ? name + tail : name.slice(0, 255 - tail.length) + tail;
}
