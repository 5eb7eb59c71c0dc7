/**
 * What every operation and query is handed: who is acting, which rooms they can see (the union of
 * which is their library), and a clock. The browser builds one from the rooms it syncs; the server
 * builds one per request from the rooms it has loaded.
 */
import * as Y from 'yjs';
import type { Role } from './records/common';
import type { RoomKind } from './rooms';

export interface Actor {
  userId: string;
  teamId: string;
  /** Role in `teamId`, or null for someone who only holds VideoShare grants. */
  role: Role | null;
}

export interface LibraryRoom {
  /** `team/<teamId>`, `private/<teamId>/<userId>`, `shared/<userId>` or `public/<teamId>`. */
  name: string;
  kind: RoomKind;
  doc: Y.Doc;
  /** False for rooms this actor may only read (viewer's team room, shared/public projections). */
  writable: boolean;
}

export interface LibraryContext {
  actor: Actor;
  rooms: readonly LibraryRoom[];
  now: () => Date;
}

/**
 * The origin of every library transaction. Y.UndoManager tracks by constructor, so a client can
 * undo exactly its own library actions with `trackedOrigins: new Set([LibraryOrigin])`.
 */
export class LibraryOrigin {
  constructor(
    readonly operation: string,
    readonly userId: string,
  ) {}
}

export const ROLE_CAN_WRITE: Readonly<Record<Role, boolean>> = {
  owner: true,
  admin: true,
  editor: true,
  viewer: false,
};

export const ROLE_CAN_MANAGE: Readonly<Record<Role, boolean>> = {
  owner: true,
  admin: true,
  editor: false,
  viewer: false,
};
