/**
 * Reading one record of a room for the index: a record that fails its reader, or whose `id`
 * does not match its key, is logged as a problem and skipped; skipped parts are logged too.
 */
import type { ReadResult } from '../records/common';
import type { VideoCollection } from '../records/collection';
import type { IndexProblem, ProblemLog, RecordMap } from './problems';

/**
 * The validated record `id` of `map` in `room`, or undefined when it is absent (`raw` undefined)
 * or malformed. Replaces the problems logged for that record.
 */
export function validateRecord<T>(
  log: ProblemLog,
  room: string,
  map: RecordMap,
  id: string,
  raw: unknown,
  reader: (value: unknown) => ReadResult<T>,
): T | undefined {
  if (raw === undefined) {
    log.set(room, map, id, NONE);
    return undefined;
  }
  const result = reader(raw);
  if (!result.ok) {
    log.set(room, map, id, [{ room, map, id, path: result.path, message: result.message }]);
    return undefined;
  }
  const value = result.value as T & { id?: unknown; skipped?: VideoCollection['skipped'] };
  const skipped = value.skipped ?? NONE;
  // The common case, a sound record: no problem list to allocate.
  if (value.id === id && skipped.length === 0) {
    log.set(room, map, id, NONE);
    return value;
  }
  const problems: IndexProblem[] = [];
  if (value.id !== id) {
    problems.push({ room, map, id, path: 'id', message: 'does not match its key' });
  }
  for (const item of skipped) {
    problems.push({ room, map, id, path: item.path, message: item.message });
  }
  log.set(room, map, id, problems);
  return value.id === id ? value : undefined;
}

const NONE: never[] = [];
