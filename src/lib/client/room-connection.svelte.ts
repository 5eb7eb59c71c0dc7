/**
 * One room the signed-in person may read: a Y.Doc kept in IndexedDB (so the library opens with no
 * network) and synced over the y-websocket protocol (the session cookie authenticates the socket).
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { LocalCopy } from './local-copy';
import { migrate } from '$lib/library/migrations';
import type { RoomKind } from '$lib/library/rooms';
import { toasts } from './toasts.svelte';
import { TabChannel, tabChannelName } from './tab-channel';

export const CLOSE_UNAUTHENTICATED = 4401;
export const CLOSE_FORBIDDEN = 4403;

/** IndexedDB database names carry the user, so two people on one browser never share a copy. */
export const DB_PREFIX = 'video-library';
export const dbNameFor = (userId: string, room: string): string => `${DB_PREFIX}:${userId}:${room}`;

export function syncUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/sync`;
}

export interface RoomSpec {
  name: string;
  kind: RoomKind;
  writable: boolean;
}

export class RoomConnection {
  readonly name: string;
  readonly kind: RoomKind;
  readonly writable: boolean;
  readonly doc = new Y.Doc();
  readonly persistence: LocalCopy;
  readonly provider: WebsocketProvider;

  /** The local copy has been read from IndexedDB. */
  loaded = $state(false);
  connected = $state(false);
  /**
   * 'connecting' only until the first attempt settles: a retry after a lost connection stays
   * 'disconnected' (offline) until it succeeds, so the indicator does not flicker while retrying.
   */
  link = $state<'connecting' | 'connected' | 'disconnected'>('connecting');
  /** Connected and the server's state has been merged in (sync step 2 received). */
  synced = $state(false);
  /** Local changes made since the server last acknowledged a full sync. */
  pending = $state(0);
  /** A permanent close from the server (4401, 4403, …), or null. */
  closedCode = $state<number | null>(null);
  /** Bumped on every change of the doc, from anyone. */
  revision = $state(0);

  readonly whenLoaded: Promise<void>;
  #destroyed = false;
  #warnedStorage = false;
  readonly #tabs: TabChannel;

  constructor(spec: RoomSpec, userId: string, onClosed: (code: number, room: string) => void) {
    this.name = spec.name;
    this.kind = spec.kind;
    this.writable = spec.writable;
    this.persistence = new LocalCopy(dbNameFor(userId, spec.name), this.doc);
    this.persistence.on('error', (error: unknown) => {
      if (this.#destroyed || this.#warnedStorage) return;
      this.#warnedStorage = true;
      toasts.error(error, 'This browser could not keep its copy of the library for offline use');
    });
    this.provider = new WebsocketProvider(syncUrl(), spec.name, this.doc, {
      connect: false,
      maxBackoffTime: 2500,
      // Every tab has the local copy and the server; a channel between tabs would only encode the
      // whole room again for each tab that opens.
      disableBc: true,
    });
    // Other tabs' edits are heard from now on, so none made while this tab loads is missed.
    this.#tabs = new TabChannel(
      tabChannelName(userId, spec.name),
      this.doc,
      [this.provider, this.persistence],
      false,
    );
    // Until the local copy is in the doc, nothing is sent (the socket opens after the load): with
    // the provider's listener attached, Yjs would encode the whole load as an update for it.
    this.doc.off('update', this.provider._updateHandler);

    // Counted per transaction, not per `update` event: listening to `update` makes Yjs encode
    // every change, the load of the local copy included.
    this.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (!changedDoc(transaction)) return;
      this.revision++;
      const origin: unknown = transaction.origin;
      // Changes from other tabs count too: until a socket is in sync they wait here as well.
      const local = origin !== this.provider && origin !== this.persistence;
      // A change made while the socket is not in sync waits for the next sync step to reach the
      // server; one made while in sync is sent at once.
      if (local && !(this.connected && this.synced)) this.pending++;
    });
    this.provider.on('status', ({ status }: { status: string }) => {
      this.connected = status === 'connected';
      if (!this.connected) this.synced = false;
      if (status === 'connected') this.link = 'connected';
      else if (status === 'disconnected') this.link = 'disconnected';
      else if (this.link === 'connected') this.link = 'connecting';
    });
    // A socket that never opened (server down) reports no status change, only a close.
    this.provider.on('connection-close', () => {
      this.connected = false;
      this.synced = false;
      this.link = 'disconnected';
    });
    this.provider.on('sync', (isSynced: boolean) => {
      this.synced = isSynced;
      if (isSynced) this.pending = 0;
    });
    this.provider.on('closed', (event: { code: number }) => {
      this.closedCode = event.code;
      onClosed(event.code, this.name);
    });

    this.whenLoaded = this.persistence.whenSynced.then(() => {
      if (this.#destroyed) return;
      this.doc.on('update', this.provider._updateHandler);
      if (this.writable) migrate(this.doc);
      this.#tabs.startSending();
      this.loaded = true;
      this.provider.connect();
    });
  }

  /** Reconnects after a forced disconnect (the socket is otherwise retried automatically). */
  reconnect(): void {
    if (this.#destroyed) return;
    this.closedCode = null;
    this.provider.connect();
  }

  destroy(): void {
    this.#destroyed = true;
    this.#tabs.destroy();
    this.provider.destroy();
    void this.persistence.destroy();
    this.doc.destroy();
  }
}

/** Whether a transaction changed the doc (what makes Yjs emit an `update` event for it). */
function changedDoc(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of transaction.afterState) {
    if (transaction.beforeState.get(client) !== clock) return true;
  }
  return false;
}

/** Deletes every local copy of this user's rooms (on sign-out). */
export async function deleteLocalCopies(
  userId: string,
  knownRooms: readonly string[],
): Promise<void> {
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local, not state
  const names = new Set(knownRooms.map((room) => dbNameFor(userId, room)));
  try {
    const all = await indexedDB.databases();
    for (const db of all) {
      if (db.name?.startsWith(`${DB_PREFIX}:${userId}:`)) names.add(db.name);
    }
  } catch (_error) {
    // indexedDB.databases() is missing in some browsers; the known rooms are enough then.
  }
  await Promise.all(
    [...names].map(
      (name) =>
        new Promise<void>((resolve) => {
          const request = indexedDB.deleteDatabase(name);
          request.onsuccess = request.onerror = request.onblocked = () => resolve();
        }),
    ),
  );
}
