/** The projections of this server: sources and users from the accounts database. */
import { privateRoom, teamRoom } from '../../src/lib/library/rooms';
import { allMemberships, allTeamIds, userById } from '../db/accounts';
import type { Db } from '../db/open';
import type { RoomPersistence } from '../persistence/types';
import type { SyncServer } from '../sync';
import type { SyncLogger } from '../sync/logger';
import { Projector } from './projector';

export { Projector, type ProjectorOptions } from './projector';

export function createProjector(
  db: Db,
  sync: Pick<SyncServer, 'withRoom' | 'observe'>,
  persistence: RoomPersistence,
  logger: SyncLogger,
): Projector {
  return new Projector({
    withRoom: (room, fn) => sync.withRoom(room, fn),
    observe: (listener) => sync.observe(listener),
    sourceRooms: () => [
      ...allTeamIds(db).map(teamRoom),
      ...allMemberships(db).map((m) => privateRoom(m.team_id, m.user_id)),
    ],
    storedProjectionRooms: () =>
      persistence
        .rooms()
        .filter((room) => room.startsWith('shared/') || room.startsWith('public/')),
    storedRooms: () => persistence.rooms(),
    userExists: (userId) => userById(db, userId) !== null,
    logger,
  });
}
