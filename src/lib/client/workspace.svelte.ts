/**
 * The signed-in person's library in one team: a {@link RoomConnection} per room they may read, the
 * LibraryContext every core operation and query is handed, the sync indicator, presence and undo.
 */
import type { Actor, LibraryContext, LibraryRoom } from '$lib/library/context';
import { ROLE_CAN_MANAGE, ROLE_CAN_WRITE } from '$lib/library/context';
import { parseRoomName } from '$lib/library/rooms';
import type { Me, MeRoom } from './api';
import { colorFor, Presence } from './presence.svelte';
import { RoomConnection } from './room-connection.svelte';
import { UndoHistory } from './undo.svelte';

export type SyncState = 'saved' | 'syncing' | 'offline' | 'error';

export interface SyncStatus {
  state: SyncState;
  pending: number;
  label: string;
}

/** The rooms that make up one team's library for this person. */
export function roomsForTeam(me: Me, teamId: string): MeRoom[] {
  return me.rooms.filter((room) => {
    try {
      const parsed = parseRoomName(room.name);
      if (parsed.kind === 'team') return parsed.teamId === teamId;
      if (parsed.kind === 'private')
        return parsed.teamId === teamId && parsed.userId === me.user.id;
      if (parsed.kind === 'shared') return parsed.userId === me.user.id;
      // A member already reads the team's public assets in the team room itself.
      return false;
    } catch (_error) {
      return false;
    }
  });
}

export class Workspace {
  readonly me: Me;
  readonly teamId: string;
  readonly connections: RoomConnection[];
  readonly presence: Presence;
  readonly undo = new UndoHistory();
  /** Bumped (at most once a frame) whenever any room changes; views that derive from docs read it. */
  revision = $state(0);
  ready = $state(false);
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(me: Me, teamId: string, onClosed: (code: number, room: string) => void) {
    this.me = me;
    this.teamId = teamId;
    this.connections = roomsForTeam(me, teamId).map(
      (room) => new RoomConnection(room, me.user.id, onClosed),
    );
    this.presence = new Presence({
      id: me.user.id,
      name: me.user.display_name || me.user.username,
      color: colorFor(me.user.id),
    });
    const team = this.connections.find((connection) => connection.kind === 'team');
    if (team) this.presence.attach(team.provider.awareness);
    for (const connection of this.connections) {
      connection.doc.on('update', () => this.#bump());
    }
    void Promise.all(this.connections.map((connection) => connection.whenLoaded)).then(() => {
      for (const connection of this.connections) {
        if (connection.writable) this.undo.track(connection.doc);
      }
      this.ready = true;
      this.revision++;
    });
  }

  get role(): Actor['role'] {
    return this.me.teams.find((team) => team.id === this.teamId)?.role ?? null;
  }

  /** Whether this person may change the team library at all (viewers may not). */
  get canWrite(): boolean {
    const role = this.role;
    return role !== null && ROLE_CAN_WRITE[role];
  }

  get canManage(): boolean {
    const role = this.role;
    return role !== null && ROLE_CAN_MANAGE[role];
  }

  get actor(): Actor {
    return { userId: this.me.user.id, teamId: this.teamId, role: this.role };
  }

  /** A fresh context over the live docs (cheap: no copies). */
  context(): LibraryContext {
    const rooms: LibraryRoom[] = this.connections.map((connection) => ({
      name: connection.name,
      kind: connection.kind,
      doc: connection.doc,
      writable: connection.writable,
    }));
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- the core's clock, not state
    return { actor: this.actor, rooms, now: () => new Date() };
  }

  get status(): SyncStatus {
    const open = this.connections.filter((connection) => connection.closedCode === null);
    const pending = this.connections.reduce((sum, connection) => sum + connection.pending, 0);
    if (open.length < this.connections.length) {
      return { state: 'error', pending, label: 'not allowed to sync' };
    }
    if (open.some((connection) => !connection.connected)) {
      const noun = pending === 1 ? 'change' : 'changes';
      return { state: 'offline', pending, label: `offline — ${pending} ${noun} waiting` };
    }
    if (open.some((connection) => !connection.synced)) {
      return { state: 'syncing', pending, label: 'syncing' };
    }
    return { state: 'saved', pending: 0, label: 'saved' };
  }

  destroy(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.presence.destroy();
    this.undo.destroy();
    for (const connection of this.connections) connection.destroy();
  }

  #bump(): void {
    // A timer, not requestAnimationFrame: a tab in the background still follows the team.
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.revision++;
    }, 16);
  }
}
