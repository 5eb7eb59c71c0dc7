/**
 * The same searches in Node, on the core alone: the generated library in a Y.Doc, the live index
 * over it, and the grid's query (`searchAll` in src/lib/client/library-query.ts: every match, in
 * order, since the grid is virtualised). What the browser adds on top is URL navigation, Svelte
 * updates and the DOM.
 */
import * as Y from 'yjs';
import { LibraryIndex } from '../../src/lib/library/live';
import { toSearchPlan } from '../../src/lib/library/queries/search-filters';
import { runSearch } from '../../src/lib/library/search/engine';
import { writeLibrary } from '../data/generate';
import { library } from './seed';

export interface NodeBaseline {
  loadMs: number;
  indexMs: number;
  /** Per typed text: median of five runs. */
  searchMs: Map<string, number>;
}

export function nodeBaseline(
  assets: number,
  teamId: string,
  texts: readonly string[],
): NodeBaseline {
  const source = new Y.Doc();
  writeLibrary(source, library(assets, teamId));
  const state = Y.encodeStateAsUpdate(source);
  source.destroy();
  const doc = new Y.Doc();
  let t0 = performance.now();
  Y.applyUpdate(doc, state);
  const loadMs = performance.now() - t0;
  t0 = performance.now();
  const index = new LibraryIndex([{ name: `team/${teamId}`, kind: 'team', doc, writable: true }]);
  const indexMs = performance.now() - t0;
  const searchMs = new Map<string, number>();
  for (const text of texts) {
    const plan = toSearchPlan({ team_id: teamId, search_text: text });
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      t0 = performance.now();
      runSearch(index, { ...plan, offset: 0, limit: Math.max(1, index.capacity) });
      runs.push(performance.now() - t0);
    }
    searchMs.set(text, runs.sort((a, b) => a - b)[2]!);
  }
  index.destroy();
  doc.destroy();
  return { loadMs, indexMs, searchMs };
}
