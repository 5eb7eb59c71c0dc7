/**
 * Malformed records another peer wrote into a room. The index reports and skips them; a record
 * that is fixed later drops out of the list.
 */
export type RecordMap = 'assets' | 'collections' | 'shares' | 'lineage' | 'tombstones';

export interface IndexProblem {
  room: string;
  map: RecordMap;
  /** The record id (the key in the top-level map). */
  id: string;
  /** Dotted path inside the record that failed (`metadata.lineage_version`), '' for the record. */
  path: string;
  message: string;
}

export class ProblemLog {
  private readonly byKey = new Map<string, IndexProblem[]>();

  constructor(private readonly onProblem?: (problem: IndexProblem) => void) {}

  /** Replaces the problems recorded for one record (an empty list clears them). */
  set(room: string, map: RecordMap, id: string, problems: readonly IndexProblem[]): void {
    // Nearly every record is sound: skip building its key when there is nothing to clear.
    if (problems.length === 0 && this.byKey.size === 0) return;
    const key = `${room}\u0000${map}\u0000${id}`;
    if (problems.length === 0) {
      this.byKey.delete(key);
      return;
    }
    this.byKey.set(key, [...problems]);
    for (const problem of problems) this.onProblem?.(problem);
  }

  clearRoom(room: string): void {
    for (const key of [...this.byKey.keys()]) {
      if (key.startsWith(`${room}\u0000`)) this.byKey.delete(key);
    }
  }

  list(): IndexProblem[] {
    return [...this.byKey.values()].flat();
  }
}
