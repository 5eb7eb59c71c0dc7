/**
 * A client with nothing yet (or only its own migration) that joins a large room gets the room as several ordinary updates and
 * then a sync step 2 with nothing left in it (the signal that it is synced), so a browser applies
 * the room a piece at a time; everyone else still gets one sync step 2. The threshold and piece
 * size are lowered so a room of a few thousand structs counts as large.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { LibraryContext } from '../../../src/lib/library/context';
import { migrate } from '../../../src/lib/library/migrations';
import { createAsset } from '../../../src/lib/library/ops/assets';
import { assetsOf } from '../../../src/lib/library/schema';
import { encodeStateAsPieces } from '../../../src/lib/sync/state-pieces';
import { startSync, type TestSync } from './helpers';

const LARGE = 'team/t1';
const SMALL = 'team/t2';
const LIMITS = { statePiecesAboveStructs: 2000, statePieceStructs: 400 };

function seed(doc: Y.Doc, room: string, count: number): void {
  migrate(doc);
  const ctx: LibraryContext = {
    actor: { userId: 'u-alice', teamId: room.slice('team/'.length), role: 'owner' },
    rooms: [{ name: room, kind: 'team', doc, writable: true }],
    now: () => new Date(),
  };
  for (let i = 0; i < count; i++) {
    createAsset(ctx, { name: `Clip ${i}`, tags: [`t${i % 9}`], duration: i % 60 });
  }
  // Deletions too: they must reach the client as well.
  const ids = [...assetsOf(doc).keys()];
  doc.transact(() => {
    for (const id of ids.slice(0, 10)) assetsOf(doc).delete(id);
  });
}

type Kind = 'step1' | 'step2' | 'update' | 'awareness' | 'other';

function kindOf(message: Uint8Array): Kind {
  if (message[0] === 1) return 'awareness';
  if (message[0] !== 0) return 'other';
  return (['step1', 'step2', 'update'] as const)[message[1] as number] ?? 'other';
}

interface Recorded {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** The kind of every message the client received, in order (awareness left out). */
  kinds(): Kind[];
  /** Clips the doc held when the provider reported itself synced. */
  clipsWhenSynced: Promise<number>;
}

const open: Recorded[] = [];

/** A real y-websocket client whose socket notes every message it receives. */
function recordingClient(url: string, room: string, doc = new Y.Doc()): Recorded {
  const received: Uint8Array[] = [];
  class RecordingSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      this.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
    }
  }
  const provider = new WebsocketProvider(url, room, doc, {
    WebSocketPolyfill: RecordingSocket as unknown as typeof globalThis.WebSocket,
    params: { token: 'alice' },
    disableBc: true,
  });
  const client: Recorded = {
    doc,
    provider,
    kinds: () => received.map(kindOf).filter((kind) => kind !== 'awareness'),
    clipsWhenSynced: new Promise((resolve) => {
      provider.once('sync', () => resolve(assetsOf(doc).size));
    }),
  };
  open.push(client);
  return client;
}

/** The server's doc of `room` as a fresh copy. */
async function serverCopy(server: TestSync, room: string): Promise<Y.Doc> {
  const state = await server.sync.withRoom(room, (doc) => Y.encodeStateAsUpdate(doc));
  const copy = new Y.Doc();
  Y.applyUpdate(copy, state);
  return copy;
}

function expectSameDoc(actual: Y.Doc, expected: Y.Doc): void {
  expect(Y.equalSnapshots(Y.snapshot(actual), Y.snapshot(expected))).toBe(true);
  expect(assetsOf(actual).toJSON()).toEqual(assetsOf(expected).toJSON());
}

