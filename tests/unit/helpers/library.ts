/**
 * A small team for unit tests: one migrated team doc, private docs per user created on demand, a
 * controllable clock, and contexts for any user and role. Plus helpers to assert that a refused
 * operation left every doc byte-identical and that an operation made exactly one transaction.
 */
import * as Y from 'yjs';
import { expect } from 'vitest';
import { migrate } from '../../../src/lib/library/migrations';
import { privateRoom, teamRoom } from '../../../src/lib/library/rooms';
import {
  LibraryOrigin,
  ROLE_CAN_WRITE,
  type LibraryContext,
  type LibraryRoom,
} from '../../../src/lib/library/context';
import type { Role } from '../../../src/lib/library/records/common';
import { LibraryError, type ErrorCode } from '../../../src/lib/library/errors';
import { assetsOf, collectionsOf, lineageOf, sharesOf } from '../../../src/lib/library/schema';
import { readAsset, type VideoAsset } from '../../../src/lib/library/records/asset';
import { readCollection, type VideoCollection } from '../../../src/lib/library/records/collection';
import { readShare, type VideoShare } from '../../../src/lib/library/records/share';
import { readLineage, type VideoLineage } from '../../../src/lib/library/records/lineage';

export function newRoomDoc(): Y.Doc {
  const doc = new Y.Doc();
  migrate(doc);
  return doc;
}

export interface ContextOptions {
  /** Team room writable? Defaults to what the role allows (viewers read only). */
  writableTeam?: boolean;
  /** Include the user's private room (default true when the user has a role). */
  withPrivate?: boolean;
  /** More rooms to add (e.g. a `shared/<userId>` projection). */
  extraRooms?: LibraryRoom[];
}

export class TestTeam {
  readonly teamDoc = newRoomDoc();
  private readonly privateDocs = new Map<string, Y.Doc>();
  /** The clock every context of this team reads; move it with {@link tick}. */
  now = new Date('2026-01-01T10:00:00.000Z');

  constructor(readonly teamId = 'team1') {}

  privateDoc(userId: string): Y.Doc {
    let doc = this.privateDocs.get(userId);
    if (!doc) {
      doc = newRoomDoc();
      this.privateDocs.set(userId, doc);
    }
    return doc;
  }

  teamRoom(writable: boolean): LibraryRoom {
    return { name: teamRoom(this.teamId), kind: 'team', doc: this.teamDoc, writable };
  }

  privateRoom(userId: string): LibraryRoom {
    return {
      name: privateRoom(this.teamId, userId),
      kind: 'private',
      doc: this.privateDoc(userId),
      writable: true,
    };
  }

  /** The context of `userId` with `role` in this team. */
  ctx(userId: string, role: Role | null, options: ContextOptions = {}): LibraryContext {
    const rooms: LibraryRoom[] = [
      this.teamRoom(options.writableTeam ?? (role !== null && ROLE_CAN_WRITE[role])),
    ];
    if (options.withPrivate ?? role !== null) rooms.push(this.privateRoom(userId));
    rooms.push(...(options.extraRooms ?? []));
    return { actor: { userId, teamId: this.teamId, role }, rooms, now: () => this.now };
  }

  tick(ms = 1000): void {
    this.now = new Date(this.now.getTime() + ms);
  }

  /** Every doc of the team, team doc first. */
  docs(): Y.Doc[] {
    return [this.teamDoc, ...this.privateDocs.values()];
  }
}

/** Runs `fn`, expects a LibraryError with `code` (and `path` if given), and every doc unchanged. */
export function expectRefused(
  docs: readonly Y.Doc[],
  fn: () => unknown,
  code: ErrorCode,
  path?: string,
): LibraryError {
  const before = docs.map((doc) => Y.encodeStateAsUpdate(doc));
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(LibraryError);
  const error = caught as LibraryError;
  expect({ code: error.code, path: error.path }).toEqual(
    path === undefined ? { code, path: error.path } : { code, path },
  );
  docs.forEach((doc, i) => expect(Y.encodeStateAsUpdate(doc)).toEqual(before[i]));
  return error;
}

/** Runs `fn` and returns its result with the origins of the transactions it made on `docs`. */
export function recordTransactions<T>(
  docs: readonly Y.Doc[],
  fn: () => T,
): { result: T; origins: unknown[] } {
  const origins: unknown[] = [];
  const listener = (transaction: Y.Transaction) => origins.push(transaction.origin);
  for (const doc of docs) doc.on('afterTransaction', listener);
  try {
    return { result: fn(), origins };
  } finally {
    for (const doc of docs) doc.off('afterTransaction', listener);
  }
}

/** Asserts `fn` made exactly one transaction, a LibraryOrigin for `operation`; returns its result. */
export function expectOneTransaction<T>(
  docs: readonly Y.Doc[],
  operation: string,
  userId: string,
  fn: () => T,
): T {
  const { result, origins } = recordTransactions(docs, fn);
  expect(origins).toHaveLength(1);
  expect(origins[0]).toBeInstanceOf(LibraryOrigin);
  expect(origins[0]).toMatchObject({ operation, userId });
  return result;
}

function readOrFail<T>(
  result: { ok: true; value: T } | { ok: false; path: string; message: string },
  what: string,
): T {
  if (!result.ok) throw new Error(`${what} unreadable at ${result.path}: ${result.message}`);
  return result.value;
}

export const assetIn = (doc: Y.Doc, id: string): VideoAsset =>
  readOrFail(readAsset(assetsOf(doc).get(id)), `asset ${id}`);

export const collectionIn = (doc: Y.Doc, id: string): VideoCollection =>
  readOrFail(readCollection(collectionsOf(doc).get(id)), `collection ${id}`);

export const shareIn = (doc: Y.Doc, id: string): VideoShare =>
  readOrFail(readShare(sharesOf(doc).get(id)), `share ${id}`);

/** Every lineage edge of a doc, validated. */
export const edgesIn = (doc: Y.Doc): VideoLineage[] =>
  [...lineageOf(doc).values()].map((value) => readOrFail(readLineage(value), 'lineage edge'));

/** The asset ids of a collection in order. */
export const orderOf = (doc: Y.Doc, collectionId: string): string[] =>
  collectionIn(doc, collectionId).items.map((item) => item.asset_id);
