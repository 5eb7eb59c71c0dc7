/**
 * A seeded random-operation run, like yjs's own: three peers (Alice on a laptop and a phone, Bob
 * as a team admin) apply thousands of random library operations, with random merges between
 * random pairs at random times — whole syncs, one room one way, and single updates delivered out
 * of order. Refusals (LibraryError) are counted, anything else fails. Invariants are checked on
 * every peer along the way and, after a final full sync, all peers must be byte-identical (up to
 * how Yjs cut garbage-collected ranges into runs, see `divergence`) with every invariant holding.
 *
 * Ids and Yjs client ids come from the seed, so a failing seed replays exactly:
 * `FUZZ_SEEDS=1234 FUZZ_OPS=2000 npx vitest run --project unit tests/unit/fuzz`.
 */
import * as Y from 'yjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isLibraryError } from '../../../src/lib/library/errors';
import { Cluster, divergence, pushRoom, syncAll, syncPair, type Peer } from '../helpers/peers';
import { Prng } from '../helpers/prng';
import { checkInvariants } from '../helpers/invariants';
import { OPS, pickOp, type World } from './random-ops';

const SEEDS = (process.env.FUZZ_SEEDS ?? '1,2,3,4')
  .split(',')
  .map((seed) => Number.parseInt(seed, 10));
const OPS_PER_SEED = Number.parseInt(process.env.FUZZ_OPS ?? '600', 10);
/** Check every peer's invariants this often (operations). */
const CHECK_EVERY = Number.parseInt(process.env.FUZZ_CHECK_EVERY ?? '100', 10);

afterEach(() => vi.restoreAllMocks());

interface RunStats {
  seed: number;
  ops: number;
  succeeded: number;
  refused: Record<string, number>;
  byOp: Record<string, number>;
  syncs: number;
  checks: number;
  assets: number;
  /** FNV-1a of every peer's final encoded rooms: equal runs give equal digests. */
  digest: number;
  /** Partial deliveries after which the receiver held updates it could not place yet. */
  leftPending: number;
  /** Rooms whose encodings differ only in the cut of GC runs. */
  gcRunsOnly: number;
}

/** Per peer and room, every update the doc emitted (its own and relayed), for partial delivery. */
function recordUpdates(peers: readonly Peer[]): Map<Peer, Map<string, Uint8Array[]>> {
  const logs = new Map<Peer, Map<string, Uint8Array[]>>();
  for (const peer of peers) {
    const byRoom = new Map<string, Uint8Array[]>();
    for (const room of peer.roomNames()) {
      const log: Uint8Array[] = [];
      peer.doc(room).on('update', (update: Uint8Array) => log.push(update));
      byRoom.set(room, log);
    }
    logs.set(peer, byRoom);
  }
  return logs;
}

function sharedRooms(a: Peer, b: Peer): string[] {
  return a.roomNames().filter((room) => b.docs.has(room));
}

function digestOf(peers: readonly Peer[]): number {
  let hash = 2166136261;
  for (const peer of peers) {
    for (const room of peer.roomNames()) {
      for (const byte of Y.encodeStateAsUpdate(peer.doc(room))) {
        hash = Math.imul(hash ^ byte, 16777619);
      }
    }
  }
  return hash >>> 0;
}

function fail(seed: number, step: number, message: string): never {
  throw new Error(`seed ${seed}, after operation ${step}: ${message}`);
}

