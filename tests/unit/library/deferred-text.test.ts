import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LibraryIndex } from '../../../src/lib/library/live';
import { availableFilters, searchLibrary } from '../../../src/lib/library/queries';
import { toSearchPlan, type SearchFilters } from '../../../src/lib/library/queries';
import { runSearch } from '../../../src/lib/library/search/engine';
import { assetToYMap, setToYMap } from '../../../src/lib/library/records/asset';
import { assetsOf, collectionsOf } from '../../../src/lib/library/schema';
import { generateLibrary, writeLibrary } from '../../../bench/data/generate';
import { queryMix } from '../../../bench/data/query-mix';
import { pick, seededRandom } from '../../../bench/data/random';
import { assetRecord } from '../queries/fixtures';

const library = generateLibrary({ assets: 700, seed: 11, vocabulary: 800 });
const source = new Y.Doc();
writeLibrary(source, library);
const encoded = Y.encodeStateAsUpdate(source);

/** A room over a fresh copy of the generated library. */
function freshRoom() {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, encoded);
  return { name: 'team/team1', kind: 'team' as const, doc, writable: true };
}

const mix = queryMix(library, 120, 3);
const textQueries = mix.filter((query) => query.filters.search_text);
const otherQueries = mix.filter((query) => !query.filters.search_text);
const sorts: SearchFilters[] = ['created', 'name', 'duration', 'views'].flatMap((sort) => [
  { sort_by: sort, sort_order: 'asc', per_page: 50, page: 2 } as SearchFilters,
  { sort_by: sort, sort_order: 'desc', per_page: 50 } as SearchFilters,
]);

/** What a person sees for a search: the page's ids in order, and the total. */
function answer(index: LibraryIndex, filters: SearchFilters) {
  const response = searchLibrary(index, filters);
  return { ids: response.results.map((row) => row.id), total: response.total };
}

/** The whole match set, for comparing relevance results across differently built indexes. */
function matchSet(index: LibraryIndex, filters: SearchFilters) {
  const plan = { ...toSearchPlan(filters), offset: 0, limit: 100_000 };
  const hits = runSearch(index, plan);
  const ids = hits.slots.map((slot) => index.assetAt(slot)!.asset.id);
  return { ids: plan.sortBy === 'relevance' ? ids.sort() : ids, total: hits.total };
}

