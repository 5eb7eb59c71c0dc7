import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type TestServer } from '../harness';
import { api } from './http';

let server: TestServer;
let studio: { userId: string; teamId: string };
let other: { userId: string; teamId: string };

beforeAll(async () => {
  server = await startServer();
  studio = await server.createUser('ann', 'ann-password', 'Studio', 'editor');
  other = await server.createUser('vic', 'vic-password', 'Elsewhere', 'viewer');
  await server.admin('member', 'add', '--team', 'Studio', '--user', 'vic', '--role', 'viewer');
});
afterAll(async () => {
  await server?.stop();
});

describe('login, me and logout', () => {
  test('login sets an HttpOnly SameSite=Lax session cookie and returns a token', async () => {
    const login = await api(server, 'POST', '/api/auth/login', {
      json: { username: 'ann', password: 'ann-password' },
    });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({
      success: true,
      token: expect.any(String),
      user: { id: studio.userId, username: 'ann', display_name: 'ann' },
    });
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^vl_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i);
  });

  test('me lists the teams with roles and every room the user may read', async () => {
    const { cookie } = await server.login('vic', 'vic-password');
    const me = await api(server, 'GET', '/api/auth/me', { cookie });
    expect(me.status).toBe(200);
    expect(me.body.user).toEqual({ id: other.userId, username: 'vic', display_name: 'vic' });
    expect(me.body.teams).toEqual([
      { id: other.teamId, name: 'Elsewhere', role: 'viewer' },
      { id: studio.teamId, name: 'Studio', role: 'viewer' },
    ]);
    expect(me.body.rooms).toEqual(
      expect.arrayContaining([
        { name: `team/${studio.teamId}`, kind: 'team', writable: false },
        { name: `private/${studio.teamId}/${other.userId}`, kind: 'private', writable: true },
        { name: `public/${studio.teamId}`, kind: 'public', writable: false },
        { name: `shared/${other.userId}`, kind: 'shared', writable: false },
      ]),
    );
    const editor = await server.login('ann', 'ann-password');
    const annMe = await api(server, 'GET', '/api/auth/me', { token: editor.token });
    expect(annMe.body.rooms).toContainEqual({
      name: `team/${studio.teamId}`,
      kind: 'team',
      writable: true,
    });
  });

  test('without credentials, or with made-up ones, me is 401', async () => {
    expect((await api(server, 'GET', '/api/auth/me')).status).toBe(401);
    const fake = 'A'.repeat(43);
    expect((await api(server, 'GET', '/api/auth/me', { token: fake })).status).toBe(401);
    expect(
      (await api(server, 'GET', '/api/auth/me', { cookie: `vl_session=${fake}` })).status,
    ).toBe(401);
  });

  test('logout ends the session: the cookie and its token stop working', async () => {
    const { cookie, token } = await server.login('ann', 'ann-password');
    const logout = await api(server, 'POST', '/api/auth/logout', { cookie });
    expect(logout.status).toBe(200);
    expect(logout.body).toEqual({ success: true });
    expect(logout.headers.get('set-cookie')).toMatch(/vl_session=;.*Max-Age=0/i);
    expect((await api(server, 'GET', '/api/auth/me', { cookie })).status).toBe(401);
    expect((await api(server, 'GET', '/api/auth/me', { token })).status).toBe(401);
  });

  test('a wrong password or unknown user is 401 with the same message', async () => {
    const wrong = await api(server, 'POST', '/api/auth/login', {
      json: { username: 'ann', password: 'not-her-password' },
    });
    const unknown = await api(server, 'POST', '/api/auth/login', {
      json: { username: 'nobody', password: 'whatever123' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.success).toBe(false);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  test('repeated failed logins for one username are refused with 429 and Retry-After', async () => {
    await server.createUser('target', 'target-password', 'Studio', 'viewer');
    for (let i = 0; i < 5; i++) {
      const attempt = await api(server, 'POST', '/api/auth/login', {
        json: { username: 'target', password: `guess-${i}-wrong` },
      });
      expect(attempt.status).toBe(401);
    }
    const blocked = await api(server, 'POST', '/api/auth/login', {
      json: { username: 'target', password: 'target-password' },
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.body.success).toBe(false);
    // Other accounts are not locked out by someone guessing at this one.
    const fine = await api(server, 'POST', '/api/auth/login', {
      json: { username: 'ann', password: 'ann-password' },
    });
    expect(fine.status).toBe(200);
  });
});

describe('API tokens and team members', () => {
  test('an API token from the admin command works as a bearer token', async () => {
    const created = await server.admin('token', 'create', '--user', 'ann', '--name', 'ci');
    const me = await api(server, 'GET', '/api/auth/me', { token: created.token });
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('ann');
    // Logout with an API token does not revoke it (that is the admin command's job).
    await api(server, 'POST', '/api/auth/logout', { token: created.token });
    expect((await api(server, 'GET', '/api/auth/me', { token: created.token })).status).toBe(200);
  });

  test('members of a team see its members; others get 403, nobody 401', async () => {
    const ann = await server.login('ann', 'ann-password');
    const members = await api(server, 'GET', `/api/teams/${studio.teamId}/members`, {
      token: ann.token,
    });
    expect(members.status).toBe(200);
    expect(members.body.members).toEqual([
      { id: studio.userId, username: 'ann', display_name: 'ann', role: 'editor' },
      expect.objectContaining({ username: 'target', role: 'viewer' }),
      { id: other.userId, username: 'vic', display_name: 'vic', role: 'viewer' },
    ]);
    const outsider = await api(server, 'GET', `/api/teams/${other.teamId}/members`, {
      token: ann.token,
    });
    expect(outsider.status).toBe(403);
    expect(outsider.body.error).toMatch(/^teamId: /);
    expect((await api(server, 'GET', `/api/teams/${studio.teamId}/members`)).status).toBe(401);
  });

  test('unknown API paths answer 404 JSON, not the app', async () => {
    const missing = await api(server, 'GET', '/api/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.success).toBe(false);
  });
});

describe('failed logins per client address', () => {
  test('many usernames guessed from one address: that address gets 429', async () => {
    const limited = await startServer({ env: { LOGIN_MAX_FAILURES_PER_IP: '3' } });
    try {
      await limited.createUser('gus', 'gus-password', 'Studio', 'editor');
      for (const name of ['a1', 'a2', 'a3']) {
        const attempt = await api(limited, 'POST', '/api/auth/login', {
          json: { username: name, password: 'guessing123' },
        });
        expect(attempt.status).toBe(401);
      }
      const next = await api(limited, 'POST', '/api/auth/login', {
        json: { username: 'gus', password: 'gus-password' },
      });
      expect(next.status).toBe(429);
      expect(next.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await limited.stop();
    }
  });
});

describe('behind a trusted proxy', () => {
  test('failed logins count per forwarded client address, not per proxy', async () => {
    const proxied = await startServer({
      env: { TRUST_PROXY: 'true', LOGIN_MAX_FAILURES_PER_IP: '2' },
    });
    const login = (forwardedFor: string, username: string, password: string) =>
      fetch(`${proxied.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        body: JSON.stringify({ username, password }),
      });
    try {
      await proxied.createUser('pia', 'pia-password', 'Studio', 'editor');
      expect((await login('203.0.113.7', 'x1', 'guessing123')).status).toBe(401);
      expect((await login('203.0.113.7', 'x2', 'guessing123')).status).toBe(401);
      expect((await login('203.0.113.7', 'pia', 'pia-password')).status).toBe(429);
      // Someone else behind the same proxy is not locked out.
      expect((await login('198.51.100.4', 'pia', 'pia-password')).status).toBe(200);
    } finally {
      await proxied.stop();
    }
  });
});
