/**
 * Record ids are generated where the record is created (often offline), so they are random and
 * never sequential: two peers creating records at once never collide.
 */
export function newId(): string {
  return globalThis.crypto.randomUUID();
}
