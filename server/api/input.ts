/**
 * Reading library requests: the JSON body as a plain object (the library core validates the
 * fields), query parameters, and the user ids a body may carry only as the caller's own.
 */
import type { Context } from 'hono';
import { forbidden, invalid, LibraryError } from '../../src/lib/library/errors';
import { idSchema } from '../../src/lib/library/records/common';

export type Body = Record<string, unknown>;

/**
 * The request body as an object. An empty body is `{}` (routes like restore need none); anything
 * else must be JSON (415 otherwise) and a JSON object (400, "(body): …").
 */
export async function readBody(c: Context): Promise<Body> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  const type = c.req.header('content-type') ?? '';
  // Requiring JSON also keeps cross-site HTML forms (no preflight) away from these routes.
  if (!/^application\/json\b/i.test(type)) {
    throw new LibraryError(
      'UNSUPPORTED',
      '(body): Content-Type must be application/json',
      '(body)',
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('(body)', 'malformed JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('(body)', 'must be a JSON object');
  }
  return value as Body;
}

/** The user-id fields of the spec's bodies: the server fills them in with the caller. */
const SELF_FIELDS = ['creator_id', 'shared_by', 'user_id', 'added_by'] as const;

/**
 * Refuses a body that names another user in `creator_id`, `shared_by`, `user_id` or `added_by`
 * (403 naming the field) and drops those fields, so the core records the caller. A malformed id
 * there is 400.
 */
export function withoutSelfIds(body: Body, userId: string): Body {
  const rest: Body = { ...body };
  for (const field of SELF_FIELDS) {
    const value = rest[field];
    delete rest[field];
    if (value === undefined || value === null) continue;
    const parsed = idSchema.safeParse(value);
    if (!parsed.success) throw invalid(field, 'must be a user id');
    if (parsed.data !== userId) throw forbidden(`${field}: must be your own user id`, field);
  }
  return rest;
}

/** A query parameter given at most once, or undefined. */
export function queryValue(c: Context, name: string): string | undefined {
  const values = c.req.queries(name);
  if (!values || values.length === 0) return undefined;
  if (values.length > 1) throw invalid(name, 'give it once');
  return values[0];
}

/**
 * Query parameters as search filters: numbers, booleans and comma lists converted to the types
 * the search body uses, so `?team_id=T&tags=hero,intro&duration_min=5` means what the body would.
 */
export function queryFilters(c: Context): Body {
  const filters: Body = {};
  const lists = new Set(['tags', 'categories', 'moods', 'scene_types', 'engines', 'creators']);
  const numbers = new Set(['duration_min', 'duration_max', 'page', 'per_page']);
  const booleans = new Set(['has_lineage', 'trashed']);
  for (const [name, value] of Object.entries(c.req.query())) {
    if (name === 'token') continue;
    if (lists.has(name)) {
      filters[name] = value.split(',').filter((part) => part.trim() !== '');
    } else if (numbers.has(name)) {
      const number = Number(value);
      if (value.trim() === '' || !Number.isFinite(number)) throw invalid(name, 'must be a number');
      filters[name] = number;
    } else if (booleans.has(name)) {
      if (value !== 'true' && value !== 'false') throw invalid(name, 'must be true or false');
      filters[name] = value === 'true';
    } else {
      filters[name] = value;
    }
  }
  return filters;
}

/** A body handed to a core operation as is: the operation validates every field itself. */
export function untrusted<T>(body: Body): T {
  return body as T;
}