function run(seed: number, opsCount: number): RunStats {
  const rng = new Prng(seed);
  const ids = new Prng(seed ^ 0x5eed);
  vi.spyOn(globalThis.crypto, 'randomUUID').mockImplementation(
    () => ids.uuid() as ReturnType<Crypto['randomUUID']>,
  );
  const cluster = new Cluster();
  const peers = [
    cluster.peer('laptop', 'alice', 'editor'),
    cluster.peer('phone', 'alice', 'editor'),
    cluster.peer('bob', 'bob', 'admin'),
  ];
  const logs = recordUpdates(peers);
  const world: World = { assets: [], collections: [], shares: [] };
  const stats: RunStats = {
    seed,
    ops: opsCount,
    succeeded: 0,
    refused: {},
    byOp: {},
    syncs: 0,
    checks: 0,
    assets: 0,
    digest: 0,
    leftPending: 0,
    gcRunsOnly: 0,
  };
  const check = (views: Peer[], step: number, converged = false, compareFresh = true) => {
    stats.checks++;
    const violations = checkInvariants(views, {
      now: cluster.clock.now,
      teamId: cluster.teamId,
      converged,
      compareFresh,
    });
    if (violations.length > 0) fail(seed, step, `\n  ${violations.join('\n  ')}`);
  };

  try {
    for (let step = 1; step <= opsCount; step++) {
      cluster.clock.tick(1 + rng.int(5000));
      const peer = rng.pick(peers);
      const name = pickOp(rng);
      try {
        OPS[name]!.run(peer, rng, world);
        stats.succeeded++;
        stats.byOp[name] = (stats.byOp[name] ?? 0) + 1;
      } catch (error) {
        if (!isLibraryError(error)) {
          fail(seed, step, `${name} on ${peer.name} crashed: ${(error as Error).stack}`);
        }
        const key = `${name}:${error.code}`;
        stats.refused[key] = (stats.refused[key] ?? 0) + 1;
      }

      if (rng.bool(0.15)) {
        stats.syncs++;
        const [a, b] = rng.sample(peers, 2) as [Peer, Peer];
        const roll = rng.next();
        if (roll < 0.5) {
          syncPair(a, b);
        } else if (roll < 0.8) {
          pushRoom(a, b, rng.pick(sharedRooms(a, b)));
        } else {
          // A few single updates, out of order: the receiver holds what it cannot place yet.
          const room = rng.pick(sharedRooms(a, b));
          const log = logs.get(a)!.get(room)!;
          for (const update of rng.sample(log.slice(-20), 1 + rng.int(5))) {
            Y.applyUpdate(b.doc(room), update, 'partial');
          }
          if (b.doc(room).store.pendingStructs !== null) stats.leftPending++;
        }
      }
      if (step % CHECK_EVERY === 0) {
        // Every peer, mid-run; one of them (in turn) also against a freshly built index.
        peers.forEach((each, i) => check([each], step, false, i === (step / CHECK_EVERY) % 3));
      }
    }

    syncAll(peers);
    for (const peer of peers) {
      for (const room of peer.roomNames()) {
        const { store } = peer.doc(room);
        if (store.pendingStructs !== null || store.pendingDs !== null) {
          fail(seed, opsCount, `${peer.name} still holds updates it cannot place in ${room}`);
        }
      }
    }
    // Byte-identical up to how Yjs cut garbage-collected ranges into runs (see `divergence`).
    const diverged = divergence(peers, 'gcRuns');
    if (diverged.length > 0) fail(seed, opsCount, `after a full sync: ${diverged.join('; ')}`);
    stats.gcRunsOnly = divergence(peers).length;
    check(peers, opsCount, true);
    stats.assets = peers[0]!.index.assetCount;
    stats.digest = digestOf(peers);
    return stats;
  } finally {
    cluster.destroy();
  }
}

describe('random operations on three peers with random merges', () => {
  const runs: RunStats[] = [];

  for (const seed of SEEDS) {
    it(`seed ${seed}: ${OPS_PER_SEED} operations converge with every invariant holding`, () => {
      const stats = run(seed, OPS_PER_SEED);
      runs.push(stats);
      const refused = Object.values(stats.refused).reduce((sum, n) => sum + n, 0);
      const codes: Record<string, number> = {};
      for (const [key, n] of Object.entries(stats.refused)) {
        const code = key.slice(key.indexOf(':') + 1);
        codes[code] = (codes[code] ?? 0) + n;
      }
      console.log(
        `seed ${seed}: ${stats.ops} ops, ${stats.succeeded} applied, ${refused} refused ` +
          `${JSON.stringify(codes)}, ` +
          `${stats.syncs} merges (${stats.leftPending} left updates pending), ` +
          `${stats.checks} invariant checks, ${stats.assets} assets, ` +
          `${stats.gcRunsOnly} rooms byte-identical only up to GC runs`,
      );
      // The run must mostly do things, not mostly be refused.
      expect(stats.succeeded).toBeGreaterThan(stats.ops / 2);
    }, 120_000);
  }

  it('applied every kind of operation at least once across the seeds', () => {
    const applied = new Set(runs.flatMap((stats) => Object.keys(stats.byOp)));
    expect([...applied].sort()).toEqual(Object.keys(OPS).sort());
  });

  it('replays a seed exactly: same operations, same refusals, same bytes', () => {
    const first = run(SEEDS[0]!, 100);
    expect(run(SEEDS[0]!, 100)).toEqual(first);
  }, 60_000);
});
