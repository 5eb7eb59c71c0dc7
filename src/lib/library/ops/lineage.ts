/**
 * Lineage operations: duplicate, remix, evolve, extend, merge, and linking two existing assets.
 * Every derived asset is a new record with a lineage edge per parent in the child's room; the
 * spec's duplicate_count / remix_count come from counting those edges.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import type { LibraryContext } from '../context';
import { conflict, invalid } from '../errors';
import { newId } from '../ids';
import {
  evolutionTypeSchema,
  idSchema,
  jsonObjectSchema,
  parseOrThrow,
  type EvolutionType,
} from '../records/common';
import { lineageOf } from '../schema';
import { assertCanDerive, assertCanEditAsset, assertSelf, findLiveAsset } from '../access';
import { wouldCreateCycle } from '../lineage-rules';
import { derive, edgeToYMap, suffixed } from './derive';
import { nowIso, transactIn } from './transact';

const branch = z.string().trim().min(1).max(100);
const note = z.string().max(10_000);
const prompt = z.string().trim().min(1, 'must not be empty').max(10_000);
const name = z.string().trim().min(1).max(255);

const duplicateInput = z.object({
  asset_id: idSchema,
  user_id: idSchema.optional(),
  branch_name: branch.optional(),
  name: name.optional(),
  evolution_note: note.default(''),
});

/**
 * Duplicates an asset: an exact copy (same prompt, tags and video files) named "<name> (Copy)"
 * with status `ready`, linked by a `duplicate` edge, lineage_version = parent's + 1. Refused
 * (FORBIDDEN naming `asset_id`) when the parent says `can_duplicate: false`, unless the actor is
 * its creator or a team admin.
 */
export function duplicateAsset(
  ctx: LibraryContext,
  input: z.input<typeof duplicateInput>,
): { duplicate_id: string; lineage_version: number } {
  const data = parseOrThrow(duplicateInput, input);
  assertSelf(ctx, data.user_id, 'user_id');
  const parent = findLiveAsset(ctx, data.asset_id);
  assertCanDerive(ctx, parent, 'duplicate');
  const child = derive(ctx, {
    operation: 'duplicateAsset',
    parents: [parent],
    evolutionType: 'duplicate',
    name: data.name ?? suffixed(parent.record.name, 'Copy'),
    prompt: parent.record.prompt,
    // The spec's copy is `ready`: it has its parent's video. A copy of a draft with no video has
    // nothing to be ready with, so it stays a draft rather than claim a file it lacks.
    status: parent.record.status === 'ready' || hasVideo(parent.record) ? 'ready' : 'draft',
    keepVideo: true,
    branch: data.branch_name ?? 'main',
    note: data.evolution_note,
    params: {},
  });
  return { duplicate_id: child.id, lineage_version: child.version };
}

function hasVideo(asset: { video_url: string | null; video_sha256: string | null }): boolean {
  return asset.video_url !== null || asset.video_sha256 !== null;
}

const evolutionInput = {
  asset_id: idSchema,
  user_id: idSchema.optional(),
  evolution_note: note.default(''),
  branch_name: branch.optional(),
  name: name.optional(),
  evolution_params: jsonObjectSchema.default({}),
};

const remixInput = z.object({ ...evolutionInput, new_prompt: prompt });
const evolveInput = z.object({ ...evolutionInput, new_prompt: prompt.optional() });

function evolveAs(
  ctx: LibraryContext,
  operation: string,
  type: EvolutionType,
  suffix: string,
  data: z.output<typeof evolveInput>,
): { id: string; version: number } {
  assertSelf(ctx, data.user_id, 'user_id');
  const parent = findLiveAsset(ctx, data.asset_id);
  assertCanDerive(ctx, parent, 'remix');
  return derive(ctx, {
    operation,
    parents: [parent],
    evolutionType: type,
    name: data.name ?? suffixed(parent.record.name, suffix),
    prompt: data.new_prompt ?? parent.record.prompt,
    status: 'draft',
    keepVideo: false,
    branch: data.branch_name ?? 'main',
    note: data.evolution_note,
    params: data.evolution_params,
  });
}

/**
 * Remixes an asset with a new prompt: a `draft` (it needs regenerating) named "<name> (Remix)",
 * linked by a `remix` edge holding the original and evolved prompts and their word delta
 * ("+sunset +mountain -night"). Honours `can_remix` like {@link duplicateAsset} honours
 * `can_duplicate`.
 */
export function remixAsset(
  ctx: LibraryContext,
  input: z.input<typeof remixInput>,
): { remix_id: string; lineage_version: number; message: string } {
  const data = parseOrThrow(remixInput, input);
  const child = evolveAs(ctx, 'remixAsset', 'remix', 'Remix', data);
  return {
    remix_id: child.id,
    lineage_version: child.version,
    message: 'Remix created - regenerate video with new prompt',
  };
}

/** Evolves an asset (edge type `evolve`): like a remix, the new prompt optional. */
export function evolveAsset(
  ctx: LibraryContext,
  input: z.input<typeof evolveInput>,
): { asset_id: string; lineage_version: number } {
  const child = evolveAs(ctx, 'evolveAsset', 'evolve', 'Evolved', parseOrThrow(evolveInput, input));
  return { asset_id: child.id, lineage_version: child.version };
}

