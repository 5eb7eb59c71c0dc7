/**
 * The one-time attribution of blobs stored before uploads recorded their team: every team whose
 * rooms (`team/T`, `private/T/*`, `public/T`) reference a blob now gets it, so the clips people see
 * today keep playing. `shared/<user>` rooms are skipped: they are copies of team and private rooms,
 * whose teams are attributed from the rooms themselves. Runs at start while `blob_backfill` holds
 * a row (server/db/schema.ts), then never again.
 */
import type * as Y from 'yjs';
import { parseRoomName } from '../../src/lib/library/rooms';
import type { BlobMeta } from './meta';
import { blobRefsOf } from './refs';

export interface BackfillDeps {
  meta: BlobMeta;
  rooms: () => string[];
  withRoom: <T>(name: string, fn: (doc: Y.Doc) => T | Promise<T>) => Promise<T>;
  now?: () => Date;
}

/** Returns how many (blob, team) pairs were added, or null when nothing was pending. */
export async function backfillBlobTeams(deps: BackfillDeps): Promise<number | null> {
  if (!deps.meta.backfillPending()) return null;
  const at = (deps.now ?? (() => new Date()))();
  let added = 0;
  for (const name of deps.rooms()) {
    let teamId: string;
    try {
      const room = parseRoomName(name);
      if (room.kind === 'shared') continue;
      teamId = room.teamId;
    } catch {
      continue;
    }
    const shas = await deps.withRoom(name, (doc) => [...blobRefsOf(doc).shas()]);
    for (const sha of shas) {
      if (!deps.meta.get(sha) || deps.meta.inTeam(sha, teamId)) continue;
      deps.meta.addTeams(sha, [teamId], at);
      added++;
    }
  }
  deps.meta.finishBackfill();
  return added;
}
