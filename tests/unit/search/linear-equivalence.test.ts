import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LibraryIndex } from '../../../src/lib/library/live';
import { toSearchPlan } from '../../../src/lib/library/queries/search-filters';
import { runSearch } from '../../../src/lib/library/search/engine';
import { linearSearch } from '../../../src/lib/library/search/linear';
import type { SearchPlan } from '../../../src/lib/library/search/plan';
import { generateLibrary, writeLibrary } from '../../../bench/data/generate';
import { queryMix } from '../../../bench/data/query-mix';
import { pick, seededRandom } from '../../../bench/data/random';
import { assetToYMap, setToYMap } from '../../../src/lib/library/records/asset';
import { assetsOf } from '../../../src/lib/library/schema';
import { assetRecord } from '../queries/fixtures';

const library = generateLibrary({ assets: 500, seed: 5, vocabulary: 800 });
const doc = new Y.Doc();
writeLibrary(doc, library);
const room = { name: 'team/team1', kind: 'team' as const, doc, writable: true };

function idsOf(index: LibraryIndex, slots: number[]) {
  return slots.map((slot) => index.assetAt(slot)!.asset.id);
}

/** Random filters beyond the benchmark mix: odd combinations, trash, statuses, far pages. */
function randomFilters(random: () => number): object {
  const f: Record<string, unknown> = {};
  if (random() < 0.5) f.search_text = pick(random, ['c', 'ne', 'cin', 'sunst', 'drgon', 'hero ci']);
  if (random() < 0.3) f.tags = [pick(random, library.tags.slice(0, 20))];
  if (random() < 0.3) f.status = pick(random, ['ready', 'draft', ['failed', 'generating']]);
  if (random() < 0.2) f.trashed = true;
  if (random() < 0.3) f.has_lineage = random() < 0.5;
  if (random() < 0.3) f.date_from = '2024-09-01T00:00:00Z';
  if (random() < 0.3) f.duration_max = 20;
  f.sort_by = pick(random, ['created', 'name', 'duration', 'views', undefined]);
  if (f.sort_by === undefined && f.search_text === undefined) delete f.sort_by;
  f.sort_order = pick(random, ['asc', 'desc']);
  f.page = pick(random, [1, 1, 2, 3, 7]);
  f.per_page = pick(random, [1, 10, 24, 100]);
  return f;
}

function check(index: LibraryIndex, plan: SearchPlan, label: string) {
  const everything = { ...plan, offset: 0, limit: 1_000_000 };
  const engineAll = runSearch(index, everything);
  const linearAll = linearSearch(index, everything);
  expect(engineAll.total, label).toBe(linearAll.total);
  if (plan.sortBy === 'relevance') {
    expect(idsOf(index, engineAll.slots).sort(), label).toEqual(
      idsOf(index, linearAll.slots).sort(),
    );
    return;
  }
  expect(idsOf(index, engineAll.slots), label).toEqual(idsOf(index, linearAll.slots));
  expect(idsOf(index, runSearch(index, plan).slots), label).toEqual(
    idsOf(index, linearSearch(index, plan).slots),
  );
}

describe('search equals a linear scan', () => {
  it('for the benchmark query mix', () => {
    const index = new LibraryIndex([room]);
    for (const query of queryMix(library, 150, 3)) {
      check(index, toSearchPlan(query.filters), JSON.stringify(query.filters));
    }
  }, 60_000);

  it('for random filter combinations, with either ranking path', () => {
    const random = seededRandom(17);
    const indexes = [new LibraryIndex([room]), new LibraryIndex([room], { rankBudget: 0 })];
    for (let i = 0; i < 200; i++) {
      const filters = randomFilters(random);
      for (const index of indexes) check(index, toSearchPlan(filters), JSON.stringify(filters));
    }
  }, 60_000);

  it('after many small edits (sort orders, facets and text kept current)', () => {
    const editDoc = new Y.Doc();
    Y.applyUpdate(editDoc, Y.encodeStateAsUpdate(doc));
    const editRoom = { ...room, doc: editDoc };
    const index = new LibraryIndex([editRoom]);
    const random = seededRandom(23);
    const assets = assetsOf(editDoc);
    const idList = [...assets.keys()];
    for (let i = 0; i < 300; i++) {
      const id = pick(random, idList);
      const record = assets.get(id) as Y.Map<unknown> | undefined;
      editDoc.transact(() => {
        if (!record) {
          assets.set(id, assetToYMap(assetRecord(id, { name: `Reborn ${i}`, team_id: 'team1' })));
          return;
        }
        const meta = record.get('metadata') as Y.Map<unknown>;
        switch (Math.floor(random() * 8)) {
          case 0:
            record.set('name', `${pick(random, library.words.slice(0, 50))} edit ${i}`);
            break;
          case 1:
            record.set('duration', Math.round(random() * 600) / 10);
            break;
          case 2:
            (meta.get('views') as Y.Map<unknown>).set(`w${i}`, Math.floor(random() * 500));
            break;
          case 3:
            record.set(
              'created_at',
              new Date(Date.UTC(2024, 0, 1) + random() * 6e10).toISOString(),
            );
            break;
          case 4:
            record.set('trashed_at', record.get('trashed_at') ? null : '2025-01-01T00:00:00Z');
            break;
          case 5:
            record.set('tags', setToYMap([pick(random, library.tags.slice(0, 10)), `t${i}`]));
            break;
          case 6:
            assets.delete(id);
            break;
          default:
            meta.set('mood', pick(random, ['calm', 'dramatic', null]));
        }
      });
    }
    for (const query of queryMix(library, 80, 8)) {
      check(index, toSearchPlan(query.filters), JSON.stringify(query.filters));
    }
    const order = (sort: string, direction: string) =>
      toSearchPlan({ sort_by: sort, sort_order: direction, per_page: 100, page: 2 });
    for (const sort of ['created', 'name', 'duration', 'views']) {
      for (const direction of ['asc', 'desc']) check(index, order(sort, direction), sort);
    }
  }, 60_000);

  it('finds something for most of the mix (the mix is not trivially empty)', () => {
    const index = new LibraryIndex([room]);
    const totals = queryMix(library, 100, 4).map(
      (query) => runSearch(index, toSearchPlan(query.filters)).total,
    );
    expect(totals.filter((total) => total > 0).length).toBeGreaterThan(50);
  }, 60_000);
});
