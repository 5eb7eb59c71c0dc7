/**
 * The signed-in person's library in one team: a {@link RoomConnection} per room they may read, the
 * LibraryContext every core operation and query is handed, the sync indicator, presence and undo.
 */
import type { Actor, LibraryContext, LibraryRoom } from '$lib/library/context';
import { ROLE_CAN_MANAGE, ROLE_CAN_WRITE } from '$lib/library/context';
import { parseRoomName } from '$lib/library/rooms';
import { LibraryIndex } from '$lib/library/live/library-index';
import { sweepTombstoned } from '$lib/library/ops/tombstones';
import { flushSync } from 'svelte';
import { api, type Me, type MeRoom, type TeamMember } from './api';
import { bumpDelay } from './bump-pacing';
import { buildFirstScreen, type FirstScreen } from './first-screen';
import { clearFirstScreens } from './first-screen-store';
import { FirstScreenRecorder } from './first-screen-recorder';
import { colorFor, Presence } from './presence.svelte';
import { RoomConnection } from './room-connection.svelte';
import { toasts } from './toasts.svelte';
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

const membersKey = (teamId: string): string => `video-library:members:${teamId}`;

function readCachedMembers(teamId: string): TeamMember[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(membersKey(teamId)) ?? '[]');
    return Array.isArray(parsed) ? (parsed as TeamMember[]) : [];
  } catch (_error) {
    return [];
  }
}

/** How far a cold open has got: rooms read from IndexedDB, clips indexed so far. */
export interface LoadProgress {
  roomsLoaded: number;
  roomsTotal: number;
  clips: number;
}

function localStore(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch (_error) {
    return null;
  }
}

