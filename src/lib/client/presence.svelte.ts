/** Who else is here and what they are looking at, from the team room's awareness. */
import type { Awareness } from 'y-protocols/awareness';

export interface PresenceUser {
  id: string;
  name: string;
  color: string;
}

export interface PeerPresence {
  user: PresenceUser;
  view: string;
}

const PALETTE = ['#f97362', '#f5b34b', '#7bd389', '#4fc3f7', '#9d8cff', '#ff7eb6', '#4dd0c4'];

export function colorFor(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0]![0]! + parts.at(-1)![0]! : name.slice(0, 2);
  return letters.toUpperCase();
}

function isPresence(value: unknown): value is PeerPresence {
  const state = value as Partial<PeerPresence> | null;
  return (
    !!state?.user &&
    typeof state.user.id === 'string' &&
    typeof state.user.name === 'string' &&
    typeof state.user.color === 'string' &&
    typeof state.view === 'string'
  );
}

export class Presence {
  /** Other people online, one entry per person (several tabs collapse into one). */
  peers = $state<PeerPresence[]>([]);
  #awareness: Awareness | null = null;
  #me: PresenceUser;
  #view = '/';
  #onChange = () => this.#collect();

  constructor(me: PresenceUser) {
    this.#me = me;
  }

  attach(awareness: Awareness): void {
    this.#awareness = awareness;
    awareness.setLocalState({ user: this.#me, view: this.#view });
    awareness.on('change', this.#onChange);
    this.#collect();
  }

  setView(view: string): void {
    this.#view = view;
    this.#awareness?.setLocalStateField('view', view);
  }

  destroy(): void {
    this.#awareness?.off('change', this.#onChange);
    this.#awareness?.setLocalState(null);
    this.#awareness = null;
  }

  #collect(): void {
    const awareness = this.#awareness;
    if (!awareness) return;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local, not state
    const byUser = new Map<string, PeerPresence>();
    for (const [clientId, state] of awareness.getStates()) {
      if (clientId === awareness.clientID || !isPresence(state)) continue;
      if (state.user.id === this.#me.id) continue;
      byUser.set(state.user.id, {
        user: {
          id: state.user.id.slice(0, 64),
          name: state.user.name.slice(0, 80),
          color: /^#[0-9a-f]{6}$/i.test(state.user.color) ? state.user.color : '#888888',
        },
        view: state.view.slice(0, 200),
      });
    }
    this.peers = [...byUser.values()].sort((a, b) => a.user.name.localeCompare(b.user.name));
  }
}
