/**
 * What the records in a peer's room docs say, read without the live index: the record every peer
 * must show per id, the malformed records that must be reported, and the lineage edges that must
 * count. The invariants (invariants.ts) hold the index to these.
 */
import type * as Y from 'yjs';
import type { LibraryRoom } from '../../../src/lib/library/context';
import { readAsset, type VideoAsset } from '../../../src/lib/library/records/asset';
import { readCollection, type VideoCollection } from '../../../src/lib/library/records/collection';
import type { ReadResult } from '../../../src/lib/library/records/common';
import { readLineage, type VideoLineage } from '../../../src/lib/library/records/lineage';
import { readShare, type VideoShare } from '../../../src/lib/library/records/share';
import { readTombstone } from '../../../src/lib/library/records/tombstone';
import {
  assetsOf,
  collectionsOf,
  lineageOf,
  sharesOf,
  tombstonesOf,
} from '../../../src/lib/library/schema';

type RecordMapName = 'assets' | 'collections' | 'shares' | 'lineage' | 'tombstones';

export interface Expected {
  assets: Map<string, Placed<VideoAsset>>;
  collections: Map<string, Placed<VideoCollection>>;
  shares: Map<string, Placed<VideoShare>>;
  edges: Map<string, Placed<VideoLineage>>;
  problems: Set<string>;
}

export interface Placed<T> {
  value: T;
  room: string;
}

const KIND_RANK: Record<LibraryRoom['kind'], number> = {
  team: 0,
  private: 1,
  shared: 2,
  public: 3,
};

function roomBefore(a: LibraryRoom, b: LibraryRoom): boolean {
  return KIND_RANK[a.kind] - KIND_RANK[b.kind] < 0 || (a.kind === b.kind && a.name < b.name);
}

/** Reads one record map of every room the way a careful reader would, with the problems. */
function readAll<T extends { id: string }>(
  rooms: readonly LibraryRoom[],
  map: RecordMapName,
  mapOf: (doc: Y.Doc) => Y.Map<unknown>,
  reader: (value: unknown) => ReadResult<T>,
  problems: Set<string>,
): Map<string, Placed<T>> {
  const winners = new Map<string, { value: T; room: LibraryRoom }>();
  for (const room of rooms) {
    for (const [id, raw] of mapOf(room.doc).entries()) {
      const result = reader(raw);
      if (!result.ok) {
        problems.add(problemKey(room.name, map, id, result.path));
        continue;
      }
      const skipped = (result.value as { skipped?: VideoCollection['skipped'] }).skipped ?? [];
      for (const item of skipped) problems.add(problemKey(room.name, map, id, item.path));
      if (result.value.id !== id) {
        problems.add(problemKey(room.name, map, id, 'id'));
        continue;
      }
      const best = winners.get(id);
      if (!best || roomBefore(room, best.room)) winners.set(id, { value: result.value, room });
    }
  }
  return new Map([...winners].map(([id, { value, room }]) => [id, { value, room: room.name }]));
}

export function problemKey(room: string, map: string, id: string, path: string): string {
  return `${room} ${map} ${id} ${path}`;
}

export function expectedOf(rooms: readonly LibraryRoom[]): Expected {
  const problems = new Set<string>();
  const tombstones = readAll(rooms, 'tombstones', tombstonesOf, readTombstone, problems);
  // An asset or collection id purged in any room is gone from every room.
  const alive = <T>(records: Map<string, T>) =>
    new Map([...records].filter(([id]) => !tombstones.has(id)));
  return {
    assets: alive(readAll(rooms, 'assets', assetsOf, readAsset, problems)),
    collections: alive(readAll(rooms, 'collections', collectionsOf, readCollection, problems)),
    shares: readAll(rooms, 'shares', sharesOf, readShare, problems),
    edges: readAll(rooms, 'lineage', lineageOf, readLineage, problems),
    problems,
  };
}

/**
 * The edges that count, decided without the index: only edges whose ends are both known assets,
 * taken in ascending id; one that would close a cycle over those taken so far is dropped.
 */
export function acceptedEdges(
  edges: Iterable<VideoLineage>,
  isKnown: (id: string) => boolean,
): VideoLineage[] {
  const sorted = [...edges]
    .filter((edge) => isKnown(edge.parent_id) && isKnown(edge.child_id))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const children = new Map<string, string[]>();
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set([from]);
    const stack = [from];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node === to) return true;
      for (const next of children.get(node) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return false;
  };
  const accepted: VideoLineage[] = [];
  for (const edge of sorted) {
    if (reaches(edge.child_id, edge.parent_id)) continue;
    accepted.push(edge);
    const list = children.get(edge.parent_id) ?? [];
    list.push(edge.child_id);
    children.set(edge.parent_id, list);
  }
  return accepted;
}

/** A cycle among `edges` (as asset ids), or null. */
export function findCycle(edges: Iterable<Pick<VideoLineage, 'parent_id' | 'child_id'>>) {
  const children = new Map<string, string[]>();
  for (const edge of edges) {
    children.set(edge.parent_id, [...(children.get(edge.parent_id) ?? []), edge.child_id]);
  }
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'open');
    path.push(node);
    for (const next of children.get(node) ?? []) {
      const seen = state.get(next);
      if (seen === 'open') return [...path.slice(path.indexOf(next)), next];
      if (seen === undefined) {
        const found = visit(next);
        if (found) return found;
      }
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of children.keys()) {
    if (state.has(node)) continue;
    const found = visit(node);
    if (found) return found;
  }
  return null;
}
