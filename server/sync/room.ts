/**
 * One loaded room: its Y.Doc, its awareness and the connections in it. Talks to connections
 * through the small RoomConnection interface; sockets live in sync-server.ts.
 *
 * Every change to the doc, from a client or from the server (`withRoom`), reaches the doc's
 * 'update' event, which appends it to persistence and only then broadcasts it. Storing what the doc
 * emits rather than the bytes a client sent means a reconnecting client's sync step 2 (its whole
 * state) adds only what was new to the log, and a refused update is never stored.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { RoomPersistence } from '../persistence/types';
import { CloseCode } from './close-codes';
import { answerSyncStep1, type FirstSyncOptions } from './first-sync';
import type { SyncLogger } from './logger';
import {
  encodeAwarenessEntries,
  encodeAwarenessMessage,
  encodeSyncStep1,
  encodeSyncUpdate,
  type AwarenessEntry,
  type ClientMessage,
} from './protocol';
import { TokenBucket } from './rate-limit';

export type RoomAccess = 'write' | 'read';

/** What a room needs from a connection. */
export interface RoomConnection {
  readonly id: number;
  access: RoomAccess;
  send(message: Uint8Array): void;
  /**
   * Sends the parts of one answer in order, as one message of their total size would be sent: the
   * backlog is checked once, before the first, so a large room in pieces is not cut off where the
   * same room in one message would pass.
   */
  sendAll(messages: Iterable<Uint8Array>): void;
  close(code: CloseCode, reason: string): void;
}

export interface RoomOptions {
  compactAfterUpdates: number;
  compactAfterBytes: number;
  awarenessPerSecond: number;
  awarenessBurst: number;
  maxAwarenessClientsPerConnection: number;
  logger: SyncLogger;
  /** When a client with nothing yet gets the room in pieces (see first-sync.ts). */
  firstSync?: FirstSyncOptions;
}

interface Member {
  /** Awareness client ids this connection introduced; only it may change or remove them. */
  controlled: Set<number>;
  awarenessBucket: TokenBucket;
  /** Awareness entries held back by the rate limit, latest per client, sent when allowed. */
  pendingAwareness: Map<number, AwarenessEntry>;
  awarenessTimer: ReturnType<typeof setTimeout> | null;
}

export class Room {
  readonly name: string;
  readonly doc: Y.Doc;
  /** Created with the first connection: rooms the server only edits need no presence (or timer). */
  #awareness: awarenessProtocol.Awareness | null = null;
  readonly #persistence: RoomPersistence;
  readonly #options: RoomOptions;
  readonly #members = new Map<RoomConnection, Member>();
  readonly #onRetire: (room: Room) => void;
  /** Which connection introduced each awareness client id (only it may change or remove it). */
  readonly #awarenessOwner = new Map<number, RoomConnection>();
  /** Updates applied to the doc but not yet on disk, in order, with the connection they came from. */
  #uncommitted: { update: Uint8Array; origin: unknown }[] = [];
  #holds = 0;
  #updatesSinceCompact = 0;
  #bytesSinceCompact = 0;
  #compactScheduled = false;
  #failure: unknown = null;
  #unloaded = false;

