import { z } from 'zod';
import { LibraryError } from '../errors';

/** Opaque ids: the REST API accepts a JSON number or string and always answers with a string. */
export const idSchema = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform((value) => String(value))
  .pipe(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id (letters, digits, _ or -)'));

export const isoDateSchema = z.iso.datetime({ offset: true, local: true });

export const shortText = (max: number) => z.string().trim().max(max);

export const SHARE_LEVELS = ['private', 'team', 'public'] as const;
export type ShareLevel = (typeof SHARE_LEVELS)[number];
export const shareLevelSchema = z.enum(SHARE_LEVELS);

export const EVOLUTION_TYPES = ['duplicate', 'evolve', 'extend', 'remix', 'variation'] as const;
export type EvolutionType = (typeof EVOLUTION_TYPES)[number];
export const evolutionTypeSchema = z.enum(EVOLUTION_TYPES);

export const ROLES = ['owner', 'admin', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** A tag: trimmed, lower-cased, no commas (the spec's comma-separated form must round-trip). */
export const tagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'must not be empty')
  .max(50)
  .regex(/^[^,]+$/, 'must not contain a comma');

/** Tags arrive as an array or as the spec's comma-separated string. */
export const tagListSchema = z
  .union([z.array(z.string()), z.string()])
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(',')).map((tag) => tag.trim()).filter(Boolean),
  )
  .pipe(z.array(tagSchema).max(100))
  .transform((tags) => [...new Set(tags)]);

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValueSchema),
    z.record(z.string(), jsonValueSchema),
  ]),
);

export const jsonObjectSchema = z.record(z.string(), jsonValueSchema);

/** Turns the first zod issue into INVALID naming the failing path (`tags.3`, `asset_id`). */
export function toLibraryError(error: z.ZodError, prefix?: string): LibraryError {
  const issue = error.issues[0];
  const parts = [...(prefix ? [prefix] : []), ...(issue?.path ?? []).map(String)];
  const path = parts.join('.') || '(body)';
  const message = issue?.message ?? 'invalid';
  return new LibraryError('INVALID', `${path}: ${message}`, path);
}

/** Parses `value` or throws INVALID naming the failing path. */
export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  value: unknown,
  prefix?: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw toLibraryError(result.error, prefix);
  return result.data;
}

/** What reading a record another peer wrote gives: the value, or where it is malformed. */
export type ReadResult<T> = { ok: true; value: T } | { ok: false; path: string; message: string };

export function readFailure<T>(error: z.ZodError): ReadResult<T> {
  const issue = error.issues[0];
  return {
    ok: false,
    path: (issue?.path ?? []).map(String).join('.'),
    message: issue?.message ?? 'invalid',
  };
}
