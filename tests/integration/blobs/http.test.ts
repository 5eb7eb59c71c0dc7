/**
 * `PUT /api/blobs` and `GET /api/blobs/<sha256>` on the real server: byte-identical round trip,
 * Range, ETag, size and type refusals that store nothing, and who may read what.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../harness';
import { makeUser, newAsset, ok, type User } from '../api/client';
import { blobFiles, fixture, getBlob, putBlob, sha256, storedPath } from './helpers';

let server: TestServer;
let editor: User;
let viewer: User;
let teammate: User;
let outsider: User;
const clip = fixture('clip-testsrc2.mp4');
const LIMIT = 200_000;

beforeAll(async () => {
  server = await startServer({ env: { MAX_BLOB_BYTES: String(LIMIT), BLOB_GC_INTERVAL_MS: '0' } });
  editor = await makeUser(server, 'ed', 'Studio', 'editor');
  viewer = await makeUser(server, 'vi', editor.teamId, 'viewer');
  teammate = await makeUser(server, 'tm', editor.teamId, 'editor');
  outsider = await makeUser(server, 'out', 'Elsewhere', 'owner');
});
afterAll(async () => {
  await server?.stop();
});

describe('upload and download', () => {
  it('round-trips a real clip byte for byte, named by its SHA-256', async () => {
    const put = await putBlob(server, editor.token, clip);
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      success: true,
      sha256: sha256(clip),
      size: clip.length,
      content_type: 'video/mp4',
    });
    expect(blobFiles(server)).toContain(storedPath(sha256(clip)));
    const response = await getBlob(server, editor.token, put.body.sha256);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('etag')).toBe(`"${sha256(clip)}"`);
    expect(response.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await response.arrayBuffer()).equals(clip)).toBe(true);
  });

  it('knows WebM, JPEG and PNG by their first bytes', async () => {
    for (const [name, type] of [
      ['clip-mandelbrot.webm', 'video/webm'],
      ['thumb.jpg', 'image/jpeg'],
      ['thumb.png', 'image/png'],
    ] as const) {
      const put = await putBlob(server, editor.token, fixture(name), {
        'content-type': 'text/plain',
      });
      expect(put.body.content_type).toBe(type);
    }
  });

  it('answers HEAD with the size and no body', async () => {
    const response = await getBlob(server, editor.token, sha256(clip), {}, 'HEAD');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(clip.length));
  });

  it('serves ranges: first bytes, middle, suffix, open-ended; 416 beyond the end', async () => {
    const sha = sha256(clip);
    const cases: [string, number, number][] = [
      ['bytes=0-99', 0, 99],
      ['bytes=1000-1999', 1000, 1999],
      ['bytes=-500', clip.length - 500, clip.length - 1],
      [`bytes=${clip.length - 10}-`, clip.length - 10, clip.length - 1],
      [`bytes=100-${clip.length + 5000}`, 100, clip.length - 1],
    ];
    for (const [range, start, end] of cases) {
      const response = await getBlob(server, editor.token, sha, { range });
      expect(response.status, range).toBe(206);
      expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${clip.length}`);
      const body = Buffer.from(await response.arrayBuffer());
      expect(body.equals(clip.subarray(start, end + 1)), range).toBe(true);
    }
    const beyond = await getBlob(server, editor.token, sha, { range: `bytes=${clip.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${clip.length}`);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const response = await getBlob(server, editor.token, sha256(clip), {
      'if-none-match': `"${sha256(clip)}"`,
    });
    expect(response.status).toBe(304);
  });

  it('refuses an oversized upload with 413 and stores nothing', async () => {
    const before = blobFiles(server);
    const big = Buffer.concat([clip, Buffer.alloc(LIMIT)]);
    const put = await putBlob(server, editor.token, big);
    expect(put.status).toBe(413);
    expect(put.body.success).toBe(false);
    expect(blobFiles(server)).toEqual(before);
  });

  it('refuses an oversized upload of unknown length midway and stores nothing', async () => {
    const before = blobFiles(server);
    const chunk = Buffer.alloc(64 * 1024, 1);
    clip.copy(chunk);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const response = await fetch(`${server.url}/api/blobs`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${editor.token}` },
      body,
      duplex: 'half',
    } as RequestInit).catch(() => null);
    if (response) expect(response.status).toBe(413);
    expect(blobFiles(server)).toEqual(before);
  });

  it('refuses anything but video and thumbnails with 415 and stores nothing', async () => {
    const before = blobFiles(server);
    for (const bytes of [
      Buffer.from('<html><script>alert(1)</script></html>'.repeat(10)),
      Buffer.from('%PDF-1.7 not a video at all, really'),
      Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 2, 3, 4, 5, 6, 7, 8]),
    ]) {
      const put = await putBlob(server, editor.token, bytes, { 'content-type': 'video/mp4' });
      expect(put.status).toBe(415);
      expect(put.body.success).toBe(false);
    }
    expect(blobFiles(server)).toEqual(before);
  });

  it('refuses a body whose hash differs from X-Content-SHA256', async () => {
    const put = await putBlob(server, editor.token, fixture('thumb.png'), {
      'x-content-sha256': '0'.repeat(64),
    });
    expect(put.status).toBe(400);
  });

  it('needs a login (401) and a writer role in some team (403)', async () => {
    expect((await putBlob(server, null, clip)).status).toBe(401);
    expect((await putBlob(server, viewer.token, clip)).status).toBe(403);
  });
});

describe('who may read a blob', () => {
  it('is only whoever can read an asset referencing it, and its uploader', async () => {
    const thumb = fixture('thumb.jpg');
    const put = await putBlob(server, editor.token, thumb);
    const sha = put.body.sha256 as string;
    // Only the uploader, before any asset references it.
    expect((await getBlob(server, editor.token, sha)).status).toBe(200);
    expect((await getBlob(server, teammate.token, sha)).status).toBe(404);
    expect((await getBlob(server, null, sha)).status).toBe(404);

    // A private asset of the editor: still nobody else.
    await newAsset(server, editor, {
      name: 'Private cut',
      share_level: 'private',
      thumbnail_sha256: sha,
    });
    expect((await getBlob(server, teammate.token, sha)).status).toBe(404);
    expect((await getBlob(server, viewer.token, sha)).status).toBe(404);

    // A team asset: every member of the team, nobody outside it, nobody without a login.
    const id = await newAsset(server, editor, { name: 'Team cut', thumbnail_sha256: sha });
    expect((await getBlob(server, teammate.token, sha)).status).toBe(200);
    expect((await getBlob(server, viewer.token, sha)).status).toBe(200);
    expect((await getBlob(server, outsider.token, sha)).status).toBe(404);
    expect((await getBlob(server, null, sha)).status).toBe(404);

    // The API answer points at the blob.
    const details = await ok(server, teammate, 'GET', `/assets/${id}`);
    expect(details.asset.thumbnail_sha256).toBe(sha);
  });

  it('is readable without login and from other teams once its asset is public', async () => {
    const put = await putBlob(server, editor.token, fixture('clip-cellauto.mp4'));
    const sha = put.body.sha256 as string;
    const id = await newAsset(server, editor, { name: 'Open cut', video_sha256: sha });
    expect((await getBlob(server, null, sha)).status).toBe(404);
    expect((await getBlob(server, outsider.token, sha)).status).toBe(404);

    await ok(server, editor, 'POST', '/update-share-level', {
      asset_id: id,
      share_level: 'public',
    });
    // The server projects public clips into the team's public room right after the write.
    for (const token of [null, outsider.token]) {
      let status = 0;
      for (let attempt = 0; attempt < 100 && status !== 200; attempt++) {
        status = (await getBlob(server, token, sha)).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(status).toBe(200);
    }
  });

  it('answers a malformed or unknown hash with 404, never touching a path', async () => {
    for (const name of ['..%2F..%2Flibrary.db', 'ABC', `${'A'.repeat(64)}`, '0'.repeat(64)]) {
      const response = await getBlob(server, editor.token, name);
      expect(response.status, name).toBe(404);
    }
  });
});