  constructor(
    name: string,
    persistence: RoomPersistence,
    options: RoomOptions,
    /** Called when the room should be unloaded: nobody in it, or it could not be saved. */
    onRetire: (room: Room) => void,
  ) {
    this.name = name;
    this.#persistence = persistence;
    this.#options = options;
    this.#onRetire = onRetire;
    // A guid of our own: the default costs a random UUID per load.
    this.doc = new Y.Doc({ guid: name });
    const state = persistence.load(name);
    if (state) Y.applyUpdate(this.doc, state);
    // Listen only after loading: the stored state is not a new update.
    this.doc.on('update', this.#onDocUpdate);
  }

  get awareness(): awarenessProtocol.Awareness {
    if (!this.#awareness) {
      this.#awareness = new awarenessProtocol.Awareness(this.doc);
      // The server is not a participant.
      this.#awareness.setLocalState(null);
      this.#awareness.on('update', this.#onAwarenessUpdate);
    }
    return this.#awareness;
  }

  get connectionCount(): number {
    return this.#members.size;
  }

  /** Set once appending to persistence failed; the room is then closed and unloaded. */
  get failure(): unknown {
    return this.#failure;
  }

  join(conn: RoomConnection): void {
    this.#members.set(conn, {
      controlled: new Set(),
      awarenessBucket: new TokenBucket(
        this.#options.awarenessPerSecond,
        this.#options.awarenessBurst,
      ),
      pendingAwareness: new Map(),
      awarenessTimer: null,
    });
    // Ask a writer for what it has that we lack; a reader's answer would be dropped anyway.
    if (conn.access === 'write') conn.send(encodeSyncStep1(this.doc));
    const present = [...this.awareness.getStates().keys()];
    if (present.length > 0) conn.send(encodeAwarenessMessage(this.awareness, present));
  }

  /** Called when a reader becomes a writer, so the server learns its offline edits. */
  requestState(conn: RoomConnection): void {
    if (this.#members.has(conn)) conn.send(encodeSyncStep1(this.doc));
  }

  leave(conn: RoomConnection): void {
    const member = this.#members.get(conn);
    if (!member) return;
    this.#members.delete(conn);
    if (member.awarenessTimer) clearTimeout(member.awarenessTimer);
    if (this.#unloaded) return;
    if (member.controlled.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...member.controlled], null);
      for (const id of member.controlled) this.#awarenessOwner.delete(id);
    }
    this.#checkIdle();
  }

  /** Handles one decoded message; throws a LibraryError when the connection must be closed. */
  receive(conn: RoomConnection, message: ClientMessage): void {
    const member = this.#members.get(conn);
    if (!member) return;
    switch (message.kind) {
      case 'sync-step1':
        // The answer carries the doc's state: nothing not yet on disk may leave in it.
        this.commit();
        if (this.#failure) throw this.#failure;
        conn.sendAll(answerSyncStep1(this.doc, message.stateVector, this.#options.firstSync));
        return;
      case 'sync-step2':
      case 'sync-update':
        // Read-only connections still sync down; what they send up is dropped, never stored.
        if (conn.access !== 'write') return;
        Y.applyUpdate(this.doc, message.update, conn);
        if (this.#failure) throw this.#failure;
        return;
      case 'awareness':
        this.#receiveAwareness(conn, member, message.entries);
        return;
      case 'query-awareness': {
        const present = [...this.awareness.getStates().keys()];
        if (present.length > 0) conn.send(encodeAwarenessMessage(this.awareness, present));
        return;
      }
    }
  }

  /** Keeps the room loaded while the server works on it. */
  hold(): void {
    this.#holds++;
  }

  release(): void {
    this.#holds--;
    this.#checkIdle();
  }

  /**
   * Appends every uncommitted update in one write, then broadcasts them in order. Runs once per
   * event-loop turn on its own, so a burst of messages costs one transaction rather than one each;
   * anything that hands the doc's state to someone commits first.
   */
  commit(): void {
    if (this.#uncommitted.length === 0 || this.#failure) return;
    const batch = this.#uncommitted;
    this.#uncommitted = [];
    try {
      this.#persistence.appendMany(
        this.name,
        batch.map((entry) => entry.update),
      );
    } catch (error) {
      this.#fail(error);
      return;
    }
    for (const { update, origin } of batch) {
      this.#updatesSinceCompact++;
      this.#bytesSinceCompact += update.byteLength;
      const message = asBuffer(encodeSyncUpdate(update));
      for (const conn of this.#members.keys()) {
        if (conn !== origin) conn.send(message);
      }
    }
    if (
      this.#updatesSinceCompact >= this.#options.compactAfterUpdates ||
      this.#bytesSinceCompact >= this.#options.compactAfterBytes
    ) {
      this.#scheduleCompact();
    }
  }

  /** Folds the log into one snapshot if anything was appended since the last one. */
  flush(): void {
    this.commit();
    if (this.#failure || this.#updatesSinceCompact === 0) return;
    this.#persistence.compact(this.name, Y.encodeStateAsUpdate(this.doc));
    this.#updatesSinceCompact = 0;
    this.#bytesSinceCompact = 0;
  }

  unload(): void {
    if (this.#unloaded) return;
    this.#unloaded = true;
    try {
      this.flush();
    } catch (error) {
      this.#options.logger.error({ err: error, room: this.name }, 'room flush failed');
    }
    for (const member of this.#members.values()) {
      if (member.awarenessTimer) clearTimeout(member.awarenessTimer);
    }
    this.#awareness?.destroy();
    this.doc.destroy();
  }

  readonly #onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.#failure) return;
    this.#uncommitted.push({ update, origin });
    if (this.#uncommitted.length === 1) setImmediate(this.#commitLater);
  };

  readonly #commitLater = (): void => {
    if (!this.#unloaded) this.commit();
  };

  readonly #onAwarenessUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const conn = origin as RoomConnection;
    const member = this.#members.get(conn);
    if (member) {
      for (const id of [...changes.added, ...changes.updated]) {
        member.controlled.add(id);
        this.#awarenessOwner.set(id, conn);
      }
    }
    // Removed by its owner, or timed out ('timeout' origin): either way nobody owns it now.
    for (const id of changes.removed) {
      const owner = this.#awarenessOwner.get(id);
      if (owner) this.#members.get(owner)?.controlled.delete(id);
      this.#awarenessOwner.delete(id);
    }
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    if (changed.length === 0) return;
    const message = asBuffer(encodeAwarenessMessage(this.awareness, changed));
    for (const conn of this.#members.keys()) {
      if (conn !== origin) conn.send(message);
    }
  };

  #receiveAwareness(conn: RoomConnection, member: Member, entries: AwarenessEntry[]): void {
    for (const entry of entries) {
      if (this.#mayControl(conn, member, entry.clientId)) {
        member.pendingAwareness.set(entry.clientId, entry);
      }
    }
    if (member.awarenessTimer) return;
    if (member.awarenessBucket.take()) {
      this.#applyAwareness(conn, member);
      return;
    }
    // Over the rate: keep the latest state per client and send it once the bucket allows.
    member.awarenessTimer = setTimeout(() => {
      member.awarenessTimer = null;
      if (!this.#members.has(conn) || this.#unloaded) return;
      member.awarenessBucket.take();
      this.#applyAwareness(conn, member);
    }, member.awarenessBucket.waitMs());
  }

  #applyAwareness(conn: RoomConnection, member: Member): void {
    if (member.pendingAwareness.size === 0) return;
    const update = encodeAwarenessEntries(member.pendingAwareness.values());
    member.pendingAwareness.clear();
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, conn);
  }

  /** A client may speak only for awareness ids it introduced, and only for a few of them. */
  #mayControl(conn: RoomConnection, member: Member, clientId: number): boolean {
    const owner = this.#awarenessOwner.get(clientId);
    if (owner) return owner === conn;
    if (member.pendingAwareness.has(clientId)) return true;
    return (
      member.controlled.size + member.pendingAwareness.size <
      this.#options.maxAwarenessClientsPerConnection
    );
  }

  #scheduleCompact(): void {
    if (this.#compactScheduled) return;
    this.#compactScheduled = true;
    // After the broadcast, off the hot path of the update that crossed the threshold.
    setImmediate(() => {
      this.#compactScheduled = false;
      if (this.#unloaded) return;
      try {
        this.flush();
      } catch (error) {
        this.#options.logger.error({ err: error, room: this.name }, 'room compaction failed');
      }
    });
  }

  /**
   * Appending failed, so the doc in memory holds something the disk does not: nobody may be served
   * from it. Close every connection; the room unloads and reloads from disk on the next join.
   */
  #fail(error: unknown): void {
    this.#options.logger.error({ err: error, room: this.name }, 'room append failed');
    this.#failure = new Error('the room could not be saved');
    this.#uncommitted = [];
    for (const conn of [...this.#members.keys()]) {
      conn.close(CloseCode.Internal, 'the room could not be saved');
    }
    // Not from inside the doc's own update event.
    queueMicrotask(() => this.#onRetire(this));
  }

  #checkIdle(): void {
    if (this.#unloaded) return;
    if (this.#members.size === 0 && this.#holds === 0) this.#onRetire(this);
  }
}

/** One Buffer for all recipients: the socket layer would otherwise wrap the bytes once per send. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
