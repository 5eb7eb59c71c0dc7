/**
 * A client with nothing yet (or only its own migration) that joins a large room gets the room as several ordinary updates and
 * then a sync step 2 with nothing left in it (the signal that it is synced), so a browser applies
 * the room a piece at a time; everyone else still gets one sync step 2. The threshold and piece
 * size are lowered so a room of a few thousand structs counts as large.
 */
import { randomBytes } from 'node:crypto';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect as tcpConnect } from 'node:net';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { LibraryContext } from '../../../src/lib/library/context';
import { migrate } from '../../../src/lib/library/migrations';
import { createAsset } from '../../../src/lib/library/ops/assets';
import { assetsOf } from '../../../src/lib/library/schema';
import { encodeStateAsPieces } from '../../../src/lib/sync/state-pieces';
import { eventually, startSync, type TestSync } from './helpers';

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

/** One binary WebSocket frame as a client sends it (masked), for a socket spoken to by hand. */
function maskedFrame(payload: Uint8Array): Buffer {
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] as number)));
  return Buffer.concat([Buffer.from([0x82, 0x80 | payload.length]), mask, masked]);
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

describe('sync server: an answer that drains slowly is not a client falling behind', () => {
  let server: TestSync;

  afterEach(async () => {
    for (const client of open.splice(0)) {
      client.provider.destroy();
      client.doc.destroy();
    }
    await server.stop();
  });

  it('keeps a socket reading a large room slowly while small edits go out to it', async () => {
    server = await startSync(
      { tokens: { alice: 'u-alice' }, access: { [`u-alice ${LARGE}`]: 'write' } },
      { ...LIMITS, maxBufferedBytes: 256 * 1024 },
    );
    // Far more than the socket buffers of the loopback hold, so most of it waits on the server.
    await server.sync.withRoom(LARGE, (doc) => {
      const big = doc.getArray<string>('big');
      for (let i = 0; i < 64; i++) big.push([randomBytes(576 * 1024).toString('base64')]);
    });
    // A client that asks for the room and then reads nothing for now.
    const { port, pathname } = new URL(`${server.url}/${LARGE}`);
    const slow = tcpConnect(Number(port), '127.0.0.1');
    slow.on('error', () => {});
    slow.write(
      `GET ${pathname}?token=alice HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n` +
        `Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`,
    );
    const ask = encoding.createEncoder();
    encoding.writeVarUint(ask, 0);
    syncProtocol.writeSyncStep1(ask, new Y.Doc());
    slow.write(maskedFrame(encoding.toUint8Array(ask)));
    slow.pause();
    await eventually(() => expect(server.sync.stats().connections).toBe(1));

    const writer = recordingClient(server.url, LARGE);
    await writer.clipsWhenSynced;
    const reader = recordingClient(server.url, LARGE);
    await reader.clipsWhenSynced;
    // Small edits reach everyone, the slow socket included, and it stays.
    for (let i = 0; i < 5; i++) writer.doc.getMap('notes').set(`n${i}`, 'a small edit');
    await eventually(() => expect(reader.doc.getMap('notes').size).toBe(5));
    // A dropped socket that reads nothing is cut a second after its close frame: wait past that.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(server.sync.stats().connections).toBe(3);

    // What is queued after the answer still counts: past the limit, the socket is dropped.
    for (let i = 0; i < 40 && server.sync.stats().connections === 3; i++) {
      writer.doc.getMap('notes').set(`big${i}`, randomBytes(24 * 1024).toString('base64'));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await eventually(() => expect(server.sync.stats().connections).toBe(2));
    slow.destroy();
  });
});
