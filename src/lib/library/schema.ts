/**
 * The shape of one room's Y.Doc (docs/schema.md). Top-level Y.Maps: `assets`, `collections`,
 * `shares`, `lineage`, `tombstones` (purged ids, version 2) and `meta` (schema version).
 * Everything reaches the doc through these getters so the names live in one place.
 */
import * as Y from 'yjs';

export const SCHEMA_VERSION = 2;

export const assetsOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('assets');
export const collectionsOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('collections');
export const sharesOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('shares');
export const lineageOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('lineage');
export const tombstonesOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('tombstones');
export const metaOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('meta');

/** The schema version a doc was last migrated to; 0 for a doc nobody has written yet. */
export function schemaVersionOf(doc: Y.Doc): number {
  const version = metaOf(doc).get('schema_version');
  return typeof version === 'number' && Number.isInteger(version) && version >= 0 ? version : 0;
}
