import * as Y from 'yjs';
import type { RoomPersistence } from './types';

interface StoredRoom {
  snapshot: Uint8Array | null;
  log: Uint8Array[];
}

/** Keeps rooms in process memory: for tests and for running without a data directory. */
export class MemoryPersistence implements RoomPersistence {
  readonly #rooms = new Map<string, StoredRoom>();
  #closed = false;

  load(room: string): Uint8Array | null {
    const stored = this.#rooms.get(room);
    if (!stored) return null;
    const parts = stored.snapshot ? [stored.snapshot, ...stored.log] : stored.log;
    if (parts.length === 1) return parts[0]!.slice();
    return Y.mergeUpdates(parts);
  }

  append(room: string, update: Uint8Array): void {
    this.#assertOpen();
    // Copy: callers may reuse the buffer they hand in.
    this.#room(room).log.push(update.slice());
  }

  appendMany(room: string, updates: readonly Uint8Array[]): void {
    this.#assertOpen();
    const log = this.#room(room).log;
    for (const update of updates) log.push(update.slice());
  }

  compact(room: string, state: Uint8Array): void {
    this.#assertOpen();
    this.#rooms.set(room, { snapshot: state.slice(), log: [] });
  }

  rooms(): string[] {
    return [...this.#rooms.keys()];
  }

  close(): void {
    this.#closed = true;
  }

  #room(room: string): StoredRoom {
    let stored = this.#rooms.get(room);
    if (!stored) {
      stored = { snapshot: null, log: [] };
      this.#rooms.set(room, stored);
    }
    return stored;
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('room persistence is closed');
  }
}
