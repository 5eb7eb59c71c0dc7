import type { ErrorCode } from '../../src/lib/library/errors';
import { isLibraryError } from '../../src/lib/library/errors';

/** Why the server closed a sync socket. 4400–4499 tell the y-websocket client not to reconnect. */
export const CloseCode = {
  /** The server is shutting down; reconnect later. */
  GoingAway: 1001,
  MalformedMessage: 4400,
  Unauthenticated: 4401,
  Forbidden: 4403,
  NoSuchRoom: 4404,
  MessageTooLarge: 4413,
  RateLimited: 4429,
  /** The client reads too slowly to keep up; it may reconnect. */
  TryAgainLater: 1013,
  Internal: 4500,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** The one mapping from the library's error vocabulary to close codes. */
const CLOSE_CODE_OF: Record<ErrorCode, CloseCode> = {
  INVALID: CloseCode.MalformedMessage,
  UNSUPPORTED: CloseCode.MalformedMessage,
  UNAUTHORIZED: CloseCode.Unauthenticated,
  FORBIDDEN: CloseCode.Forbidden,
  NOT_FOUND: CloseCode.NoSuchRoom,
  TOO_LARGE: CloseCode.MessageTooLarge,
  RATE_LIMITED: CloseCode.RateLimited,
  // A sync socket has no request to retry; a conflict here is the server's own inconsistency.
  CONFLICT: CloseCode.Internal,
};

export function closeCodeFor(error: unknown): CloseCode {
  return isLibraryError(error) ? CLOSE_CODE_OF[error.code] : CloseCode.Internal;
}

/**
 * A close reason the client can show. The WebSocket protocol caps it at 123 bytes; internal errors
 * are not described to the client.
 */
export function closeReasonFor(error: unknown): string {
  const reason = isLibraryError(error) ? error.message : 'internal error';
  return truncateUtf8(reason, 123);
}

export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let end = Math.min(text.length, maxBytes);
  while (end > 0 && Buffer.byteLength(text.slice(0, end)) > maxBytes - 3) end--;
  return `${text.slice(0, end)}...`;
}