describe('deferred text indexing', () => {
  const reference = new LibraryIndex([freshRoom()]);

  it('has facets, sorts and non-text filters at once, without indexing any text', () => {
    const deferred = new LibraryIndex([freshRoom()], { deferText: true });
    expect(deferred.textPending).toBe(library.assets.length);
    for (const query of otherQueries) {
      expect(answer(deferred, query.filters), JSON.stringify(query.filters)).toEqual(
        answer(reference, query.filters),
      );
    }
    for (const filters of sorts)
      expect(answer(deferred, filters)).toEqual(answer(reference, filters));
    expect(availableFilters(deferred, 'team1')).toEqual(availableFilters(reference, 'team1'));
    expect(deferred.textPending).toBe(library.assets.length);
  });

  it('answers a text search before any slice exactly as a complete index', () => {
    const deferred = new LibraryIndex([freshRoom()], { deferText: true });
    for (const query of textQueries) {
      expect(answer(deferred, query.filters), JSON.stringify(query.filters)).toEqual(
        answer(reference, query.filters),
      );
    }
    expect(deferred.textPending).toBe(0);
  });

  it('answers alike between slices and once the slices are done', () => {
    const deferred = new LibraryIndex([freshRoom()], { deferText: true });
    // A zero budget indexes the few texts between two looks at the clock.
    while (deferred.textPending > library.assets.length / 2) deferred.indexTextSlice(0);
    const halfway = deferred.textPending;
    expect(halfway).toBeGreaterThan(0);
    for (const query of otherQueries) {
      expect(answer(deferred, query.filters)).toEqual(answer(reference, query.filters));
    }
    expect(deferred.textPending).toBe(halfway);

    const sliced = new LibraryIndex([freshRoom()], { deferText: true });
    while (!sliced.indexTextSlice(1));
    expect(sliced.textPending).toBe(0);
    for (const index of [deferred, sliced]) {
      for (const query of mix) {
        expect(answer(index, query.filters), JSON.stringify(query.filters)).toEqual(
          answer(reference, query.filters),
        );
      }
    }
  });

  it('keeps up with edits arriving while text is still waiting', () => {
    const room = freshRoom();
    const deferred = new LibraryIndex([room], { deferText: true });
    const assets = assetsOf(room.doc);
    const ids = [...assets.keys()];
    const random = seededRandom(29);
    const edit = (i: number) => {
      const id = pick(random, ids);
      const record = assets.get(id) as Y.Map<unknown> | undefined;
      room.doc.transact(() => {
        if (!record) {
          assets.set(id, assetToYMap(assetRecord(id, { name: `Reborn ${i}`, team_id: 'team1' })));
          return;
        }
        switch (i % 5) {
          case 0:
            record.set('name', `${pick(random, library.words.slice(0, 40))} zanzibar ${i}`);
            break;
          case 1:
            record.set('tags', setToYMap([pick(random, library.tags.slice(0, 10)), `t${i}`]));
            break;
          case 2:
            record.set('trashed_at', record.get('trashed_at') ? null : '2025-01-01T00:00:00Z');
            break;
          case 3:
            assets.delete(id);
            break;
          default:
            record.set('prompt', `a quokka on a ${pick(random, library.words.slice(0, 40))}`);
        }
      });
    };
    for (let i = 0; i < 120; i++) {
      edit(i);
      // Slices run between edits, as idle callbacks would.
      if (i % 3 === 0) deferred.indexTextSlice(0);
    }
    expect(deferred.textPending).toBeGreaterThan(0);
    // A collection note is searchable text of its video.
    const collection = [...collectionsOf(room.doc).values()][0] as Y.Map<unknown>;
    const items = collection.get('items') as Y.Map<Y.Map<unknown>>;
    const [noted] = [...items.keys()];
    room.doc.transact(() => items.get(noted!)!.set('notes', 'wombat ensemble'));
    // A large batch while text is waiting: deferred again.
    room.doc.transact(() => {
      for (const id of ids.slice(0, 400)) {
        const record = assets.get(id) as Y.Map<unknown> | undefined;
        record?.set('category', 'batchcategory');
      }
    });
    expect(deferred.textPending).toBeGreaterThan(256);
    deferred.indexTextSlice(0);

    const fresh = new LibraryIndex([room]);
    const probes: SearchFilters[] = [
      { search_text: 'zanzibar' },
      { search_text: 'quokka', sort_by: 'name' },
      { search_text: 'wombat' },
      { search_text: 'batchcat', sort_by: 'created', sort_order: 'asc' },
      { search_text: 'reborn' },
      { search_text: 'zanz', trashed: true },
    ];
    for (const filters of [...probes, ...mix.map((query) => query.filters)]) {
      expect(matchSet(deferred, filters), JSON.stringify(filters)).toEqual(
        matchSet(fresh, filters),
      );
    }
    expect(matchSet(deferred, { search_text: 'wombat' }).ids).toContain(noted);
    expect(matchSet(deferred, { search_text: 'zanzibar' }).total).toBeGreaterThan(0);
    expect(deferred.textPending).toBe(0);
  });

  it('forgets the waiting text of a room that leaves, and defers it again when it comes back', () => {
    const room = freshRoom();
    const deferred = new LibraryIndex([room], { deferText: true });
    deferred.indexTextSlice(0);
    deferred.removeRoom(room.name);
    const word = { search_text: library.words[0]! };
    expect(answer(deferred, word)).toEqual({ ids: [], total: 0 });
    deferred.addRoom(room);
    expect(deferred.textPending).toBe(library.assets.length);
    for (const query of textQueries.slice(0, 20)) {
      expect(answer(deferred, query.filters)).toEqual(answer(reference, query.filters));
    }
  });

  it('an index that does not defer never has text waiting', () => {
    const index = new LibraryIndex([freshRoom()]);
    expect(index.textPending).toBe(0);
    expect(index.indexTextSlice(5)).toBe(true);
  });
});
