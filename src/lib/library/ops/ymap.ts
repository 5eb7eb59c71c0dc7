/** Small Y.Map helpers shared by the operations. */
import * as Y from 'yjs';

/** Structural equality of plain JSON values (key order ignored), for "only write what changed". */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Y.AbstractType || b instanceof Y.AbstractType) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((value, i) => sameJson(value, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((key) =>
      sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
    )
  );
}

/** Adds and removes set members one by one, so concurrent edits of other tags merge. */
export function applyTagDiff(set: Y.Map<true>, add: readonly string[], remove: readonly string[]) {
  for (const tag of remove) set.delete(tag);
  for (const tag of add) set.set(tag, true);
}

/**
 * A deep copy of a Y value, not yet part of any doc: nested Y.Maps and Y.Arrays become new types,
 * plain JSON is cloned. Used to move a record to another room's doc.
 */
export function cloneYValue(value: unknown): unknown {
  if (value instanceof Y.Map) {
    const copy = new Y.Map<unknown>();
    for (const [key, inner] of value.entries()) copy.set(key, cloneYValue(inner));
    return copy;
  }
  if (value instanceof Y.Array) {
    const copy = new Y.Array<unknown>();
    copy.push(value.toArray().map(cloneYValue));
    return copy;
  }
  if (value instanceof Y.AbstractType) {
    // Text-like types do not occur in the schema; their JSON keeps the content readable.
    return value.toJSON();
  }
  return value === undefined ? null : structuredClone(value);
}