describe('sync server: a client with nothing yet gets a large room in pieces', () => {
  let server: TestSync;

  beforeEach(async () => {
    server = await startSync(
      {
        tokens: { alice: 'u-alice' },
        access: { [`u-alice ${LARGE}`]: 'write', [`u-alice ${SMALL}`]: 'write' },
      },
      LIMITS,
    );
    await server.sync.withRoom(LARGE, (doc) => seed(doc, LARGE, 300));
    await server.sync.withRoom(SMALL, (doc) => seed(doc, SMALL, 20));
  });

  afterEach(async () => {
    for (const client of open.splice(0)) {
      client.provider.destroy();
      client.doc.destroy();
    }
    await server.stop();
  });

  it.each([
    ['an empty copy', () => new Y.Doc()],
    // What the app does with a writable room's empty copy before it connects.
    [
      'a copy with only its own migration',
      () => {
        const doc = new Y.Doc();
        migrate(doc);
        return doc;
      },
    ],
  ])(
    '%s: several updates, then a sync step 2, and the client ends up with the whole room',
    async (_label, fresh) => {
      const expected = await serverCopy(server, LARGE);
      let structs = 0;
      for (const list of expected.store.clients.values()) structs += list.length;
      expect(structs).toBeGreaterThan(LIMITS.statePiecesAboveStructs);

      const doc = fresh();
      const own = Y.encodeStateAsUpdate(doc);
      const client = recordingClient(server.url, LARGE, doc);
      const clips = await client.clipsWhenSynced;

      // Synced only once everything is there.
      expect(clips).toBe(290);
      const kinds = client.kinds();
      expect(kinds[0]).toBe('step1');
      const answer = kinds.slice(1);
      expect(answer.filter((kind) => kind === 'update').length).toBeGreaterThan(3);
      expect(answer.filter((kind) => kind === 'step2')).toHaveLength(1);
      expect(answer[answer.length - 1]).toBe('step2');
      expect(answer.every((kind) => kind === 'update' || kind === 'step2')).toBe(true);
      expect(assetsOf(client.doc).toJSON()).toEqual(assetsOf(expected).toJSON());
      // The server's doc and what the client held before, nothing else.
      const union = new Y.Doc();
      Y.applyUpdate(union, Y.encodeStateAsUpdate(expected));
      Y.applyUpdate(union, own);
      expectSameDoc(client.doc, union);
      // None of the pieces waited for another to arrive.
      expect(client.doc.store.pendingStructs).toBeNull();
      expect(client.doc.store.pendingDs).toBeNull();
    },
  );

  it('a client holding less than half of the room (a first sync cut off) gets it in pieces too', async () => {
    const expected = await serverCopy(server, LARGE);
    const pieces = encodeStateAsPieces(expected, { structs: 400 });
    const doc = new Y.Doc();
    for (const piece of pieces.slice(0, Math.floor(pieces.length / 3))) Y.applyUpdate(doc, piece);
    expect(assetsOf(doc).size).toBeGreaterThan(0);

    const client = recordingClient(server.url, LARGE, doc);
    expect(await client.clipsWhenSynced).toBe(290);

    const answer = client.kinds().slice(1);
    expect(answer.filter((kind) => kind === 'update').length).toBeGreaterThan(3);
    expect(answer[answer.length - 1]).toBe('step2');
    expectSameDoc(client.doc, expected);
  });

  it('a client that already has most of the room gets one sync step 2 with the rest', async () => {
    // A copy from an earlier visit; the room has grown since.
    const earlier = await serverCopy(server, LARGE);
    await server.sync.withRoom(LARGE, (doc) => {
      const ctx: LibraryContext = {
        actor: { userId: 'u-alice', teamId: 't1', role: 'owner' },
        rooms: [{ name: LARGE, kind: 'team', doc, writable: true }],
        now: () => new Date(),
      };
      for (let i = 0; i < 5; i++) createAsset(ctx, { name: `Later ${i}` });
    });
    const expected = await serverCopy(server, LARGE);

    const client = recordingClient(server.url, LARGE, earlier);
    expect(await client.clipsWhenSynced).toBe(295);

    expect(client.kinds()).toEqual(['step1', 'step2']);
    expectSameDoc(client.doc, expected);
  });

  it('a small room still goes out as one sync step 2', async () => {
    const expected = await serverCopy(server, SMALL);
    const client = recordingClient(server.url, SMALL);
    expect(await client.clipsWhenSynced).toBe(10);

    expect(client.kinds()).toEqual(['step1', 'step2']);
    expectSameDoc(client.doc, expected);
  });
});
