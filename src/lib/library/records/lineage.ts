/**
 * VideoLineage: one parent → child edge of the family tree. Stored in the `lineage` map of the room
 * that holds the child (a private remix of a team clip shows only in its creator's tree). A merge
 * of several parents is several edges with the same child, each `is_merge: true`.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import {
  evolutionTypeSchema,
  idSchema,
  isoDateSchema,
  jsonObjectSchema,
  readFailure,
  type ReadResult,
} from './common';

export const storedLineageSchema = z.object({
  id: idSchema,
  parent_id: idSchema,
  child_id: idSchema,
  evolution_type: evolutionTypeSchema,
  evolution_params: jsonObjectSchema,
  original_prompt: z.string().max(10_000),
  evolved_prompt: z.string().max(10_000),
  prompt_delta: z.string().max(40_000),
  created_by: idSchema,
  branch_name: z.string().max(100),
  is_merge: z.boolean(),
  created_at: isoDateSchema,
});

export type VideoLineage = z.output<typeof storedLineageSchema>;

export function readLineage(value: unknown): ReadResult<VideoLineage> {
  if (!(value instanceof Y.Map)) return { ok: false, path: '', message: 'not a Y.Map' };
  const parsed = storedLineageSchema.safeParse(value.toJSON());
  if (!parsed.success) {
    return readFailure(parsed.error);
  }
  if (parsed.data.parent_id === parsed.data.child_id) {
    return { ok: false, path: 'child_id', message: 'an asset cannot be its own parent' };
  }
  return { ok: true, value: parsed.data };
}
