/** Reading and validating JSON request bodies: 415 without JSON, 400 when malformed or invalid. */
import type { Context } from 'hono';
import type { z } from 'zod';
import { invalid, LibraryError } from '../../src/lib/library/errors';
import { parseOrThrow } from '../../src/lib/library/records/common';

export async function jsonBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  const type = c.req.header('content-type') ?? '';
  // Requiring JSON also keeps cross-site HTML forms (no preflight) away from these routes.
  if (!/^application\/json\b/i.test(type)) {
    throw new LibraryError(
      'UNSUPPORTED',
      '(body): Content-Type must be application/json',
      '(body)',
    );
  }
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('(body)', 'malformed JSON');
  }
  return parseOrThrow(schema, value);
}
