import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  connect,
  destroyClients,
  eventually,
  rawSocket,
  startSync,
  stored,
  type Client,
  type TestSync,
} from './helpers';

const ROOM = 'team/t1';
const BYSTANDER_ROOM = 'team/t9';
const MAX_MESSAGE = 64 * 1024;
const MAX_UPDATE = 4 * MAX_MESSAGE;

function syncMessage(step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

function validUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('assets').set('hostile', 'x'.repeat(100));
  return Y.encodeStateAsUpdate(doc);
}

/** Deterministic bytes (mulberry32), so a failure can be replayed. */
function randomBytes(seed: number, length: number): Uint8Array {
  let a = seed;
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    bytes[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return bytes;
}

async function sendAndAwaitClose(
  server: TestSync,
  ...messages: (Uint8Array | string)[]
): Promise<{ code: number; reason: string }> {
  const socket = rawSocket(server.url, ROOM, 'mallory');
  await socket.opened;
  for (const message of messages) socket.ws.send(message);
  return socket.closed;
}

describe('sync server: hostile input', () => {
  let server: TestSync;
  let writer: Client;
  let reader: Client;
  let round = 0;

  /** A well-behaved pair in another room: an edit by one still reaches the other. */
  async function bystandersStillSync(): Promise<void> {
    round++;
    writer.doc.getMap('rounds').set(String(round), round);
    await eventually(() => expect(reader.doc.getMap('rounds').get(String(round))).toBe(round));
  }

  beforeAll(async () => {
    server = await startSync(
      {
        tokens: { mallory: 'u-mallory', alice: 'u-alice', bob: 'u-bob' },
        access: {
          [`u-mallory ${ROOM}`]: 'write',
          [`u-alice ${ROOM}`]: 'write',
          [`u-alice ${BYSTANDER_ROOM}`]: 'write',
          [`u-bob ${BYSTANDER_ROOM}`]: 'write',
        },
      },
      {
        maxMessageBytes: MAX_MESSAGE,
        maxUpdateBytes: MAX_UPDATE,
        messagesPerSecond: 50,
        messageBurst: 100,
      },
    );
    writer = connect(server.url, BYSTANDER_ROOM, 'alice');
    reader = connect(server.url, BYSTANDER_ROOM, 'bob');
    await Promise.all([writer.synced(), reader.synced()]);
  });

  afterAll(async () => {
    destroyClients();
    await server.stop();
  });

  it('closes on truncated messages with 4400 and stores nothing', async () => {
    const message = syncMessage(2, validUpdate());
    for (const cut of [1, 2, 3, 10, message.length - 1]) {
      expect((await sendAndAwaitClose(server, message.subarray(0, cut))).code).toBe(4400);
    }
    expect(server.persistence.load(ROOM)).toBeNull();
    await bystandersStillSync();
  });

  it('closes on random binary messages with 4400', async () => {
    const closes = await Promise.all(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((seed) =>
        sendAndAwaitClose(server, randomBytes(seed, 8 + seed * 37)),
      ),
    );
    expect(closes.map((c) => c.code)).toEqual(Array(10).fill(4400));
    expect(server.persistence.load(ROOM)).toBeNull();
    await bystandersStillSync();
  });

  it('closes on an update that frames correctly but is not a Yjs update', async () => {
    for (const seed of [11, 12, 13]) {
      const closed = await sendAndAwaitClose(server, syncMessage(2, randomBytes(seed, 200)));
      expect(closed).toEqual({ code: 4400, reason: 'message.update: not a valid Yjs update' });
    }
    expect(server.persistence.load(ROOM)).toBeNull();
    await bystandersStillSync();
  });

  it('closes on an update nested deep enough to exhaust the stack with 4400', async () => {
    // One ContentAny item in root array "a" whose value is [[[[…]]]] 25,000 levels deep.
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, 1); // clients
    encoding.writeVarUint(update, 1); // structs
    encoding.writeVarUint(update, 1); // client id
    encoding.writeVarUint(update, 0); // clock
    encoding.writeUint8(update, 8); // ContentAny, no origins
    encoding.writeVarUint(update, 1); // parent is a root type…
    encoding.writeVarString(update, 'a'); // …named "a"
    encoding.writeVarUint(update, 1); // one value
    for (let i = 0; i < 25_000; i++) {
      encoding.writeUint8(update, 117); // array
      encoding.writeVarUint(update, 1); // of one
    }
    encoding.writeUint8(update, 126); // null
    encoding.writeVarUint(update, 0); // empty delete set
    const closed = await sendAndAwaitClose(server, syncMessage(2, encoding.toUint8Array(update)));
    expect(closed.code).toBe(4400);
    expect(server.persistence.load(ROOM)).toBeNull();
    await bystandersStillSync();
  });

  it('closes on unknown message types, text frames and trailing bytes with 4400', async () => {
    const step1 = syncMessage(0, Y.encodeStateVector(new Y.Doc()));
    const withTrailing = new Uint8Array([...step1, 0]);
    for (const message of [new Uint8Array([2, 0]), new Uint8Array([9]), 'hello', withTrailing]) {
      expect((await sendAndAwaitClose(server, message)).code).toBe(4400);
    }
    expect((await sendAndAwaitClose(server, syncMessage(7, new Uint8Array()))).code).toBe(4400);
    await bystandersStillSync();
  });

  it('closes on awareness that is not JSON, or speaks for too many clients', async () => {
    const bad = encoding.createEncoder();
    encoding.writeVarUint(bad, 1);
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, 42);
    encoding.writeVarUint(inner, 1);
    encoding.writeVarString(inner, '{not json');
    encoding.writeVarUint8Array(bad, encoding.toUint8Array(inner));
    expect((await sendAndAwaitClose(server, encoding.toUint8Array(bad))).code).toBe(4400);

    const many = encoding.createEncoder();
    encoding.writeVarUint(many, 1);
    const entries = encoding.createEncoder();
    encoding.writeVarUint(entries, 1000);
    for (let id = 0; id < 1000; id++) {
      encoding.writeVarUint(entries, id);
      encoding.writeVarUint(entries, 1);
      encoding.writeVarString(entries, '{}');
    }
    encoding.writeVarUint8Array(many, encoding.toUint8Array(entries));
    expect((await sendAndAwaitClose(server, encoding.toUint8Array(many))).code).toBe(4400);
    await bystandersStillSync();
  });

  it('does not let one client overwrite another client’s awareness state', async () => {
    const alice = connect(server.url, ROOM, 'alice');
    await alice.synced();
    alice.provider.awareness.setLocalStateField('user', 'alice');
    const mallory = connect(server.url, ROOM, 'mallory');
    await mallory.synced();
    await eventually(() =>
      expect(mallory.provider.awareness.getStates().get(alice.doc.clientID)).toEqual({
        user: 'alice',
      }),
    );
    // Forge alice's entry with a higher clock.
    const forged = encoding.createEncoder();
    encoding.writeVarUint(forged, 1);
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, alice.doc.clientID);
    encoding.writeVarUint(inner, 1_000_000);
    encoding.writeVarString(inner, JSON.stringify({ user: 'mallory as alice' }));
    encoding.writeVarUint8Array(forged, encoding.toUint8Array(inner));
    mallory.provider.ws!.send(encoding.toUint8Array(forged));
    mallory.provider.awareness.setLocalStateField('user', 'mallory');
    await eventually(() =>
      expect(
        [...alice.provider.awareness.getStates().values()].some((s) => s.user === 'mallory'),
      ).toBe(true),
    );
    expect(alice.provider.awareness.getStates().get(alice.doc.clientID)).toEqual({
      user: 'alice',
    });
    alice.destroy();
    mallory.destroy();
  });

  it('closes on oversized messages with 4413 (or 1009 far beyond the limit)', async () => {
    const stepOneJustOver = syncMessage(0, new Uint8Array(MAX_MESSAGE));
    const closed = await sendAndAwaitClose(server, stepOneJustOver);
    expect(closed.code).toBe(4413);
    expect(closed.reason).toMatch(/larger than 65536 bytes/);
    // Updates may be far larger (a first sync of a big library), up to their own limit.
    const updateJustOver = syncMessage(2, new Uint8Array(MAX_UPDATE));
    const refused = await sendAndAwaitClose(server, updateJustOver);
    expect(refused.code).toBe(4413);
    expect(refused.reason).toMatch(/larger than 262144 bytes/);
    expect((await sendAndAwaitClose(server, new Uint8Array(MAX_UPDATE * 2))).code).toBe(1009);
    await bystandersStillSync();
  });

  it('closes a socket that floods messages with 4429', async () => {
    const queryAwareness = new Uint8Array([3]);
    const closed = await sendAndAwaitClose(server, ...Array(1000).fill(queryAwareness));
    expect(closed.code).toBe(4429);
    await bystandersStillSync();
  });

  it('survives a flood of sockets before authentication', async () => {
    const sockets = Array.from({ length: 100 }, (_, i) =>
      rawSocket(server.url, ROOM, i % 2 === 0 ? undefined : `forged-${i}`),
    );
    // Whatever they manage to send once open is never read.
    for (const socket of sockets) {
      socket.ws.once('open', () => socket.ws.send(syncMessage(2, validUpdate())));
    }
    const closes = await Promise.all(sockets.map((s) => s.closed));
    expect(new Set(closes.map((c) => c.code))).toEqual(new Set([4401]));
    expect(server.persistence.load(ROOM)).toBeNull();
    await bystandersStillSync();
  });

  it('closes a socket that floods updates with 1013, so an honest writer reconnects', async () => {
    // One message per transaction: a writer's burst of edits looks like this, and the edits not
    // yet read must reach the server in the reconnect's step 2 rather than be given up.
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(syncMessage(2, update)));
    for (let i = 0; i < 200; i++) doc.getMap('flood').set(String(i), i);
    const closed = await sendAndAwaitClose(server, ...updates);
    expect(closed.code).toBe(1013);
    await bystandersStillSync();
  });

  it('keeps the bystanders’ room intact on disk through all of it', async () => {
    await bystandersStillSync();
    const rounds = stored(server.persistence, BYSTANDER_ROOM).getMap('rounds');
    expect(rounds.size).toBe(round);
  });
});
