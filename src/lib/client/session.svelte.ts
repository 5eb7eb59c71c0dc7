/**
 * Who is signed in and which team they work in. The last `me` answer and team choice are kept in
 * localStorage so the app opens from IndexedDB when the server cannot be reached.
 */
import { api, ApiError, type Me } from './api';
import {
  deleteLocalCopies,
  CLOSE_FORBIDDEN,
  CLOSE_UNAUTHENTICATED,
} from './room-connection.svelte';
import { toasts } from './toasts.svelte';
import { uploads } from './uploads/uploads.svelte';
import { Workspace } from './workspace.svelte';

const ME_KEY = 'video-library:me';
const TEAM_KEY = 'video-library:team';
/** How long a remembered sign-in waits for the server's word before the banner says it is away. */
const ME_TIMEOUT_MS = 4000;

export type SessionState = 'loading' | 'needs-setup' | 'signed-out' | 'ready';

function readCachedMe(): Me | null {
  try {
    const raw = localStorage.getItem(ME_KEY);
    if (!raw) return null;
    const me = JSON.parse(raw) as Me;
    return me?.user?.id && Array.isArray(me.teams) && Array.isArray(me.rooms) ? me : null;
  } catch (_error) {
    return null;
  }
}

/** Drops the service worker's copies of API answers (they belong to the person signing out). */
async function forgetCachedAnswers(): Promise<void> {
  if (typeof caches === 'undefined') return;
  const keys = await caches.keys();
  await Promise.all(keys.filter((key) => key.startsWith('api-')).map((key) => caches.delete(key)));
}

class Session {
  state = $state<SessionState>('loading');
  me = $state.raw<Me | null>(null);
  teamId = $state<string | null>(null);
  /** The `me` answer came from the local cache because the server was unreachable. */
  offlineStart = $state(false);
  /** A problem every view should show (e.g. the server refused a room). */
  problem = $state<string | null>(null);
  workspace = $state.raw<Workspace | null>(null);
  /** Bumped on every sign-in and sign-out: a late answer about an earlier one is dropped. */
  #signIns = 0;

  /**
   * Finds out who is signed in (or that nobody is, or that the server needs setting up). With a
   * remembered answer the library opens on it at once and the server confirms it meanwhile.
   */
  async init(): Promise<void> {
    const remembered = readCachedMe();
    if (remembered) {
      this.#signedIn(remembered);
      await this.#confirm(remembered);
      return;
    }
    try {
      const me = await api.me();
      this.offlineStart = false;
      this.#signedIn(me);
    } catch (_error) {
      await this.#signedOut();
    }
  }