/** Extends an asset (edge type `extend`, e.g. a longer cut): like a remix, the new prompt optional. */
export function extendAsset(
  ctx: LibraryContext,
  input: z.input<typeof evolveInput>,
): { asset_id: string; lineage_version: number } {
  const child = evolveAs(
    ctx,
    'extendAsset',
    'extend',
    'Extended',
    parseOrThrow(evolveInput, input),
  );
  return { asset_id: child.id, lineage_version: child.version };
}

const mergeInput = z.object({
  parent_ids: z.array(idSchema).min(2, 'a merge needs at least two parents').max(20),
  user_id: idSchema.optional(),
  new_prompt: prompt.optional(),
  name: name.optional(),
  evolution_type: evolutionTypeSchema.exclude(['duplicate']).default('remix'),
  evolution_note: note.default(''),
  branch_name: branch.optional(),
  evolution_params: jsonObjectSchema.default({}),
});

/**
 * Merges several parents into one new `draft` asset: one edge per parent, each `is_merge: true`;
 * lineage_version = the highest parent version + 1; root, engine and files from the first parent,
 * tags the union. Every parent must allow remixing.
 */
export function mergeAssets(
  ctx: LibraryContext,
  input: z.input<typeof mergeInput>,
): { asset_id: string; lineage_version: number } {
  const data = parseOrThrow(mergeInput, input);
  assertSelf(ctx, data.user_id, 'user_id');
  const seen = new Set<string>();
  data.parent_ids.forEach((id, i) => {
    if (seen.has(id)) throw invalid(`parent_ids.${i}`, `${id} is listed twice`);
    seen.add(id);
  });
  const parents = data.parent_ids.map((id, i) => findLiveAsset(ctx, id, `parent_ids.${i}`));
  parents.forEach((parent, i) => assertCanDerive(ctx, parent, 'remix', `parent_ids.${i}`));
  const first = parents[0]!.record;
  const child = derive(ctx, {
    operation: 'mergeAssets',
    parents,
    evolutionType: data.evolution_type,
    name: data.name ?? suffixed(first.name, 'Merge'),
    prompt: data.new_prompt ?? first.prompt,
    status: 'draft',
    keepVideo: false,
    branch: data.branch_name ?? 'main',
    note: data.evolution_note,
    params: data.evolution_params,
  });
  return { asset_id: child.id, lineage_version: child.version };
}

/**
 * The parent → child pairs of every lineage edge in every room of the context, once each. Only
 * the two ids are read (not the whole record through its validator): the cycle check runs over
 * every edge the actor can see and must stay cheap. An edge with unreadable ids is left out, as
 * readers leave it out.
 */
function linksOf(ctx: LibraryContext): { parent_id: string; child_id: string }[] {
  const links = new Map<string, { parent_id: string; child_id: string }>();
  for (const room of ctx.rooms) {
    for (const [key, value] of lineageOf(room.doc).entries()) {
      if (!(value instanceof Y.Map)) continue;
      const parent = value.get('parent_id');
      const child = value.get('child_id');
      if (typeof parent === 'string' && typeof child === 'string') {
        links.set(key, { parent_id: parent, child_id: child });
      }
    }
  }
  return [...links.values()];
}

const linkInput = z.object({
  parent_id: idSchema,
  child_id: idSchema,
  evolution_type: evolutionTypeSchema.default('variation'),
  evolution_params: jsonObjectSchema.default({}),
  branch_name: branch.optional(),
  is_merge: z.boolean().default(false),
});

/**
 * Links two existing assets parent → child (the edge goes to the child's room; needs edit rights
 * on the child). An edge that would close a cycle (checked over all edges in all rooms of the
 * context, a self-link included) is CONFLICT naming `parent_id`; linking a pair twice is CONFLICT
 * naming `child_id`. A child without a parent yet takes this one (parent, root, version).
 */
export function linkLineage(
  ctx: LibraryContext,
  input: z.input<typeof linkInput>,
): { lineage_id: string } {
  const data = parseOrThrow(linkInput, input);
  const parent = findLiveAsset(ctx, data.parent_id, 'parent_id');
  const child = findLiveAsset(ctx, data.child_id, 'child_id');
  assertCanEditAsset(ctx, child, 'child_id');
  const edges = linksOf(ctx);
  if (edges.some((e) => e.parent_id === data.parent_id && e.child_id === data.child_id)) {
    throw conflict('these assets are already linked', 'child_id');
  }
  if (wouldCreateCycle(edges, data.parent_id, data.child_id)) {
    throw conflict('this link would make an asset its own ancestor', 'parent_id');
  }
  const id = newId();
  const now = nowIso(ctx);
  const branchName = data.branch_name ?? child.record.metadata.lineage_branch;
  const adopt = child.record.metadata.parent_asset_id === null;
  transactIn(ctx, child.room, 'linkLineage', () => {
    lineageOf(child.room.doc).set(
      id,
      edgeToYMap({
        id,
        parent: parent.record,
        childId: child.record.id,
        evolutionType: data.evolution_type,
        params: data.evolution_params,
        evolvedPrompt: child.record.prompt,
        createdBy: ctx.actor.userId,
        branch: branchName,
        isMerge: data.is_merge,
        createdAt: now,
      }),
    );
    if (adopt) {
      const meta = child.map.get('metadata') as Y.Map<unknown>;
      meta.set('parent_asset_id', parent.record.id);
      meta.set('lineage_root_id', parent.record.metadata.lineage_root_id ?? parent.record.id);
      meta.set('lineage_version', parent.record.metadata.lineage_version + 1);
      meta.set('evolution_type', data.evolution_type);
      meta.set('updated_at', now);
    }
  });
  return { lineage_id: id };
}
