/**
 * Rules of the lineage graph for operations: a new lineage edge may never close a cycle, and the
 * prompt delta of a derived clip is a readable word diff. (Cycles that concurrent offline edits
 * close anyway are broken on read, live/lineage-graph.ts.)
 */
import { diffWords } from 'diff';
import type { VideoLineage } from './records/lineage';

/** The smallest view of an edge these rules need. */
type Edge = Pick<VideoLineage, 'parent_id' | 'child_id'>;

function childrenIndex(edges: Iterable<Edge>): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const edge of edges) {
    const list = children.get(edge.parent_id);
    if (list) list.push(edge.child_id);
    else children.set(edge.parent_id, [edge.child_id]);
  }
  return children;
}

/** True when `from` reaches `to` by following parent → child edges (or is `to`). */
function reaches(children: Map<string, string[]>, from: string, to: string): boolean {
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === to) return true;
    for (const next of children.get(id) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return false;
}

/** Would an edge parent → child close a cycle over `edges`? (A self-edge always does.) */
export function wouldCreateCycle(
  edges: Iterable<Edge>,
  parentId: string,
  childId: string,
): boolean {
  return reaches(childrenIndex(edges), childId, parentId);
}

const WORD = /[\p{L}\p{N}]/u;

/**
 * What changed from one prompt to the next, word by word, as the spec's readable delta:
 * `"+sunset +mountain -night"`. Punctuation-only tokens are left out; empty when nothing changed.
 */
export function promptDelta(original: string, evolved: string, max = 40_000): string {
  const parts: string[] = [];
  for (const change of diffWords(original, evolved)) {
    if (!change.added && !change.removed) continue;
    const sign = change.added ? '+' : '-';
    for (const word of change.value.split(/\s+/)) {
      if (WORD.test(word)) parts.push(sign + word);
    }
  }
  const delta = parts.join(' ');
  return delta.length <= max ? delta : delta.slice(0, max);
}
