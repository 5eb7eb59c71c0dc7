import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type TestServer } from '../harness';
import { api } from './http';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/** The real CLI, which must succeed and print exactly one line of JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function cli(...args: string[]): Promise<any> {
  const result = await server.adminRaw(...args);
  expect(result.stdout.trim().split('\n'), args.join(' ')).toHaveLength(1);
  expect(result.code, `${args.join(' ')}: ${result.stdout}`).toBe(result.json?.success ? 0 : 1);
  return result.json;
}

describe('admin command', () => {
  test('team create, user create, member add: one JSON object each', async () => {
    const team = await server.adminRaw('team', 'create', '--name', 'Night Crew');
    expect(team.code).toBe(0);
    expect(team.stdout.trim().split('\n')).toHaveLength(1);
    expect(team.json).toEqual({
      success: true,
      team: { id: expect.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), name: 'Night Crew' },
    });

    const user = await cli(
      'user',
      'create',
      '--username',
      'dana',
      '--password',
      'dana-password',
      '--display-name',
      'Dana D',
    );
    expect(user).toEqual({
      success: true,
      user: { id: expect.any(String), username: 'dana', display_name: 'Dana D' },
    });

    // --team takes the name or the id.
    const byName = await cli(
      'member',
      'add',
      '--team',
      'Night Crew',
      '--user',
      'dana',
      '--role',
      'viewer',
    );
    expect(byName).toMatchObject({ success: true, role: 'viewer', previous_role: null });
    const byId = await cli(
      'member',
      'add',
      '--team',
      team.json.team.id,
      '--user',
      'dana',
      '--role',
      'admin',
    );
    expect(byId).toMatchObject({ success: true, role: 'admin', previous_role: 'viewer' });

    const { token } = await server.login('dana', 'dana-password');
    const me = await api(server, 'GET', '/api/auth/me', { token });
    expect(me.body.teams).toEqual([{ id: team.json.team.id, name: 'Night Crew', role: 'admin' }]);
  });

  test('errors: exit code 1 and one JSON object naming the field', async () => {
    const cases: [string[], RegExp][] = [
      [['team', 'create'], /^name: is required/],
      [['team', 'create', '--name', 'night crew'], /^name: /],
      [
        ['user', 'create', '--username', 'eve', '--password', 'short'],
        /^password: must be at least 8/,
      ],
      [
        ['user', 'create', '--username', 'dana', '--password', 'long-enough'],
        /^username: already taken/,
      ],
      [['user', 'create', '--username', 'bad name', '--password', 'long-enough'], /^username: /],
      [['member', 'add', '--team', 'Nope', '--user', 'dana', '--role', 'editor'], /^team: /],
      [
        ['member', 'add', '--team', 'Night Crew', '--user', 'nobody', '--role', 'editor'],
        /^user: /,
      ],
      [['member', 'add', '--team', 'Night Crew', '--user', 'dana', '--role', 'boss'], /^role: /],
      [['member', 'remove', '--team', 'Night Crew', '--user', 'nobody'], /^user: /],
      [['token', 'create', '--user', 'nobody'], /^user: /],
      [['token', 'revoke'], /^token-id: /],
      [['token', 'revoke', '--token-id', 'nope'], /^token-id: /],
      [['frobnicate'], /^command: unknown command/],
      [['team', 'create', '--colour', 'red'], /^arguments: /],
    ];
    for (const [args, error] of cases) {
      const result = await server.adminRaw(...args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stdout.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.json.success, args.join(' ')).toBe(false);
      expect(result.json.error, args.join(' ')).toMatch(error);
    }
  }, 60_000);

  test('token create gives a working bearer token; token revoke cuts it off at once', async () => {
    const created = await cli('token', 'create', '--user', 'dana', '--name', 'script');
    expect(created).toMatchObject({
      success: true,
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      token_id: expect.any(String),
      name: 'script',
      user: { username: 'dana' },
    });
    expect((await api(server, 'GET', '/api/auth/me', { token: created.token })).status).toBe(200);

    const revoked = await cli('token', 'revoke', '--token-id', created.token_id);
    expect(revoked).toMatchObject({ success: true, revoked: 1 });
    expect((await api(server, 'GET', '/api/auth/me', { token: created.token })).status).toBe(401);
  });

  test('token revoke --user signs the user out everywhere', async () => {
    const session = await server.login('dana', 'dana-password');
    const apiToken = await cli('token', 'create', '--user', 'dana');
    const revoked = await cli('token', 'revoke', '--user', 'dana');
    expect(revoked.success).toBe(true);
    expect(revoked.revoked).toBeGreaterThanOrEqual(2);
    expect((await api(server, 'GET', '/api/auth/me', { cookie: session.cookie })).status).toBe(401);
    expect((await api(server, 'GET', '/api/auth/me', { token: apiToken.token })).status).toBe(401);
  });

  test('member remove: the team disappears from me and its members list is closed', async () => {
    const { teamId } = await server.createUser('finn', 'finn-password', 'Night Crew', 'editor');
    const { token } = await server.login('finn', 'finn-password');
    expect((await api(server, 'GET', '/api/auth/me', { token })).body.teams).toHaveLength(1);

    const removed = await cli('member', 'remove', '--team', 'Night Crew', '--user', 'finn');
    expect(removed).toMatchObject({ success: true, removed_role: 'editor' });
    const me = await api(server, 'GET', '/api/auth/me', { token });
    expect(me.status).toBe(200);
    expect(me.body.teams).toEqual([]);
    expect(me.body.rooms.map((r: { name: string }) => r.name)).not.toContain(`team/${teamId}`);
    expect((await api(server, 'GET', `/api/teams/${teamId}/members`, { token })).status).toBe(403);
  });

  test('the last owner of a team cannot be removed or demoted', async () => {
    await server.createUser('olga', 'olga-password', 'Solo', 'owner');
    const remove = await server.adminRaw('member', 'remove', '--team', 'Solo', '--user', 'olga');
    expect(remove.code).toBe(1);
    expect(remove.json.error).toMatch(/last owner/);
    const demote = await server.adminRaw(
      'member',
      'add',
      '--team',
      'Solo',
      '--user',
      'olga',
      '--role',
      'viewer',
    );
    expect(demote.code).toBe(1);
  });

  test('every command leaves a row in the audit log', async () => {
    // Read-only, through SQLite itself: what an operator would look at.
    const db = new Database(path.join(server.dataDir, 'library.db'), { readonly: true });
    try {
      const actions = (
        db.prepare('SELECT DISTINCT action FROM audit_log').all() as { action: string }[]
      ).map((row) => row.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'team.create',
          'user.create',
          'member.add',
          'member.remove',
          'token.create',
          'token.revoke',
          'login',
        ]),
      );
    } finally {
      db.close();
    }
  });
});
