/**
 * Copying records between rooms as the server does for projections: nested Y.Maps stay nested
 * Y.Maps (tags, metadata, views), plain JSON values are copied as they are.
 */
import * as Y from 'yjs';

export function cloneYMap(source: Y.Map<unknown>): Y.Map<unknown> {
  const copy = new Y.Map<unknown>();
  for (const [key, value] of source.entries()) {
    copy.set(
      key,
      value instanceof Y.Map ? cloneYMap(value as Y.Map<unknown>) : structuredClone(value),
    );
  }
  return copy;
}

/** JSON with sorted keys, so two equal records compare equal whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}

export function recordJson(value: unknown): string {
  return value instanceof Y.Map ? stableJson(value.toJSON()) : stableJson(value);
}
