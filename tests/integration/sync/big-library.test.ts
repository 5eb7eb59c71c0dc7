/**
 * A big library written by one client reaches the server whole: thousands of one-asset
 * transactions sent at once (more than the flood burst, so the socket is closed and the rest
 * travels in the reconnect's sync step 2, well over 1 MiB), and a library created offline
 * whose first sync is one large step 2. Both must survive the room unloading and a restart.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { LibraryContext } from '../../../src/lib/library/context';
import { migrate } from '../../../src/lib/library/migrations';
import { createAsset } from '../../../src/lib/library/ops/assets';
import { assetsOf } from '../../../src/lib/library/schema';
import {
  connect,
  destroyClients,
  eventually,
  startSync,
  type Client,
  type TestSync,
} from './helpers';

const ROOM = 'team/t1';
const COUNT = 3000;

function contextFor(doc: Y.Doc): LibraryContext {
  return {
    actor: { userId: 'u-alice', teamId: 't1', role: 'owner' },
    rooms: [{ name: ROOM, kind: 'team', doc, writable: true }],
    now: () => new Date(),
  };
}

function seed(doc: Y.Doc): void {
  migrate(doc);
  const ctx = contextFor(doc);
  const moods = ['calm', 'dramatic', 'joyful', 'intense', 'mysterious'] as const;
  for (let i = 0; i < COUNT; i++) {
    createAsset(ctx, {
      name: `Clip ${i}`,
      mood: moods[i % 5],
      tags: [`t${i % 40}`, `s${i % 7}`],
      duration: i % 60,
      engine: ['runway', 'pika', 'luma'][i % 3],
    });
  }
}

/** Resolves once a fresh client's copy holds everything `writer` has. */
async function serverHasAllOf(server: TestSync, writer: Y.Doc): Promise<void> {
  const expected = Y.decodeStateVector(Y.encodeStateVector(writer));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const check = connect(server.url, ROOM, 'alice');
    await check.synced();
    const got = Y.decodeStateVector(Y.encodeStateVector(check.doc));
    check.destroy();
    if ([...expected].every(([client, clock]) => (got.get(client) ?? 0) >= clock)) return;
    if (Date.now() > deadline) throw new Error('the server never received all of the library');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function freshCount(server: TestSync): Promise<number> {
  const reader = connect(server.url, ROOM, 'alice');
  await reader.synced();
  const count = assetsOf(reader.doc).size;
  reader.destroy();
  return count;
}

describe.each([
  ['default limits', {}],
  // Compaction folding snapshot and log over and over while the burst is still arriving.
  ['compacting every few updates', { compactAfterUpdates: 7, compactAfterBytes: 20_000 }],
])('sync server: a big library reaches the server whole (%s)', (_label, limits) => {
  let server: TestSync;

  beforeEach(async () => {
    server = await startSync(
      { tokens: { alice: 'u-alice' }, access: { [`u-alice ${ROOM}`]: 'write' } },
      limits,
    );
  });

  afterEach(async () => {
    destroyClients();
    await server.stop();
  });

  async function expectAllKept(writer: Client): Promise<void> {
    await serverHasAllOf(server, writer.doc);
    writer.destroy();
    await eventually(() => expect(server.sync.stats().rooms).toBe(0));
    expect(await freshCount(server)).toBe(COUNT);
    await server.restart();
    expect(await freshCount(server)).toBe(COUNT);
  }

  it('keeps thousands of one-asset transactions sent in one burst', async () => {
    const writer = connect(server.url, ROOM, 'alice');
    await writer.synced();
    seed(writer.doc);
    await expectAllKept(writer);
  }, 90_000);

  it('keeps a library created offline, whose first sync is one step 2 over 1 MiB', async () => {
    const writer = connect(server.url, ROOM, 'alice');
    writer.provider.disconnect();
    seed(writer.doc);
    expect(Y.encodeStateAsUpdate(writer.doc).byteLength).toBeGreaterThan(1024 * 1024);
    writer.provider.connect();
    await expectAllKept(writer);
  }, 90_000);
});
