/**
 * Peers for convergence tests: each peer is one device with its own Y.Doc per room, its own
 * LibraryContext and its own live LibraryIndex, exactly as a browser holds them. Peers exchange
 * nothing until a test syncs them, so everything between two syncs is an offline edit.
 */
import * as Y from 'yjs';
import { expect } from 'vitest';
import { migrate } from '../../../src/lib/library/migrations';
import { privateRoom, teamRoom } from '../../../src/lib/library/rooms';
import {
  ROLE_CAN_WRITE,
  type Actor,
  type LibraryContext,
  type LibraryRoom,
} from '../../../src/lib/library/context';
import type { Role } from '../../../src/lib/library/records/common';
import { LibraryIndex } from '../../../src/lib/library/live/library-index';

/** Origin of updates that arrive from another peer (never a LibraryOrigin: undo must skip them). */
export const SYNC_ORIGIN = Symbol('sync');

export class Clock {
  now = new Date('2026-01-01T10:00:00.000Z');

  tick(ms = 1000): void {
    this.now = new Date(this.now.getTime() + ms);
  }
}

export class Peer {
  readonly docs = new Map<string, Y.Doc>();
  readonly rooms: LibraryRoom[];
  readonly ctx: LibraryContext;
  readonly index: LibraryIndex;

  constructor(
    readonly name: string,
    readonly actor: Actor,
    roomDocs: readonly { name: string; kind: LibraryRoom['kind']; doc: Y.Doc }[],
    clock: Clock,
  ) {
    this.rooms = roomDocs.map(({ name: roomName, kind, doc }) => {
      this.docs.set(roomName, doc);
      const writable = kind === 'team' ? actor.role !== null && ROLE_CAN_WRITE[actor.role] : true;
      return { name: roomName, kind, doc, writable };
    });
    this.ctx = { actor, rooms: this.rooms, now: () => clock.now };
    this.index = new LibraryIndex(this.rooms);
  }

  doc(room: string): Y.Doc {
    const doc = this.docs.get(room);
    if (!doc) throw new Error(`${this.name} does not hold ${room}`);
    return doc;
  }

  roomNames(): string[] {
    return [...this.docs.keys()];
  }

  /**
   * A replica of this peer's current state (same rooms, same actor, fresh docs and a fresh index):
   * lets a test merge the same offline edits in several orders.
   */
  clone(name: string, clock: Clock): Peer {
    const copies = this.rooms.map((room) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc), SYNC_ORIGIN);
      return { name: room.name, kind: room.kind, doc };
    });
    return new Peer(name, this.actor, copies, clock);
  }

  destroy(): void {
    this.index.destroy();
  }
}

/**
 * A team whose members work on several devices. Every room starts from one migrated doc, so
 * peers share a common history; client ids are fixed so a seeded run is reproducible.
 */
export class Cluster {
  readonly clock = new Clock();
  readonly peers: Peer[] = [];
  private nextClientId = 1;

  constructor(readonly teamId = 'team1') {}

  /** A new device of `userId`: the team room and the user's private room. */
  peer(name: string, userId: string, role: Role): Peer {
    const rooms = [
      { name: teamRoom(this.teamId), kind: 'team' as const },
      { name: privateRoom(this.teamId, userId), kind: 'private' as const },
    ].map((room) => ({ ...room, doc: this.newDoc(room.name) }));
    const peer = new Peer(name, { userId, teamId: this.teamId, role }, rooms, this.clock);
    this.peers.push(peer);
    return peer;
  }

  private newDoc(room: string): Y.Doc {
    const doc = new Y.Doc();
    doc.clientID = this.nextClientId++;
    const holder = this.peers.find((peer) => peer.docs.has(room));
    if (holder) Y.applyUpdate(doc, Y.encodeStateAsUpdate(holder.doc(room)), SYNC_ORIGIN);
    else migrate(doc);
    return doc;
  }

  /** Every room name any peer holds. */
  roomNames(): string[] {
    return [...new Set(this.peers.flatMap((peer) => peer.roomNames()))].sort();
  }

  holders(room: string, peers: readonly Peer[] = this.peers): Peer[] {
    return peers.filter((peer) => peer.docs.has(room));
  }

  destroy(): void {
    for (const peer of this.peers) peer.destroy();
  }
}

/** Sends `to` what `from` has and `to` lacks in one room (sync step 1 + 2 of the y protocol). */
export function pushRoom(from: Peer, to: Peer, room: string): void {
  const target = to.doc(room);
  const diff = Y.encodeStateAsUpdate(from.doc(room), Y.encodeStateVector(target));
  Y.applyUpdate(target, diff, SYNC_ORIGIN);
}

/** Both directions, every room the two peers share. */
export function syncPair(a: Peer, b: Peer): void {
  for (const room of a.roomNames()) {
    if (!b.docs.has(room)) continue;
    pushRoom(a, b, room);
    pushRoom(b, a, room);
  }
}

/** Everyone online: two rounds of pairwise syncs reach every peer with everything. */
export function syncAll(peers: readonly Peer[]): void {
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < peers.length; i++) {
      for (let j = i + 1; j < peers.length; j++) syncPair(peers[i]!, peers[j]!);
    }
  }
}

