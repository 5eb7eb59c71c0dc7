/**
 * The sync socket of the real server process (server/main.ts): real accounts, the admin command,
 * kill -9 in the middle of a stream of updates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../harness';
import { connect, destroyClients, eventually, rawSocket, type Client } from './helpers';

const MAX_MESSAGE = 64 * 1024;

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

describe('sync on the real server', () => {
  let server: TestServer;
  let team: string;
  let otherTeam: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    server = await startServer({ env: { MAX_MESSAGE_BYTES: String(MAX_MESSAGE) } });
    const setup = await fetch(`${server.url}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'alice-password-1', team_name: 'T1' }),
    });
    const body = (await setup.json()) as { token: string; team: { id: string } };
    tokens.alice = body.token;
    team = `team/${body.team.id}`;
    const [, , mallory] = await Promise.all([
      server.createUser('bob', 'bob-password-1', body.team.id, 'editor'),
      server.createUser('vera', 'vera-password-1', body.team.id, 'viewer'),
      server.createUser('mallory', 'mallory-password-1', 'T2', 'owner'),
    ]);
    otherTeam = `team/${mallory.teamId}`;
    const created = await Promise.all(
      ['bob', 'vera', 'mallory'].map((user) => server.admin('token', 'create', '--user', user)),
    );
    ['bob', 'vera', 'mallory'].forEach((user, i) => (tokens[user] = created[i].token));
  }, 60_000);

  afterAll(async () => {
    destroyClients();
    await server?.stop();
  });

  it('refuses a socket without credentials (4401) and one for another team (4403)', async () => {
    expect((await rawSocket(server.wsUrl, team).closed).code).toBe(4401);
    const wrongTeam = rawSocket(server.wsUrl, otherTeam, tokens.bob);
    expect((await wrongTeam.closed).code).toBe(4403);
    expect(wrongTeam.messages).toEqual([]);
  });

  it('keeps a viewer read-only: nothing it writes is stored, even across a restart', async () => {
    const alice = connect(server.wsUrl, team, tokens.alice);
    const vera = connect(server.wsUrl, team, tokens.vera);
    await Promise.all([alice.synced(), vera.synced()]);
    alice.doc.getMap('assets').set('a1', 'by alice');
    await eventually(() => expect(vera.doc.getMap('assets').get('a1')).toBe('by alice'));
    vera.doc.getMap('assets').set('v1', 'by vera');
    vera.provider.awareness.setLocalStateField('user', 'vera');
    await eventually(() =>
      expect(
        [...alice.provider.awareness.getStates().values()].some((s) => s.user === 'vera'),
      ).toBe(true),
    );
    destroyClients();
    await server.restart();
    const bob = connect(server.wsUrl, team, tokens.bob);
    await bob.synced();
    expect(bob.doc.getMap('assets').toJSON()).toEqual({ a1: 'by alice' });
    bob.destroy();
  });

  it('keeps serving everyone else through hostile input', async () => {
    const writer = connect(server.wsUrl, otherTeam, tokens.mallory);
    const reader = connect(server.wsUrl, otherTeam, tokens.mallory);
    await Promise.all([writer.synced(), reader.synced()]);
    let round = 0;
    const bystandersStillSync = async () => {
      round++;
      writer.doc.getMap('rounds').set(String(round), round);
      await eventually(() => expect(reader.doc.getMap('rounds').get(String(round))).toBe(round));
    };
    const attack = async (...messages: (Uint8Array | string)[]) => {
      const socket = rawSocket(server.wsUrl, team, tokens.bob);
      await socket.opened;
      for (const message of messages) socket.ws.send(message);
      return (await socket.closed).code;
    };

    const codes = await Promise.all([1, 2, 3, 4, 5].map((s) => attack(randomBytes(s, 50 * s))));
    expect(codes).toEqual([4400, 4400, 4400, 4400, 4400]);
    await bystandersStillSync();

    const truncated = new Uint8Array([0, 2, 200, 1, 1, 1]);
    expect(await attack(truncated)).toBe(4400);
    expect(await attack('text')).toBe(4400);
    expect(await attack(new Uint8Array(MAX_MESSAGE + 1))).toBe(4413);
    await bystandersStillSync();

    expect(await attack(...Array(3000).fill(new Uint8Array([3])))).toBe(4429);
    const anonymous = Array.from({ length: 50 }, () => rawSocket(server.wsUrl, team));
    const anonymousCodes = await Promise.all(anonymous.map(async (s) => (await s.closed).code));
    expect(new Set(anonymousCodes)).toEqual(new Set([4401]));
    await bystandersStillSync();

    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    writer.destroy();
    reader.destroy();
  });

  it('closes the sockets of a revoked token and of a removed member within seconds', async () => {
    const vera = rawSocket(server.wsUrl, team, tokens.vera);
    const bob = rawSocket(server.wsUrl, team, tokens.bob);
    await Promise.all([vera.opened, bob.opened]);
    const [revoked, removed] = await Promise.all([
      server.admin('token', 'revoke', '--user', 'vera'),
      server.admin('member', 'remove', '--team', team.slice('team/'.length), '--user', 'bob'),
    ]);
    expect(revoked.success && removed.success).toBe(true);
    expect((await vera.closed).code).toBe(4401);
    expect((await bob.closed).code).toBe(4403);
  });

  it('after kill -9 mid-stream, everything another client received is still there', async () => {
    const room = team;
    const alice = connect(server.wsUrl, room, tokens.alice);
    const watcher: Client = connect(server.wsUrl, room, tokens.alice);
    await Promise.all([alice.synced(), watcher.synced()]);
    let sent = 0;
    const stream = setInterval(() => alice.doc.getArray('stream').push([sent++]), 15);
    await eventually(() => expect(watcher.doc.getArray('stream').length).toBeGreaterThan(60));
    await server.kill9();
    clearInterval(stream);
    await eventually(() => expect(watcher.provider.wsconnected).toBe(false));
    const received = watcher.doc.getArray('stream').toJSON();
    // Neither client may hand its copy back to the restarted server.
    alice.destroy();
    watcher.destroy();

    await server.restart();
    const fresh = connect(server.wsUrl, room, tokens.alice);
    await fresh.synced();
    const recovered = fresh.doc.getArray('stream').toJSON();
    expect(recovered.slice(0, received.length)).toEqual(received);
    expect(fresh.doc.getMap('assets').get('a1')).toBe('by alice');
    fresh.destroy();
  });
});
