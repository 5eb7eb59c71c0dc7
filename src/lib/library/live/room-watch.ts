/**
 * Watches the record maps of one room doc and reports, once per transaction, which record
 * ids it touched (from the event keys and paths). The index re-reads only those records.
 */
import * as Y from 'yjs';
import { assetsOf, collectionsOf, lineageOf, sharesOf, tombstonesOf } from '../schema';
import type { RecordMap } from './problems';

export type Pending = Record<RecordMap, Set<string>>;

/**
 * Tombstones first (they hide the ids they name), then assets (lineage needs to know them), then
 * edges, collections, shares.
 */
export const RECORD_MAPS: readonly RecordMap[] = [
  'tombstones',
  'assets',
  'lineage',
  'collections',
  'shares',
];

export const mapOf: Record<RecordMap, (doc: Y.Doc) => Y.Map<unknown>> = {
  assets: assetsOf,
  collections: collectionsOf,
  shares: sharesOf,
  lineage: lineageOf,
  tombstones: tombstonesOf,
};

export const emptyPending = (): Pending => ({
  assets: new Set(),
  collections: new Set(),
  shares: new Set(),
  lineage: new Set(),
  tombstones: new Set(),
});

/**
 * Calls `flush` with every record id of the doc at once, then after each transaction that
 * touched records, with their ids. Returns the function that stops watching.
 */
export function watchRoom(doc: Y.Doc, flush: (batch: Pending) => void): () => void {
  let pending = emptyPending();
  const observers = RECORD_MAPS.map((kind) => {
    const map = mapOf[kind](doc);
    const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
      for (const event of events) {
        if (event.target === map) {
          for (const key of event.changes.keys.keys()) pending[kind].add(key);
        } else {
          // A change inside a record: its id is the first step of the path from the map.
          const id = event.path[0];
          if (typeof id === 'string') pending[kind].add(id);
        }
      }
    };
    map.observeDeep(observer);
    return () => map.unobserveDeep(observer);
  });
  const afterTransaction = () => {
    if (RECORD_MAPS.every((kind) => pending[kind].size === 0)) return;
    const batch = pending;
    pending = emptyPending();
    flush(batch);
  };
  doc.on('afterTransaction', afterTransaction);
  for (const kind of RECORD_MAPS) for (const id of mapOf[kind](doc).keys()) pending[kind].add(id);
  afterTransaction();
  return () => {
    observers.forEach((stop) => stop());
    doc.off('afterTransaction', afterTransaction);
  };
}