/** Per room, the encoded state vector and full state of one doc. */
export function encodeRoom(doc: Y.Doc): { sv: Uint8Array; state: Uint8Array } {
  return { sv: Y.encodeStateVector(doc), state: Y.encodeStateAsUpdate(doc) };
}

/**
 * How far two encodings of one room may differ and still count as converged:
 * - `bytes`: byte-identical (the default);
 * - `gcRuns`: identical up to how garbage-collected ranges are cut into runs. Yjs merges adjacent
 *   GC structs only within the transaction that collected them, so a peer that received a
 *   record's deletion in pieces (other updates in between) keeps `GC(5:1718+1), GC(5:1719+1)`
 *   where the author has `GC(5:1718+2)`. Every live struct, origin, parent, key and value and the
 *   delete set must still be identical;
 * - `deleted`: also identical up to how deleted content is stored: a peer with a Y.UndoManager
 *   keeps deleted items (to redo them) where others hold GC structs.
 */
export type Sameness = 'bytes' | 'gcRuns' | 'deleted';

/**
 * Differences between peers holding the same room: equal state vectors, and encoded states the
 * same as `sameness` asks. Returns readable messages (empty when converged).
 */
export function divergence(peers: readonly Peer[], sameness: Sameness = 'bytes'): string[] {
  const problems: string[] = [];
  const rooms = [...new Set(peers.flatMap((peer) => peer.roomNames()))].sort();
  for (const room of rooms) {
    const holders = peers.filter((peer) => peer.docs.has(room));
    const [first, ...rest] = holders;
    if (!first) continue;
    const expected = encodeRoom(first.doc(room));
    for (const peer of rest) {
      const actual = encodeRoom(peer.doc(room));
      if (!bytesEqual(expected.sv, actual.sv)) {
        problems.push(`${room}: state vector of ${peer.name} differs from ${first.name}`);
        continue;
      }
      const difference = stateDifference(expected.state, actual.state, sameness);
      if (difference !== null) {
        problems.push(`${room}: ${peer.name} differs from ${first.name}: ${difference}`);
      }
    }
  }
  return problems;
}

/** Where two encoded states differ beyond what `sameness` allows, or null. */
export function stateDifference(a: Uint8Array, b: Uint8Array, sameness: Sameness): string | null {
  if (bytesEqual(a, b)) return null;
  if (sameness === 'bytes') return 'encoded state';
  const deleted = sameness === 'deleted';
  return firstDifference(canonicalStructs(a, deleted), canonicalStructs(b, deleted));
}

export function expectConverged(peers: readonly Peer[]): void {
  expect(divergence(peers)).toEqual([]);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Every ordering of `items` (n! of them: keep n small). */
export function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/**
 * The structs and delete set of an encoded state, one line each, with adjacent GC runs of one
 * client joined; with `deletedAsGc`, every deleted struct counts as GC (see {@link Sameness}).
 */
export function canonicalStructs(update: Uint8Array, deletedAsGc = false): string[] {
  const { structs, ds } = Y.decodeUpdate(update);
  const isDeleted = (client: number, clock: number) =>
    (ds.clients.get(client) ?? []).some(
      (item) => item.clock <= clock && clock < item.clock + item.len,
    );
  const lines: string[] = [];
  let run: { client: number; clock: number; length: number } | null = null;
  const flush = () => {
    if (run) lines.push(`GC ${run.client}:${run.clock}+${run.length}`);
    run = null;
  };
  for (const struct of structs) {
    const { client, clock } = struct.id;
    if (struct instanceof Y.GC || (deletedAsGc && isDeleted(client, clock))) {
      if (run && run.client === client && run.clock + run.length === clock) {
        run.length += struct.length;
      } else {
        flush();
        run = { client, clock, length: struct.length };
      }
      continue;
    }
    flush();
    if (struct instanceof Y.Item) {
      const id = (value: Y.ID | null) => (value ? `${value.client}:${value.clock}` : '-');
      const parent = struct.parent;
      const content = struct.content;
      const body =
        content instanceof Y.ContentAny
          ? JSON.stringify(content.getContent())
          : content instanceof Y.ContentType
            ? content.type.constructor.name
            : `${content.constructor.name}(${content.getLength()})`;
      lines.push(
        `Item ${client}:${clock}+${struct.length} o=${id(struct.origin)} r=${id(struct.rightOrigin)} ` +
          `p=${parent instanceof Y.ID ? id(parent) : String(parent)} k=${struct.parentSub ?? '-'} ${body}`,
      );
    } else {
      lines.push(`${struct.constructor.name} ${client}:${clock}+${struct.length}`);
    }
  }
  flush();
  for (const [client, items] of [...ds.clients.entries()].sort(([a], [b]) => a - b)) {
    lines.push(`DS ${client} ${items.map((item) => `${item.clock}+${item.len}`).join(' ')}`);
  }
  return lines;
}

function firstDifference(a: readonly string[], b: readonly string[]): string | null {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `struct ${i}: ${a[i] ?? '(none)'} vs ${b[i] ?? '(none)'}`;
  }
  return null;
}
