/**
 * Room access, the table of DESIGN.md "Rooms", decided from the accounts database on every call
 * (so a membership removed by the admin command counts at the next check):
 * `team/<t>` members read, owner/admin/editor write; `private/<t>/<u>` only u while a member of t;
 * `shared/<u>` read by u, written only by the server; `public/<t>` read by anyone.
 */
import type { IncomingMessage } from 'node:http';
import { ROLE_CAN_WRITE } from '../src/lib/library/context';
import {
  parseRoomName,
  privateRoom,
  publicRoom,
  sharedRoom,
  teamRoom,
  type RoomKind,
} from '../src/lib/library/rooms';
import { roleIn, teamById, teamsOf, userById } from './db/accounts';
import type { Db } from './db/open';
import { presentedSecret, principalFromSecret, type Principal } from './auth/principal';

export type Access = 'write' | 'read' | 'none';

export interface ReadableRoom {
  name: string;
  kind: RoomKind;
  writable: boolean;
}

export interface RoomAccess {
  authenticate(req: IncomingMessage): Promise<Principal | null>;
  authorize(principal: Principal | null, room: string): Promise<Access>;
  accessTo(principal: Principal | null, room: string): Access;
  readableRooms(userId: string): ReadableRoom[];
}

export interface RoomAccessOptions {
  /** The address people use (PUBLIC_URL); its origin may open sockets with the session cookie. */
  publicUrl?: string | null;
  now?: () => Date;
}

/**
 * A browser sends the session cookie with a WebSocket handshake to our host whichever page opened
 * it, so a cookie counts only when the page's Origin is this server (the Host it asked for, or
 * PUBLIC_URL behind a proxy). Tokens are not sent by browsers on their own and need no check.
 */
export function cookieOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  publicUrl: string | null,
): boolean {
  if (origin === undefined) return true; // not a browser: no ambient cookie to abuse
  let originUrl: URL;
  try {
    originUrl = new URL(origin);
  } catch {
    return false;
  }
  if (host !== undefined && originUrl.host === host) return true;
  return publicUrl !== null && originUrl.origin === new URL(publicUrl).origin;
}

export function createRoomAccess(db: Db, options: RoomAccessOptions = {}): RoomAccess {
  const now = options.now ?? (() => new Date());
  const publicUrl = options.publicUrl ?? null;
  function accessTo(principal: Principal | null, room: string): Access {
    let name;
    try {
      name = parseRoomName(room);
    } catch {
      return 'none';
    }
    if (name.kind === 'public') return teamById(db, name.teamId) ? 'read' : 'none';
    // A token whose user was deleted must not keep reading anything.
    if (!principal || !userById(db, principal.userId)) return 'none';
    const me = principal.userId;
    switch (name.kind) {
      case 'team': {
        const role = roleIn(db, name.teamId, me);
        if (!role) return 'none';
        return ROLE_CAN_WRITE[role] ? 'write' : 'read';
      }
      case 'private':
        return name.userId === me && roleIn(db, name.teamId, me) ? 'write' : 'none';
      case 'shared':
        return name.userId === me ? 'read' : 'none';
    }
  }

  return {
    accessTo,
    async authenticate(req) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const cookieAllowed = cookieOriginAllowed(req.headers.origin, req.headers.host, publicUrl);
      const secret = presentedSecret({
        authorization: req.headers.authorization,
        cookie: cookieAllowed ? req.headers.cookie : undefined,
        queryToken: url.searchParams.get('token'),
      });
      return principalFromSecret(db, secret, now());
    },
    async authorize(principal, room) {
      return accessTo(principal, room);
    },
    readableRooms(userId) {
      const rooms: ReadableRoom[] = [];
      for (const team of teamsOf(db, userId)) {
        rooms.push({ name: teamRoom(team.id), kind: 'team', writable: ROLE_CAN_WRITE[team.role] });
        rooms.push({ name: privateRoom(team.id, userId), kind: 'private', writable: true });
        rooms.push({ name: publicRoom(team.id), kind: 'public', writable: false });
      }
      rooms.push({ name: sharedRoom(userId), kind: 'shared', writable: false });
      return rooms;
    },
  };
}
