import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, runServerToExit, startServer } from '../harness';
import { api } from './http';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'vl-config-'));

describe('start, health and shutdown', () => {
  test.each([
    [{ PORT: '70000' }, /^Configuration error: PORT: .*70000/],
    [{ PORT: 'five thousand' }, /^Configuration error: PORT: must be a whole number/],
    [{ PUBLIC_URL: 'not a url' }, /^Configuration error: PUBLIC_URL: /],
    [{ LOG_LEVEL: 'loud' }, /^Configuration error: LOG_LEVEL: /],
    [{ TRUST_PROXY: 'maybe' }, /^Configuration error: TRUST_PROXY: must be true or false/],
  ])('a bad value %j stops the start with a clear message', async (env, message) => {
    const result = await runServerToExit({ ...env, DATA_DIR: tempDir(), HOST: '127.0.0.1' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).not.toContain('listening');
  });

  test('.env in the working directory is read; the environment wins over it', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, '.env'), 'PORT=abc\nDATA_DIR=./data\n');
    const fromFile = await runServerToExit({ HOST: '127.0.0.1' }, dir);
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toMatch(/^Configuration error: PORT: .*"abc"/);

    const fromEnv = await runServerToExit({ HOST: '127.0.0.1', PORT: '99999' }, dir);
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toMatch(/^Configuration error: PORT: .*"99999"/);
  });

  test('healthz and readyz answer; SIGTERM stops the server with exit code 0', async () => {
    const server = await startServer();
    const health = await api(server, 'GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ ok: true });
    const ready = await api(server, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ ok: true });

    expect(await server.stop()).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  test('accounts survive a restart on the same data directory', async () => {
    const server = await startServer();
    await server.createUser('keeper', 'keeper-password', 'Archive', 'owner');
    await server.kill9();
    await server.restart();
    const { token } = await server.login('keeper', 'keeper-password');
    const me = await api(server, 'GET', '/api/auth/me', { token });
    expect(me.body.teams).toEqual([expect.objectContaining({ name: 'Archive', role: 'owner' })]);
    expect(await server.stop()).toBe(0);
  });
});

describe('behind a TLS proxy', () => {
  test('PUBLIC_URL=https://… makes the session cookie Secure', async () => {
    const server = await startServer({ env: { PUBLIC_URL: 'https://library.example.com' } });
    const setup = await api(server, 'POST', '/api/setup', {
      json: { username: 'owner', password: 'correct horse', team_name: 'Studio' },
    });
    expect(setup.status).toBe(200);
    expect(setup.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
    expect(await server.stop()).toBe(0);
  });
});

describe('npm start', () => {
  test('scripts/start.mjs runs the server and passes SIGTERM and the exit code through', async () => {
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: ROOT,
      // The build itself is the app's concern; here only the wrapper is under test.
      env: { ...process.env, SKIP_BUILD: '1', PORT: '0', HOST: '127.0.0.1', DATA_DIR: tempDir() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    const port = await new Promise<number>((resolve) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /"port":(\d+)[^\n]*"msg":"listening"/.exec(out);
        if (match) resolve(Number(match[1]));
      });
    });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