  /**
   * Asks the server about a remembered answer the library already opened on: a 401 signs out, a
   * changed answer reopens the library on it, and no answer within ME_TIMEOUT_MS (or an error)
   * keeps the remembered one and says so, until an answer or {@link confirmOnline} settles it.
   */
  async #confirm(remembered: Me): Promise<void> {
    const signIn = this.#signIns;
    const timer = setTimeout(() => {
      if (signIn === this.#signIns) this.offlineStart = true;
    }, ME_TIMEOUT_MS);
    try {
      const me = await api.me();
      if (signIn !== this.#signIns) return;
      this.offlineStart = false;
      if (sameAccess(me, remembered)) {
        localStorage.setItem(ME_KEY, JSON.stringify(me));
        this.me = me;
      } else {
        this.#signedIn(me);
      }
    } catch (error) {
      if (signIn !== this.#signIns) return;
      if (error instanceof ApiError && error.status === 401) {
        localStorage.removeItem(ME_KEY);
        await this.#signedOut();
      } else {
        this.offlineStart = true;
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * After an offline start, once the rooms are back in sync: asks the server who is signed in (a
   * session that ended meanwhile goes back to the sign-in page) and refreshes the remembered answer.
   */
  async confirmOnline(): Promise<void> {
    if (!this.offlineStart) return;
    try {
      const me = await api.me();
      localStorage.setItem(ME_KEY, JSON.stringify(me));
      this.offlineStart = false;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        localStorage.removeItem(ME_KEY);
        await this.#signedOut();
      }
    }
  }

  async login(username: string, password: string): Promise<void> {
    await api.login(username, password);
    this.#signedIn(await api.me());
  }

  async setup(input: {
    username: string;
    password: string;
    display_name?: string;
    team_name: string;
  }): Promise<void> {
    const answer = await api.setup(input);
    localStorage.setItem(TEAM_KEY, answer.team.id);
    this.#signedIn(await api.me());
  }

  async logout(): Promise<void> {
    const me = this.me;
    this.#signIns++;
    try {
      await api.logout();
    } catch (error) {
      if (!(error instanceof ApiError && error.unreachable)) toasts.error(error);
    }
    this.#closeWorkspace();
    localStorage.removeItem(ME_KEY);
    localStorage.removeItem(TEAM_KEY);
    if (me) {
      await uploads.signOut(me.user.id);
      await deleteLocalCopies(
        me.user.id,
        me.rooms.map((room) => room.name),
      );
    }
    await forgetCachedAnswers();
    this.me = null;
    this.teamId = null;
    this.state = 'signed-out';
  }

  switchTeam(teamId: string): void {
    const me = this.me;
    if (!me || teamId === this.teamId || !me.teams.some((team) => team.id === teamId)) return;
    localStorage.setItem(TEAM_KEY, teamId);
    this.teamId = teamId;
    this.#openWorkspace(me, teamId);
  }

  #signedIn(me: Me): void {
    this.#signIns++;
    localStorage.setItem(ME_KEY, JSON.stringify(me));
    this.me = me;
    const saved = localStorage.getItem(TEAM_KEY);
    const teamId = me.teams.some((team) => team.id === saved) ? saved : (me.teams[0]?.id ?? null);
    this.teamId = teamId;
    this.problem = teamId
      ? null
      : 'You are not a member of any team yet. Ask a team admin to add you.';
    if (teamId) {
      localStorage.setItem(TEAM_KEY, teamId);
      this.#openWorkspace(me, teamId);
    } else {
      this.#closeWorkspace();
    }
    this.state = 'ready';
  }

  async #signedOut(): Promise<void> {
    this.#signIns++;
    this.#closeWorkspace();
    this.me = null;
    try {
      const status = await api.setupStatus();
      this.state = status.needs_setup ? 'needs-setup' : 'signed-out';
    } catch (_error) {
      this.state = 'signed-out';
    }
  }

  /** After a refusal: if the team is gone from `me`, reopen on what is left (or say there is none). */
  async #recheckMembership(): Promise<void> {
    try {
      const me = await api.me();
      if (!me.teams.some((team) => team.id === this.teamId)) {
        const problem = this.problem;
        this.#signedIn(me);
        this.problem = me.teams.length > 0 ? problem : this.problem;
      }
    } catch (_error) {
      // Offline or signed out: the banner already says what is known.
    }
  }

  #openWorkspace(me: Me, teamId: string): void {
    this.#closeWorkspace();
    this.workspace = new Workspace(me, teamId, (code, room) => this.#onRoomClosed(code, room));
  }

  #closeWorkspace(): void {
    this.workspace?.destroy();
    this.workspace = null;
  }

  #onRoomClosed(code: number, room: string): void {
    if (code === CLOSE_UNAUTHENTICATED) {
      toasts.show('error', 'Your session has ended. Please sign in again.');
      localStorage.removeItem(ME_KEY);
      void this.#signedOut();
    } else if (code === CLOSE_FORBIDDEN) {
      const message = `The server no longer lets you sync ${describeRoom(room)}: your membership may have changed.`;
      if (this.problem !== message) toasts.show('error', message);
      this.problem = message;
      void this.#recheckMembership();
    } else {
      toasts.show('error', `The server closed ${room} (code ${code}).`);
    }
  }
}

/** Whether two `me` answers open the same library (same person, teams, roles and rooms). */
function sameAccess(a: Me, b: Me): boolean {
  const teams = (me: Me) => me.teams.map((team) => `${team.id}:${team.role}`).sort();
  const rooms = (me: Me) =>
    me.rooms.map((room) => `${room.name}:${room.kind}:${room.writable}`).sort();
  return (
    a.user.id === b.user.id &&
    JSON.stringify(teams(a)) === JSON.stringify(teams(b)) &&
    JSON.stringify(rooms(a)) === JSON.stringify(rooms(b))
  );
}

function describeRoom(room: string): string {
  if (room.startsWith('team/')) return "this team's library";
  if (room.startsWith('private/')) return 'your private videos';
  if (room.startsWith('shared/')) return 'the videos shared with you';
  return room;
}

export const session = new Session();
