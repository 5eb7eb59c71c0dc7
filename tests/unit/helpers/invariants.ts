/**
 * The invariants every peer's library must hold after any sequence of edits and merges, checked
 * against what the records in the room docs say (re-read here independently of the live index):
 *
 * - every malformed record is reported in `index.problems` (and nothing else is), never crashes;
 * - the index shows, per id, the record of the same room every peer picks (team, private, shared,
 *   public, then room name);
 * - no asset twice in a collection; every collection's order is total and strict by
 *   (order_key, asset_id) with valid fractional keys; the videos shown are its live items in order;
 * - video_count / total_duration, duplicate_count / remix_count / has_lineage / view_count equal
 *   what the items, edges and counters say;
 * - the lineage graph the index exposes has no cycle, and the edges it ignores are exactly those a
 *   deterministic rule drops (ascending edge id, an edge that would close a cycle loses), so every
 *   peer ignores the same ones;
 * - no query throws, and the live index (updated incrementally from Y events) answers every query
 *   exactly like an index built from scratch over the same docs.
 *
 * `checkInvariants` returns readable violations (empty when all hold) so a seeded run can print
 * its seed before failing.
 */
import { isDeepStrictEqual } from 'node:util';
import type { LibraryRoom } from '../../../src/lib/library/context';
import { LibraryIndex } from '../../../src/lib/library/live/library-index';
import { compareItems } from '../../../src/lib/library/records/collection';
import { isValidKey } from '../../../src/lib/library/ops/order';
import {
  assetDetails,
  availableFilters,
  collectionWithVideos,
  constellationMap,
  lineageTree,
  searchLibrary,
  sharesOfAsset,
  teamCollections,
  trashedCollections,
  type LineageDescendant,
  type SearchResultRow,
} from '../../../src/lib/library/queries/index';
import { acceptedEdges, expectedOf, findCycle, problemKey } from './reference';

export { acceptedEdges, findCycle } from './reference';

/** What a peer holds: its rooms and the live index over them. */
export interface InvariantView {
  name: string;
  rooms: readonly LibraryRoom[];
  index: LibraryIndex;
}

export interface InvariantOptions {
  teamId?: string;
  /** The clock for share expiry. */
  now?: Date;
  /** A hostile peer wrote order keys that are not fractional keys: order must still be total. */
  allowInvalidKeys?: boolean;
  /** Also compare every query of the live index with a freshly built one (default true). */
  compareFresh?: boolean;
  /**
   * The views hold byte-identical docs: peers with the same rooms must then answer every query
   * identically.
   */
  converged?: boolean;
}

/** Every search row of the library (or of the trash), all pages. */
function allRows(index: LibraryIndex, trashed: boolean, extra: object = {}): SearchResultRow[] {
  const rows: SearchResultRow[] = [];
  for (let page = 1; ; page++) {
    const response = searchLibrary(index, { ...extra, trashed, page, per_page: 100 });
    rows.push(...response.results);
    if (page >= response.total_pages) return rows;
  }
}

function countNodes(nodes: readonly LineageDescendant[]): number {
  return nodes.reduce((sum, node) => sum + 1 + countNodes(node.children), 0);
}

/** Everything queries answer, in one comparable value. */
function snapshot(index: LibraryIndex, teamId: string, now: Date): unknown {
  const assetIds = [...index.allAssets()].map((entry) => entry.asset.id).sort();
  const collectionIds = [...index.collections()].map((placed) => placed.value.id).sort();
  return {
    problems: index.problems
      .map((p) => problemKey(p.room, p.map, p.id, `${p.path}: ${p.message}`))
      .sort(),
    library: allRows(index, false),
    trash: allRows(index, true),
    byName: searchLibrary(index, { sort_by: 'name', per_page: 100 }),
    byViews: searchLibrary(index, { sort_by: 'views', sort_order: 'asc', per_page: 100 }),
    withLineage: searchLibrary(index, { has_lineage: true, per_page: 100 }),
    filters: availableFilters(index, teamId),
    teamCollections: teamCollections(index, teamId),
    trashedCollections: trashedCollections(index, teamId),
    collections: collectionIds.map((id) =>
      collectionWithVideos(index, id, { includeTrashed: true }),
    ),
    constellation: constellationMap(index),
    details: assetIds.map((id) => assetDetails(index, id)),
    trees: assetIds.map((id) => lineageTree(index, id)),
    shares: assetIds.map((id) => sharesOfAsset(index, id, now)),
  };
}

/** Names the first top-level part where two snapshots differ. */
function firstDifference(a: unknown, b: unknown): string {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return '(value)';
  for (const key of Object.keys(a)) {
    const left = (a as Record<string, unknown>)[key];
    const right = (b as Record<string, unknown>)[key];
    if (!isDeepStrictEqual(left, right)) {
      return `${key}: ${JSON.stringify(left).slice(0, 600)} vs ${JSON.stringify(right).slice(0, 600)}`;
    }
  }
  return '(keys)';
}

