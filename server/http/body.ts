/** Reading and validating JSON request bodies: 415 without JSON, 400 when malformed or invalid. */
import type { IncomingMessage } from 'node:http';
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

/**
 * Reads and discards the rest of a refused request body before answering, so the client (which
 * is still sending) gets the 413 instead of a reset connection. Reads through the request's web
 * stream when it is free: the node stream underneath is already adapted to it and stays paused
 * by that adapter's backpressure if read any other way. Gives up past `maxBytes` or `timeoutMs`;
 * the connection is then closed.
 */
export async function drainRequestBody(
  request: Request,
  incoming: IncomingMessage | undefined,
  maxBytes: number,
  timeoutMs: number,
): Promise<void> {
  const body = request.body;
  if (body && !body.locked) {
    const reader = body.getReader();
    const timer = setTimeout(() => void reader.cancel().catch(() => undefined), timeoutMs);
    try {
      let read = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        read += value.byteLength;
        if (read > maxBytes) {
          await reader.cancel();
          break;
        }
      }
    } catch {
      // A cancelled or broken stream: nothing more to drain.
    } finally {
      clearTimeout(timer);
    }
    return;
  }
  await drainIncoming(incoming, maxBytes, timeoutMs);
}

function drainIncoming(
  incoming: IncomingMessage | undefined,
  maxBytes: number,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve) => {
    if (!incoming || incoming.readableEnded || incoming.destroyed) return resolve();
    let read = 0;
    const finish = () => {
      clearTimeout(timer);
      incoming.off('data', onData);
      incoming.off('end', finish);
      incoming.off('error', finish);
      incoming.off('close', finish);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      read += chunk.length;
      if (read > maxBytes) finish();
    };
    const timer = setTimeout(finish, timeoutMs);
    incoming.on('data', onData);
    incoming.on('end', finish);
    incoming.on('error', finish);
    incoming.on('close', finish);
    incoming.resume();
  });
}
