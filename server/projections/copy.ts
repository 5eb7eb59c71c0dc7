/**
 * Copying records between rooms as the server does for projections: nested Y.Maps stay nested
 * Y.Maps (tags, metadata, views), plain JSON values are copied as they are. Records are kept as
 * snapshots between copies, so the projector need not keep their source rooms loaded.
 */
import * as Y from 'yjs';

/** A Y.Map's content detached from its doc; nested Y.Maps are nested snapshots. */
export class MapSnapshot {
  constructor(readonly entries: ReadonlyArray<readonly [string, unknown]>) {}
}

/** A record as the projector keeps it: its content and its stable JSON (for comparisons). */
export interface RecordSnapshot {
  map: MapSnapshot;
  json: string;
}

function detach(value: unknown): unknown {
  if (value instanceof Y.Map) return snapshotOf(value as Y.Map<unknown>);
  // Any other shared type (a peer may write one) is copied as its JSON.
  if (value instanceof Y.AbstractType) return value.toJSON();
  return structuredClone(value);
}

export function snapshotOf(source: Y.Map<unknown>): MapSnapshot {
  return new MapSnapshot([...source.entries()].map(([key, value]) => [key, detach(value)]));
}

export function recordSnapshot(source: Y.Map<unknown>): RecordSnapshot {
  const map = snapshotOf(source);
  return { map, json: stableJson(plainOf(map)) };
}

/** The JSON a Y.Map built from the snapshot would answer with `toJSON()`. */
function plainOf(value: unknown): unknown {
  if (!(value instanceof MapSnapshot)) return value;
  return Object.fromEntries(value.entries.map(([key, inner]) => [key, plainOf(inner)]));
}

/** A fresh Y.Map (to insert into a doc) holding the snapshot's content. */
export function buildYMap(snapshot: MapSnapshot): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of snapshot.entries) {
    map.set(key, value instanceof MapSnapshot ? buildYMap(value) : structuredClone(value));
  }
  return map;
}

export function cloneYMap(source: Y.Map<unknown>): Y.Map<unknown> {
  return buildYMap(snapshotOf(source));
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
