/**
 * Collection of blobs nothing references: unreferenced and purged ones go, referenced ones and an
 * upload in flight stay.
 */
import { request } from 'node:http';
import { afterAll, expect, it } from 'vitest';
import { startServer, type TestServer } from '../harness';
import { makeUser, newAsset, ok } from '../api/client';
import { blobFiles, fixture, getBlob, putBlob, sha256, storedPath } from './helpers';

let server: TestServer;
afterAll(async () => {
  await server?.stop();
});

/** Resolves after `count` more "blobs collected" log lines. */
function collections(count: number): Promise<void> {
  const seen = (server.output().match(/"blobs collected"/g) ?? []).length;
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      if ((server.output().match(/"blobs collected"/g) ?? []).length >= seen + count) {
        clearInterval(poll);
        resolve();
      }
    }, 50);
  });
}

it('removes unreferenced blobs and keeps referenced and in-flight ones', async () => {
  server = await startServer({
    env: { BLOB_GC_INTERVAL_MS: '300', BLOB_GC_GRACE_MS: '1500' },
  });
  const editor = await makeUser(server, 'ed', 'Studio', 'owner');
  const orphan = await putBlob(server, editor.token, fixture('thumb.png'));
  const kept = await putBlob(server, editor.token, fixture('thumb.jpg'));
  const purged = await putBlob(server, editor.token, fixture('clip-cellauto.mp4'));
  await newAsset(server, editor, { name: 'Kept', thumbnail_sha256: kept.body.sha256 });
  const gone = await newAsset(server, editor, { name: 'Purged', video_sha256: purged.body.sha256 });
  await ok(server, editor, 'DELETE', `/assets/${gone}`);
  await ok(server, editor, 'POST', `/assets/${gone}/purge`, {});

  // Past the grace period for those; then an upload that streams slowly across collections.
  await new Promise((resolve) => setTimeout(resolve, 1600));
  const clip = fixture('clip-life.mp4');
  const slow = new Promise<number>((resolve, reject) => {
    const req = request(`${server.url}/api/blobs`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${editor.token}`, 'content-length': String(clip.length) },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.write(clip.subarray(0, 1000));
    void collections(3).then(() => req.end(clip.subarray(1000)));
  });
  expect(await slow).toBe(200);
  const files = blobFiles(server);
  expect(files).not.toContain(storedPath(orphan.body.sha256));
  expect(files).not.toContain(storedPath(purged.body.sha256));
  expect(files).toContain(storedPath(kept.body.sha256));
  expect(files).toContain(storedPath(sha256(clip)));
  expect((await getBlob(server, editor.token, orphan.body.sha256)).status).toBe(404);
  expect((await getBlob(server, editor.token, kept.body.sha256)).status).toBe(200);
  expect((await getBlob(server, editor.token, sha256(clip))).status).toBe(200);
});

it('runs as an admin command next to the running server', async () => {
  await server.stop();
  server = await startServer({ env: { BLOB_GC_INTERVAL_MS: '0' } });
  const editor = await makeUser(server, 'ed', 'Studio', 'editor');
  const orphan = await putBlob(server, editor.token, fixture('thumb.png'));
  const kept = await putBlob(server, editor.token, fixture('thumb.jpg'));
  await newAsset(server, editor, { name: 'Kept', thumbnail_sha256: kept.body.sha256 });

  // Within the default grace period nothing is collected.
  const early = await server.admin('blobs', 'gc');
  expect(early).toMatchObject({ success: true, deleted: 0 });

  process.env.BLOB_GC_GRACE_MS = '0';
  try {
    const result = await server.admin('blobs', 'gc');
    expect(result).toMatchObject({ success: true, deleted_sha256: [orphan.body.sha256] });
  } finally {
    delete process.env.BLOB_GC_GRACE_MS;
  }
  expect(blobFiles(server)).toEqual([storedPath(kept.body.sha256)]);
  expect((await getBlob(server, editor.token, orphan.body.sha256)).status).toBe(404);
  expect((await getBlob(server, editor.token, kept.body.sha256)).status).toBe(200);
});
