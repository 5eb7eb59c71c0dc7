/** kill -9 while an upload streams: after the restart no partial blob exists anywhere. */
import { request } from 'node:http';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startServer, type TestServer } from '../harness';
import { makeUser } from '../api/client';
import { blobFiles, fixture, getBlob, putBlob, sha256 } from './helpers';

let server: TestServer;
afterAll(async () => {
  await server?.stop();
});

it('a crash mid-upload leaves no partial blob after the restart', async () => {
  server = await startServer({ env: { BLOB_GC_INTERVAL_MS: '0' } });
  const editor = await makeUser(server, 'ed', 'Studio', 'editor');
  const clip = fixture('clip-life.mp4');

  const req = request(`${server.url}/api/blobs`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${editor.token}`, 'content-length': String(clip.length) },
  });
  req.on('error', () => undefined);
  // Half the clip, then nothing more: the server is streaming it into a temporary file.
  req.write(clip.subarray(0, clip.length / 2));
  const tmp = path.join(server.dataDir, 'blobs', 'tmp');
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (existsSync(tmp) && readdirSync(tmp).length > 0) {
        clearInterval(poll);
        resolve();
      }
    }, 20);
  });
  await server.kill9();
  req.destroy();
  expect(blobFiles(server).every((file) => file.startsWith('tmp'))).toBe(true);

  await server.restart();
  expect(blobFiles(server)).toEqual([]);
  const { token } = await server.login('ed', 'ed-password');
  expect((await getBlob(server, token, sha256(clip))).status).toBe(404);

  // The same upload, complete, works after the restart.
  const put = await putBlob(server, token, clip);
  expect(put.status).toBe(200);
  const back = await getBlob(server, token, sha256(clip));
  expect(Buffer.from(await back.arrayBuffer()).equals(clip)).toBe(true);
});