export class Workspace {
  readonly me: Me;
  readonly teamId: string;
  readonly connections: RoomConnection[];
  readonly presence: Presence;
  readonly undo = new UndoHistory();
  /** The core's live index over every room: what all views query. */
  readonly index: LibraryIndex;
  /**
   * Bumped on the index's change notification (at most once a frame, less often while the views'
   * work after a bump is slow or a room takes in its first sync); views that query read it.
   */
  revision = $state(0);
  /** The team's members (for names, creators and sharing); remembered for offline use. */
  members = $state.raw<TeamMember[]>([]);
  /** Every room has been read from IndexedDB and indexed: the live views may be used. */
  ready = $state(false);
  #screens: FirstScreenRecorder;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #onHidden: () => void = () => undefined;
  #onPageHide: () => void = () => undefined;
  #unsubscribe: () => void = () => undefined;
  #cancelIdle: (() => void) | null = null;

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
    // Text is indexed after the first paint, in idle slices; a text search before then finishes it.
    this.index = new LibraryIndex(this.context().rooms, { deferText: true });
    this.#screens = this.#recorder();
    this.#unsubscribe = this.index.subscribe(() => {
      this.#bump();
      this.#indexTextWhenIdle();
    });
    this.members = readCachedMembers(teamId);
    void this.loadMembers();
    void Promise.all(this.connections.map((connection) => connection.whenLoaded)).then(() => {
      for (const connection of this.connections) {
        if (connection.writable) this.undo.track(connection.doc);
      }
      this.ready = true;
      this.revision++;
      this.#sweep();
      this.#screens.changed();
    });
    // Whatever someone purged while this device was away must not live on in its own copies.
    for (const connection of this.connections) {
      connection.provider.on('sync', (isSynced: boolean) => {
        if (isSynced && this.ready) this.#sweep();
        // The indicator says "saved" now: what the sync brought shows now too, not a paced bump later.
        if (isSynced) this.#bumpNow();
      });
    }
  }

  #recorder(): FirstScreenRecorder {
    const storage = localStore();
    // Nobody else's library may show on this browser, even if they never signed out here.
    if (storage) clearFirstScreens(storage, { keepUser: this.me.user.id });
    const recorder = new FirstScreenRecorder({
      userId: this.me.user.id,
      teamId: this.teamId,
      storage: localStore,
      ready: () => this.ready,
      build: (key) =>
        buildFirstScreen({
          index: this.index,
          userId: this.me.user.id,
          teamId: this.teamId,
          key,
          nameOf: (id) => this.nameOf(id),
          // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp, not state
          now: new Date(),
        }),
      onError: (error) => console.warn('The first screen could not be remembered', error),
    });
    this.#onHidden = () => {
      if (document.visibilityState === 'hidden') recorder.flush();
    };
    this.#onPageHide = () => recorder.flush();
    document.addEventListener('visibilitychange', this.#onHidden);
    window.addEventListener('pagehide', this.#onPageHide);
    return recorder;
  }

  /** The remembered first screen of a library search state (see first-screen.ts), if any. */
  firstScreen(key: string | null): FirstScreen | null {
    return key === null ? null : this.#screens.read(key);
  }

  /** The library page shows this search state: it is the one to remember. */
  showingLibrary(key: string | null): void {
    this.#screens.visit(key);
  }

  /** Rooms read and clips indexed so far (for the "Opening library…" progress). */
  get progress(): LoadProgress {
    void this.revision;
    return {
      roomsLoaded: this.connections.filter((connection) => connection.loaded).length,
      roomsTotal: this.connections.length,
      clips: this.index.assetCount,
    };
  }

  #sweep(): void {
    try {
      sweepTombstoned(this.context());
    } catch (error) {
      toasts.error(error, 'Cleaning up deleted items');
    }
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
    if (open.some((connection) => connection.link === 'disconnected')) {
      const noun = pending === 1 ? 'change' : 'changes';
      return { state: 'offline', pending, label: `offline — ${pending} ${noun} waiting` };
    }
    if (open.some((connection) => !connection.synced)) {
      return { state: 'syncing', pending, label: 'syncing' };
    }
    return { state: 'saved', pending: 0, label: 'saved' };
  }

  /** Fetches the member list (kept from last time when the server cannot be reached). */
  async loadMembers(): Promise<void> {
    try {
      const { members } = await api.members(this.teamId);
      this.members = members;
      localStorage.setItem(membersKey(this.teamId), JSON.stringify(members));
    } catch (_error) {
      // Offline: the remembered list stands; names fall back to ids.
    }
  }

  /** A person's display name, from the member list (their id when unknown). */
  nameOf(userId: string): string {
    if (userId === this.me.user.id) return this.me.user.display_name || this.me.user.username;
    const member = this.members.find((candidate) => candidate.id === userId);
    return member ? member.display_name || member.username : userId;
  }

  destroy(): void {
    // A team switch keeps what this team's library showed; a sign-out clears it afterwards.
    this.#screens.flush();
    this.#screens.destroy();
    document.removeEventListener('visibilitychange', this.#onHidden);
    window.removeEventListener('pagehide', this.#onPageHide);
    if (this.#timer) clearTimeout(this.#timer);
    this.#cancelIdle?.();
    this.#unsubscribe();
    this.index.destroy();
    this.presence.destroy();
    this.undo.destroy();
    for (const connection of this.connections) connection.destroy();
  }

  /** Indexes waiting clip text a slice at a time while the browser is idle. */
  #indexTextWhenIdle(): void {
    if (this.#cancelIdle || this.index.textPending === 0) return;
    const slice = (budgetMs: number) => {
      this.#cancelIdle = null;
      if (!this.index.indexTextSlice(budgetMs)) this.#indexTextWhenIdle();
    };
    if (typeof requestIdleCallback === 'function') {
      const handle = requestIdleCallback(
        // Short slices: a click during one waits for it to end.
        (deadline) => slice(Math.min(16, Math.max(4, deadline.timeRemaining() - 1))),
        { timeout: 1000 },
      );
      this.#cancelIdle = () => cancelIdleCallback(handle);
    } else {
      const handle = setTimeout(() => slice(8), 16);
      this.#cancelIdle = () => clearTimeout(handle);
    }
  }

  #lastDoneAt = -Infinity;
  #lastWorkMs = 0;

  /** Bumps `revision` soon, paced by what the last bump cost (see bump-pacing.ts). */
  #bump(): void {
    // A timer, not requestAnimationFrame: a tab in the background still follows the team.
    this.#screens.changed();
    if (this.#timer) return;
    const delay = bumpDelay({
      now: performance.now(),
      lastDoneAt: this.#lastDoneAt,
      lastWorkMs: this.#lastWorkMs,
      syncing: this.connections.some((connection) => connection.connected && !connection.synced),
    });
    this.#timer = setTimeout(() => this.#bumpNow(), delay);
  }

  /** Bumps `revision` at once if a bump is waiting. */
  #bumpNow(): void {
    if (!this.#timer) return;
    clearTimeout(this.#timer);
    this.#timer = null;
    const start = performance.now();
    try {
      // The views re-query now rather than in the microtask after, so their work can be timed.
      flushSync(() => this.revision++);
    } finally {
      this.#lastDoneAt = performance.now();
      this.#lastWorkMs = this.#lastDoneAt - start;
    }
  }
}
