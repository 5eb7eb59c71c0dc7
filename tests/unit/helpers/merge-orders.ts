/**
 * Merging the same offline edits in every order. A test brings its peers to a common state, calls
 * {@link goOffline}, lets each peer edit alone, then {@link mergeEveryOrder}:
 *
 * 1. per room, the peers' offline updates are applied to the common state in every permutation
 *    (and once as one `Y.mergeUpdates`): every order must give the same bytes;
 * 2. per permutation of the peers, replicas of the peers (each with its own live index) gossip
 *    along that order with the sync protocol (state vector → diff), and every invariant is checked
 *    on every replica after every step;
 * 3. the peers themselves sync; all end byte-identical to (1) with every invariant holding.
 */
import * as Y from 'yjs';
import { expect } from 'vitest';
import {
  bytesEqual,
  divergence,
  stateDifference,
  type Sameness,
  permutations,
  pushRoom,
  syncAll,
  SYNC_ORIGIN,
  type Cluster,
  type Peer,
} from './peers';
import { checkInvariants, type InvariantOptions } from './invariants';

export interface Offline {
  /** Per room: the common state and its state vector when the peers went offline. */
  base: Map<string, { state: Uint8Array; sv: Uint8Array }>;
}

/** Syncs everyone, asserts convergence, and records the common state. */
export function goOffline(cluster: Cluster): Offline {
  syncAll(cluster.peers);
  expect(divergence(cluster.peers)).toEqual([]);
  const base = new Map<string, { state: Uint8Array; sv: Uint8Array }>();
  for (const room of cluster.roomNames()) {
    const doc = cluster.holders(room)[0]!.doc(room);
    base.set(room, { state: Y.encodeStateAsUpdate(doc), sv: Y.encodeStateVector(doc) });
  }
  return { base };
}

/** What each holder of `room` wrote since going offline. */
function offlineUpdates(cluster: Cluster, offline: Offline, room: string): Uint8Array[] {
  const { sv } = offline.base.get(room)!;
  return cluster.holders(room).map((peer) => Y.encodeStateAsUpdate(peer.doc(room), sv));
}

function stateAfter(base: Uint8Array, updates: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, base);
  for (const update of updates) Y.applyUpdate(doc, update);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

/** Throws with the violations (and `label`) unless every invariant holds. */
export function assertInvariants(
  views: readonly Peer[],
  label: string,
  options?: InvariantOptions,
) {
  const violations = checkInvariants(views, options);
  if (violations.length > 0) {
    throw new Error(`${label}: invariants violated:\n  ${violations.join('\n  ')}`);
  }
}

/**
 * Merges the peers' offline edits in every order (see the file comment) and leaves the cluster's
 * peers synced. Returns how many merge orders were checked.
 */
export function mergeEveryOrder(
  cluster: Cluster,
  offline: Offline,
  options: InvariantOptions & {
    /** How the live peers must match (default byte-identical); replicas always are. */
    sameness?: Sameness;
  } = {},
): number {
  const { sameness = 'bytes', ...invariantOptions } = options;
  const opts = { now: cluster.clock.now, teamId: cluster.teamId, ...invariantOptions };
  let orders = 0;

  // 1. Raw updates in every order, and merged into one.
  const expected = new Map<string, Uint8Array>();
  for (const room of cluster.roomNames()) {
    const { state: base } = offline.base.get(room)!;
    const updates = offlineUpdates(cluster, offline, room);
    const reference = stateAfter(base, updates);
    for (const order of permutations(updates)) {
      orders++;
      expect(bytesEqual(stateAfter(base, order), reference), `${room}: order changes bytes`).toBe(
        true,
      );
    }
    expect(bytesEqual(stateAfter(base, [Y.mergeUpdates(updates)]), reference)).toBe(true);
    expected.set(room, reference);
  }

  // 2. Replicas gossip in every order of the peers, checked after every step.
  for (const order of permutations(cluster.peers)) {
    orders++;
    const label = order.map((peer) => peer.name).join(' → ');
    const replicas = order.map((peer) => peer.clone(`${peer.name}'`, cluster.clock));
    try {
      for (const room of cluster.roomNames()) {
        const chain = replicas.filter((replica) => replica.docs.has(room));
        const steps: [Peer, Peer][] = [];
        for (let i = 0; i + 1 < chain.length; i++) steps.push([chain[i]!, chain[i + 1]!]);
        for (let i = chain.length - 1; i > 0; i--) steps.push([chain[i]!, chain[i - 1]!]);
        for (const [from, to] of steps) {
          pushRoom(from, to, room);
          // Mid-merge states are checked without the (costly) rebuild comparison; the end is.
          assertInvariants([to], `${label}, ${room} ${from.name} → ${to.name}`, {
            ...opts,
            compareFresh: false,
          });
        }
      }
      expect(divergence(replicas), label).toEqual([]);
      for (const replica of replicas) {
        for (const room of replica.roomNames()) {
          const state = Y.encodeStateAsUpdate(replica.doc(room));
          expect(bytesEqual(state, expected.get(room)!), `${label}: ${room}`).toBe(true);
        }
      }
      assertInvariants(replicas, label, { ...opts, converged: true });
    } finally {
      replicas.forEach((replica) => replica.destroy());
    }
  }

  // 3. The peers themselves.
  syncAll(cluster.peers);
  expect(divergence(cluster.peers, sameness)).toEqual([]);
  for (const peer of cluster.peers) {
    for (const room of peer.roomNames()) {
      const state = Y.encodeStateAsUpdate(peer.doc(room));
      expect(stateDifference(state, expected.get(room)!, sameness), `${peer.name}: ${room}`).toBe(
        null,
      );
    }
  }
  assertInvariants(cluster.peers, 'after the merge', { ...opts, converged: true });
  return orders;
}

/** Applies a raw update from outside the library (a hostile or buggy peer). */
export function applyForeign(peer: Peer, room: string, update: Uint8Array): void {
  Y.applyUpdate(peer.doc(room), update, SYNC_ORIGIN);
}
