/**
 * Where rooms live between process runs. The sync server appends every update before it is
 * broadcast, so an implementation's `append` must be durable when it returns (a crash right after
 * must not lose it). Every implementation passes tests/unit/server/persistence.contract.ts.
 */
export interface RoomPersistence {
  /** The room's whole state as one Yjs update (snapshot merged with the log), or null if unknown. */
  load(room: string): Uint8Array | null;
  /** Appends one Yjs update to the room's log; durable on return. */
  append(room: string, update: Uint8Array): void;
  /** Appends several updates at once (one transaction where there are transactions). */
  appendMany(room: string, updates: readonly Uint8Array[]): void;
  /**
   * Replaces the room's snapshot and log with `state`, which must contain every update appended to
   * the room so far (the caller encodes its in-memory doc, which has applied all of them).
   */
  compact(room: string, state: Uint8Array): void;
  /** Every room with any stored state. */
  rooms(): string[];
  /** Stops accepting writes. Does not close a database it was handed. */
  close(): void;
}
