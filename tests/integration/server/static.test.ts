import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type TestServer } from '../harness';

let server: TestServer;
let outside: string;

beforeAll(async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'vl-spa-'));
  const build = path.join(root, 'build');
  mkdirSync(path.join(build, '_app', 'immutable', 'entry'), { recursive: true });
  writeFileSync(path.join(build, 'index.html'), '<!doctype html><title>shell</title>');
  writeFileSync(path.join(build, 'service-worker.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(path.join(build, '_app', 'immutable', 'entry', 'app.abc123.js'), 'export {};');
  writeFileSync(path.join(build, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  // A file next to the build directory that must never be served.
  outside = 'top secret next to the build';
  writeFileSync(path.join(root, 'secret.txt'), outside);
  server = await startServer({ env: { BUILD_DIR: build } });
});
afterAll(async () => {
  await server?.stop();
});

/** A raw request, so the path reaches the server exactly as written (fetch would normalize it). */
function rawGet(rawPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: rawPath }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serving the built app', () => {
  test('the shell on / and on every app route, always revalidated', async () => {
    for (const route of ['/', '/collections/abc', '/lineage/xyz?tab=tree', '/setup']) {
      const response = await fetch(`${server.url}${route}`);
      expect(response.status, route).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<title>shell</title>');
    }
  });

  test('hashed assets are cached for a year, the service worker never', async () => {
    const asset = await fetch(`${server.url}/_app/immutable/entry/app.abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    const worker = await fetch(`${server.url}/service-worker.js`);
    expect(worker.status).toBe(200);
    expect(worker.headers.get('cache-control')).toBe('no-cache');

    const icon = await fetch(`${server.url}/favicon.svg`);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
  });

  test('a missing file is 404, not the shell', async () => {
    expect((await fetch(`${server.url}/_app/immutable/entry/gone.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/missing.png`)).status).toBe(404);
  });

  test('no path leaves the build directory', async () => {
    for (const attempt of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/_app/../../secret.txt',
      '/..%5csecret.txt',
      '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/secret.txt%00.html',
    ]) {
      const response = await rawGet(attempt);
      expect(response.body, attempt).not.toContain(outside);
      expect(response.body, attempt).not.toContain('root:');
      expect([400, 404], attempt).toContain(response.status);
    }
  });
});
