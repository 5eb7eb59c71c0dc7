/**
 * Rooms are the unit of sync and of access (docs/schema.md, "Rooms"). Everyone who may read a room
 * may read all of it, so where a record lives decides who sees it.
 */
import { invalid } from './errors';

export type RoomKind = 'team' | 'private' | 'shared' | 'public';

export type RoomName =
  | { kind: 'team'; teamId: string }
  | { kind: 'private'; teamId: string; userId: string }
  | { kind: 'shared'; userId: string }
  | { kind: 'public'; teamId: string };

/** Ids inside room names: opaque, url-safe, no separators. */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const teamRoom = (teamId: string): string => `team/${teamId}`;
export const privateRoom = (teamId: string, userId: string): string =>
  `private/${teamId}/${userId}`;
export const sharedRoom = (userId: string): string => `shared/${userId}`;
export const publicRoom = (teamId: string): string => `public/${teamId}`;

export function formatRoomName(room: RoomName): string {
  switch (room.kind) {
    case 'team':
      return teamRoom(room.teamId);
    case 'private':
      return privateRoom(room.teamId, room.userId);
    case 'shared':
      return sharedRoom(room.userId);
    case 'public':
      return publicRoom(room.teamId);
  }
}

/** Parses `team/<teamId>` and friends; throws INVALID for anything else. */
export function parseRoomName(name: string): RoomName {
  const parts = name.split('/');
  const ids = parts.slice(1);
  if (ids.length === 0 || !ids.every((id) => ID_PATTERN.test(id))) {
    throw invalid('room', `not a room name: ${JSON.stringify(name.slice(0, 200))}`);
  }
  const [kind] = parts;
  if (kind === 'team' && ids.length === 1) return { kind, teamId: ids[0]! };
  if (kind === 'private' && ids.length === 2) return { kind, teamId: ids[0]!, userId: ids[1]! };
  if (kind === 'shared' && ids.length === 1) return { kind, userId: ids[0]! };
  if (kind === 'public' && ids.length === 1) return { kind, teamId: ids[0]! };
  throw invalid('room', `not a room name: ${JSON.stringify(name.slice(0, 200))}`);
}

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}
