/**
 * The one place where LibraryError codes become HTTP statuses, and where any error becomes the
 * JSON error body `{ success: false, error: "<field>: <message>" }`.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isLibraryError, LibraryError, type ErrorCode } from '../../src/lib/library/errors';

export const HTTP_STATUS: Readonly<Record<ErrorCode, ContentfulStatusCode>> = {
  INVALID: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_LARGE: 413,
  UNSUPPORTED: 415,
  RATE_LIMITED: 429,
};

export const unauthorized = (message = 'authentication required'): LibraryError =>
  new LibraryError('UNAUTHORIZED', message);

export const rateLimited = (message: string): LibraryError =>
  new LibraryError('RATE_LIMITED', message);

/** `<field>: <message>`: library messages mostly carry their path already; add it when not. */
export function errorMessage(error: LibraryError): string {
  const { path, message } = error;
  return path && !message.startsWith(`${path}:`) ? `${path}: ${message}` : message;
}

export function errorResponse(c: Context, error: LibraryError): Response {
  return c.json({ success: false, error: errorMessage(error) }, HTTP_STATUS[error.code]);
}

/** For `app.onError`: library errors keep their status; anything else is a logged 500. */
export function handleError(
  c: Context,
  error: unknown,
  logUnexpected: (error: unknown) => void,
): Response {
  if (isLibraryError(error)) return errorResponse(c, error);
  logUnexpected(error);
  return c.json({ success: false, error: 'internal error' }, 500);
}
