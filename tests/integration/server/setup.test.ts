import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type TestServer } from '../harness';
import { api } from './http';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { MAX_BODY_BYTES: '4096' } });
});
afterAll(async () => {
  await server?.stop();
});

describe('first run setup', () => {
  test('a fresh server asks for setup', async () => {
    const status = await api(server, 'GET', '/api/setup/status');
    expect(status.status).toBe(200);
    expect(status.body).toEqual({ success: true, needs_setup: true });
  });

  test('bad setup input is refused with the failing field and creates nothing', async () => {
    const short = await api(server, 'POST', '/api/setup', {
      json: { username: 'owner', password: 'short', team_name: 'Studio' },
    });
    expect(short.status).toBe(400);
    expect(short.body).toEqual({
      success: false,
      error: 'password: must be at least 8 characters',
    });

    const noTeam = await api(server, 'POST', '/api/setup', {
      json: { username: 'owner', password: 'long enough' },
    });
    expect(noTeam.status).toBe(400);
    expect(noTeam.body.error).toMatch(/^team_name: /);

    const malformed = await api(server, 'POST', '/api/setup', { rawBody: '{"username": "own' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ success: false, error: '(body): malformed JSON' });

    const form = await api(server, 'POST', '/api/setup', {
      rawBody: 'username=owner',
      type: 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);

    const huge = await api(server, 'POST', '/api/setup', {
      json: { username: 'owner', password: 'x'.repeat(10_000), team_name: 'Studio' },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.success).toBe(false);
    // Still being sent when refused: the client gets the answer, not a reset connection.
    const megabytes = await api(server, 'POST', '/api/setup', {
      json: { username: 'owner', password: 'x'.repeat(5_000_000), team_name: 'Studio' },
    });
    expect(megabytes.status).toBe(413);

    expect((await api(server, 'GET', '/api/setup/status')).body.needs_setup).toBe(true);
  });

  test('setup creates the owner and the first team and signs the owner in', async () => {
    const done = await api(server, 'POST', '/api/setup', {
      json: {
        username: 'owner',
        password: 'correct horse',
        display_name: 'Olive Owner',
        team_name: 'Studio',
      },
    });
    expect(done.status).toBe(200);
    expect(done.body.success).toBe(true);
    expect(done.body.user).toMatchObject({ username: 'owner', display_name: 'Olive Owner' });
    expect(done.body.team).toMatchObject({ name: 'Studio' });
    expect(done.body.team.id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(done.body.token).toEqual(expect.any(String));
    expect(done.headers.get('set-cookie')).toMatch(/^vl_session=[^;]+;.*HttpOnly/i);

    const cookie = done.headers.get('set-cookie')!.split(';')[0]!;
    const me = await api(server, 'GET', '/api/auth/me', { cookie });
    expect(me.status).toBe(200);
    expect(me.body.teams).toEqual([{ id: done.body.team.id, name: 'Studio', role: 'owner' }]);

    const status = await api(server, 'GET', '/api/setup/status');
    expect(status.body).toEqual({ success: true, needs_setup: false });
  });

  test('a second setup is refused once a user exists', async () => {
    const again = await api(server, 'POST', '/api/setup', {
      json: { username: 'intruder', password: 'correct horse', team_name: 'Takeover' },
    });
    expect(again.status).toBe(409);
    expect(again.body.success).toBe(false);
    const login = await api(server, 'POST', '/api/auth/login', {
      json: { username: 'intruder', password: 'correct horse' },
    });
    expect(login.status).toBe(401);
  });
});
