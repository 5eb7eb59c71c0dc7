/** Blob requests as a client makes them, and a look at the blob directory on disk. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, type TestServer } from '../harness';

export const fixture = (name: string): Buffer =>
  readFileSync(path.join(ROOT, 'tests/fixtures', name));

export const sha256 = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex');

export function auth(token: string | null | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

export async function putBlob(
  server: TestServer,
  token: string | null,
  bytes: Uint8Array,
  headers: Record<string, string> = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}/api/blobs`, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', ...auth(token), ...headers },
    body: new Uint8Array(bytes),
  });
  return { status: response.status, body: await response.json() };
}

export function getBlob(
  server: TestServer,
  token: string | null,
  sha: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<Response> {
  return fetch(`${server.url}/api/blobs/${sha}`, {
    method,
    headers: { ...auth(token), ...headers },
  });
}

/** Every file under `$DATA_DIR/blobs` (relative paths), temporary ones included. */
export function blobFiles(server: TestServer): string[] {
  const dir = path.join(server.dataDir, 'blobs');
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
      .sort();
  } catch {
    return [];
  }
}

export const storedPath = (sha: string): string => path.join(sha.slice(0, 2), sha.slice(2, 4), sha);
