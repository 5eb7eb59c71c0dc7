/**
 * Ordered, idempotent migrations of a room document. Each brings a doc from `version - 1` to
 * `version` inside one transaction. They must be safe to run on two peers at once: both write the
 * same values, so the merge is the same as either.
 */
import * as Y from 'yjs';
import { metaOf, SCHEMA_VERSION, schemaVersionOf } from './schema';
import { LibraryError } from './errors';
import { LibraryOrigin } from './context';

export interface Migration {
  version: number;
  description: string;
  up(doc: Y.Doc): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'create the top-level maps and record the schema version',
    up(doc) {
      // Touching the maps makes them exist; the version marks the doc as a library document.
      doc.getMap('assets');
      doc.getMap('collections');
      doc.getMap('shares');
      doc.getMap('lineage');
    },
  },
  {
    version: 2,
    description:
      'collections get a trash (trashed_at and trashed_by, null on every collection); the ' +
      'tombstones map of purged ids',
    up(doc) {
      doc.getMap('tombstones');
      // Only fields a collection lacks are written, so a trash made on a peer that migrated
      // first is never overwritten with null.
      for (const collection of doc.getMap('collections').values()) {
        if (!(collection instanceof Y.Map)) continue;
        if (!collection.has('trashed_at')) collection.set('trashed_at', null);
        if (!collection.has('trashed_by')) collection.set('trashed_by', null);
      }
    },
  },
];

/**
 * Brings `doc` up to {@link SCHEMA_VERSION}. A doc from a newer version is refused (CONFLICT) so an
 * old client never rewrites data it does not understand.
 */
export function migrate(doc: Y.Doc, migrations: readonly Migration[] = MIGRATIONS): number {
  const from = schemaVersionOf(doc);
  const target = migrations.at(-1)?.version ?? SCHEMA_VERSION;
  if (from > target) {
    throw new LibraryError(
      'CONFLICT',
      `this document has schema version ${from}; this app understands up to ${target}. Update the app.`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    doc.transact(
      () => {
        migration.up(doc);
        metaOf(doc).set('schema_version', migration.version);
      },
      new LibraryOrigin('migrate', 'system'),
    );
  }
  return schemaVersionOf(doc);
}