function checkView(view: InvariantView, options: Required<InvariantOptions>, fail: Fail): unknown {
  const { index } = view;
  const expected = expectedOf(view.rooms);
  const guard = <T>(what: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      fail(`${what} threw: ${error instanceof Error ? error.stack : String(error)}`);
      return undefined;
    }
  };

  // Malformed records: each reported, nothing else reported.
  const reported = new Set(index.problems.map((p) => problemKey(p.room, p.map, p.id, p.path)));
  for (const key of expected.problems) if (!reported.has(key)) fail(`problem not reported: ${key}`);
  for (const key of reported) if (!expected.problems.has(key)) fail(`stale problem: ${key}`);

  // The index shows the same record for every id as the records say.
  if (index.assetCount !== expected.assets.size) {
    fail(`index holds ${index.assetCount} assets, the docs ${expected.assets.size}`);
  }
  for (const [id, placed] of expected.assets) {
    const entry = index.asset(id);
    if (!entry) fail(`asset ${id} missing from the index`);
    else if (entry.room !== placed.room || !isDeepStrictEqual(entry.asset, placed.value)) {
      fail(`asset ${id} in the index differs from ${placed.room}`);
    }
  }
  const indexed = [...index.collections()];
  if (indexed.length !== expected.collections.size) {
    fail(`index holds ${indexed.length} collections, the docs ${expected.collections.size}`);
  }
  for (const [id, placed] of expected.collections) {
    const inIndex = index.collection(id);
    if (
      !inIndex ||
      inIndex.room !== placed.room ||
      !isDeepStrictEqual(inIndex.value, placed.value)
    ) {
      fail(`collection ${id} in the index differs from ${placed.room}`);
    }
  }

  const live = (id: string) => expected.assets.get(id)?.value.trashed_at === null;

  // Collections: one item per asset, a total strict order on valid keys, counts as shown.
  for (const [id, { value: collection }] of expected.collections) {
    const ids = collection.items.map((item) => item.asset_id);
    if (new Set(ids).size !== ids.length) fail(`collection ${id} holds an asset twice: ${ids}`);
    collection.items.forEach((item, i) => {
      const previous = collection.items[i - 1];
      if (previous && compareItems(previous, item) >= 0) {
        fail(`collection ${id}: items ${i - 1} and ${i} are not strictly ordered`);
      }
      if (!options.allowInvalidKeys && !isValidKey(item.order_key)) {
        fail(`collection ${id}: item ${item.asset_id} has invalid key ${item.order_key}`);
      }
    });
    const shown = guard(`collectionWithVideos(${id})`, () =>
      collectionWithVideos(index, id, { includeTrashed: true }),
    );
    if (!shown) continue;
    const wanted = collection.items.filter((item) => live(item.asset_id));
    const videos = shown.videos;
    if (
      !isDeepStrictEqual(
        videos.map((video) => [video.asset_id, video.order_key]),
        wanted.map((item) => [item.asset_id, item.order_key]),
      )
    ) {
      fail(
        `collection ${id} shows ${videos.map((v) => v.asset_id)}, items say ${wanted.map((i) => i.asset_id)}`,
      );
    }
    if (videos.some((video, i) => video.order_index !== i)) fail(`collection ${id}: order_index`);
    const total = wanted.reduce(
      (sum, item) => sum + expected.assets.get(item.asset_id)!.value.duration,
      0,
    );
    if (shown.collection.video_count !== wanted.length) {
      fail(`collection ${id}: video_count ${shown.collection.video_count}, items ${wanted.length}`);
    }
    if (shown.collection.total_duration !== Math.round(total * 1000) / 1000) {
      fail(`collection ${id}: total_duration ${shown.collection.total_duration}, items ${total}`);
    }
  }

  // Shares by asset.
  for (const assetId of expected.assets.keys()) {
    const want = [...expected.shares.values()]
      .filter((share) => share.value.asset_id === assetId)
      .map((share) => share.value.id)
      .sort();
    const got = index
      .sharesOf(assetId)
      .map((share) => share.id)
      .sort();
    if (!isDeepStrictEqual(got, want)) fail(`shares of ${assetId}: ${got} vs ${want}`);
  }

  // Lineage: acyclic, the same edges ignored as the deterministic rule drops, counts derived.
  const reference = acceptedEdges(
    [...expected.edges.values()].map((placed) => placed.value),
    (id) => expected.assets.has(id),
  );
  const acceptedIds = [...index.lineage.acceptedEdges()].map((edge) => edge.id).sort();
  const referenceIds = reference.map((edge) => edge.id).sort();
  if (!isDeepStrictEqual(acceptedIds, referenceIds)) {
    fail(`accepted lineage edges ${acceptedIds} differ from the rule's ${referenceIds}`);
  }
  const cycle = findCycle(index.lineage.acceptedEdges());
  if (cycle) fail(`lineage cycle ${cycle.join(' → ')}`);

  const rows = new Map<string, SearchResultRow>();
  for (const trashed of [false, true]) {
    for (const row of guard(`search trashed=${trashed}`, () => allRows(index, trashed)) ?? []) {
      if (rows.has(row.id)) fail(`search lists ${row.id} twice`);
      rows.set(row.id, row);
    }
  }
  if (rows.size !== expected.assets.size) {
    fail(`search lists ${rows.size} assets, the docs hold ${expected.assets.size}`);
  }
  for (const [id, { value: asset }] of expected.assets) {
    const out = reference.filter((edge) => edge.parent_id === id && live(edge.child_id));
    const into = reference.filter((edge) => edge.child_id === id && live(edge.parent_id));
    const want = {
      duplicate_count: out.filter((edge) => edge.evolution_type === 'duplicate').length,
      remix_count: out.filter((edge) => edge.evolution_type === 'remix').length,
      has_lineage: out.length + into.length > 0,
      view_count: asset.metadata.view_count,
    };
    const details = guard(`assetDetails(${id})`, () => assetDetails(index, id));
    const row = rows.get(id);
    for (const [label, got] of [
      ['details', details && { ...details.metadata }],
      ['search row', row],
    ] as const) {
      if (!got) continue;
      const have = {
        duplicate_count: got.duplicate_count,
        remix_count: got.remix_count,
        has_lineage: got.has_lineage,
        view_count: got.view_count,
      };
      if (!isDeepStrictEqual(have, want)) {
        fail(
          `${label} of ${id}: ${JSON.stringify(have)}, edges/counter say ${JSON.stringify(want)}`,
        );
      }
    }
    const tree = guard(`lineageTree(${id})`, () => lineageTree(index, id));
    if (tree) {
      const up = tree.ancestors.map((a) => a.asset_id);
      if (new Set(up).size !== up.length || up.includes(id)) fail(`ancestors of ${id} repeat`);
      if (countNodes(tree.descendants) > expected.assets.size) fail(`descendants of ${id} repeat`);
    }
    guard(`sharesOfAsset(${id})`, () => sharesOfAsset(index, id, options.now));
  }

  // The remaining queries answer without throwing and agree with the graph.
  const map = guard('constellationMap', () => constellationMap(index));
  if (map) {
    const acceptedPairs = new Set(reference.map((edge) => `${edge.parent_id}>${edge.child_id}`));
    for (const edge of map.edges) {
      if (!acceptedPairs.has(`${edge.source}>${edge.target}`)) {
        fail(`constellation shows an edge the graph ignores: ${edge.source} → ${edge.target}`);
      }
    }
  }
  guard('availableFilters', () => availableFilters(index, options.teamId));
  guard('teamCollections', () => teamCollections(index, options.teamId));
  const word = [...expected.assets.values()][0]?.value.name.split(/\s+/)[0];
  if (word) guard('text search', () => searchLibrary(index, { search_text: word.slice(0, 3) }));

  const current = guard('snapshot', () => snapshot(index, options.teamId, options.now));
  if (options.compareFresh && current !== undefined) {
    const fresh = new LibraryIndex(view.rooms);
    try {
      const rebuilt = guard('snapshot of a fresh index', () =>
        snapshot(fresh, options.teamId, options.now),
      );
      if (rebuilt !== undefined && !isDeepStrictEqual(current, rebuilt)) {
        fail(`live index differs from a fresh one: ${firstDifference(current, rebuilt)}`);
      }
    } finally {
      fresh.destroy();
    }
  }
  return current;
}

