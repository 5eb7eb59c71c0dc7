/** The word-level change from one prompt to the next, for the green/red delta in the tree. */
import { diffWords } from 'diff';

export interface DiffPart {
  text: string;
  kind: 'same' | 'added' | 'removed';
}

export function promptDiff(original: string, evolved: string): DiffPart[] {
  return diffWords(original, evolved).map((part) => ({
    text: part.value,
    kind: part.added ? 'added' : part.removed ? 'removed' : 'same',
  }));
}

/** Counts of words added and removed (for a compact "+3 −1"). */
export function diffCounts(parts: readonly DiffPart[]): { added: number; removed: number } {
  const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
  let added = 0;
  let removed = 0;
  for (const part of parts) {
    if (part.kind === 'added') added += words(part.text);
    else if (part.kind === 'removed') removed += words(part.text);
  }
  return { added, removed };
}
