/**
 * The one error vocabulary of the library. Every operation throws a {@link LibraryError}; the server
 * maps `code` once to an HTTP status (server/http/errors.ts) and once to a WebSocket close code.
 */
export type ErrorCode =
  | 'INVALID'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'UNAUTHORIZED'
  | 'TOO_LARGE'
  | 'UNSUPPORTED'
  | 'RATE_LIMITED';

export class LibraryError extends Error {
  readonly code: ErrorCode;
  /** The field (dotted path) that failed, when one did: `tags.3`, `asset_id`. */
  readonly path: string | undefined;

  constructor(code: ErrorCode, message: string, path?: string) {
    super(message);
    this.name = 'LibraryError';
    this.code = code;
    this.path = path;
  }
}

export const invalid = (path: string, message: string): LibraryError =>
  new LibraryError('INVALID', `${path}: ${message}`, path);

export const notFound = (what: string, id: string, path?: string): LibraryError =>
  new LibraryError('NOT_FOUND', `${what} ${JSON.stringify(id)} not found`, path);

export const forbidden = (message: string, path?: string): LibraryError =>
  new LibraryError('FORBIDDEN', message, path);

export const conflict = (message: string, path?: string): LibraryError =>
  new LibraryError('CONFLICT', message, path);

export function isLibraryError(value: unknown): value is LibraryError {
  return value instanceof LibraryError;
}