type Fail = (message: string) => void;

/** Checks every invariant on every view; returns the violations (empty when all hold). */
export function checkInvariants(
  views: readonly InvariantView[],
  options: InvariantOptions = {},
): string[] {
  const all: Required<InvariantOptions> = {
    teamId: options.teamId ?? 'team1',
    now: options.now ?? new Date('2026-01-01T10:00:00.000Z'),
    allowInvalidKeys: options.allowInvalidKeys ?? false,
    compareFresh: options.compareFresh ?? true,
    converged: options.converged ?? false,
  };
  const violations: string[] = [];
  const snapshots = views.map((view) =>
    checkView(view, all, (message) => violations.push(`${view.name}: ${message}`)),
  );
  if (all.converged) {
    // Peers that read the same rooms must see the same library.
    const roomsKey = (view: InvariantView) =>
      view.rooms
        .map((room) => room.name)
        .sort()
        .join(',');
    views.forEach((view, i) => {
      const j = views.findIndex((other) => roomsKey(other) === roomsKey(view));
      if (j < i && !isDeepStrictEqual(snapshots[i], snapshots[j])) {
        violations.push(
          `${view.name} and ${views[j]!.name} see different libraries: ${firstDifference(snapshots[j], snapshots[i])}`,
        );
      }
    });
  }
  return violations;
}
