/**
 * `POST /api/library/assets/{id}/render`: a draft gets its video and turns ready, and a connected
 * stock y-websocket client sees it.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../harness';
import { closeRooms, makeUser, newAsset, ok, openRoom, until, type User } from '../api/client';
import { fixture, getBlob, putBlob, sha256 } from './helpers';

let server: TestServer;
let editor: User;
let viewer: User;

beforeAll(async () => {
  server = await startServer({ env: { BLOB_GC_INTERVAL_MS: '0' } });
  editor = await makeUser(server, 'ed', 'Studio', 'editor');
  viewer = await makeUser(server, 'vi', editor.teamId, 'viewer');
});
afterAll(async () => {
  closeRooms();
  await server?.stop();
});

const assetIn = (doc: Y.Doc, id: string) =>
  (doc.getMap('assets').get(id) as Y.Map<unknown> | undefined)?.toJSON();

describe('render of a draft', () => {
  it('streams the video, sets it ready with duration, size and thumbnail, live', async () => {
    const source = await newAsset(server, editor, { name: 'Source', status: 'ready' });
    const remix = await ok(server, editor, 'POST', '/remix', {
      asset_id: source,
      new_prompt: 'the same, at night',
    });
    const draftId = remix.remix_id as string;
    const doc = await openRoom(server, `team/${editor.teamId}`, viewer.token);
    expect(assetIn(doc, draftId)?.status).toBe('draft');

    const thumb = await putBlob(server, editor.token, fixture('thumb.jpg'));
    const clip = fixture('clip-testsrc2.mp4');
    const response = await fetch(
      `${server.url}/api/library/assets/${draftId}/render?thumbnail=${thumb.body.sha256}&duration=2&width=320&height=180`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${editor.token}`, 'content-type': 'video/mp4' },
        body: new Uint8Array(clip),
      },
    );
    const body = await response.json();
    expect(response.status).toBe(200);
    expect(body).toMatchObject({
      success: true,
      asset_id: draftId,
      status: 'ready',
      video_sha256: sha256(clip),
      thumbnail_sha256: thumb.body.sha256,
      size: clip.length,
      content_type: 'video/mp4',
    });

    await until(doc, () => assetIn(doc, draftId)?.status === 'ready');
    expect(assetIn(doc, draftId)).toMatchObject({
      status: 'ready',
      video_sha256: sha256(clip),
      video_url: `/api/blobs/${sha256(clip)}`,
      thumbnail_url: `/api/blobs/${thumb.body.sha256}`,
      duration: 2,
      width: 320,
      height: 180,
    });
    // Everyone who reads the asset reads its video now.
    expect((await getBlob(server, viewer.token, sha256(clip))).status).toBe(200);
  });

  it('accepts JSON naming a video uploaded before', async () => {
    const draft = await newAsset(server, editor, { name: 'External render' });
    const video = await putBlob(server, editor.token, fixture('clip-mandelbrot.webm'));
    const body = await ok(server, editor, 'POST', `/assets/${draft}/render`, {
      video_sha256: video.body.sha256,
      duration: 2,
    });
    expect(body.status).toBe('ready');
    const details = await ok(server, editor, 'GET', `/assets/${draft}`);
    expect(details.asset).toMatchObject({
      status: 'ready',
      video_sha256: video.body.sha256,
      duration: 2,
    });
  });

  it('refuses viewers, images as video, unknown blobs and unknown assets', async () => {
    const draft = await newAsset(server, editor, { name: 'Draft' });
    const clip = fixture('clip-cellauto.mp4');
    const asViewer = await fetch(`${server.url}/api/library/assets/${draft}/render`, {
      method: 'POST',
      headers: { authorization: `Bearer ${viewer.token}` },
      body: new Uint8Array(clip),
    });
    expect(asViewer.status).toBe(403);
    expect((await getBlob(server, editor.token, sha256(clip))).status).toBe(404);

    const image = await fetch(`${server.url}/api/library/assets/${draft}/render`, {
      method: 'POST',
      headers: { authorization: `Bearer ${editor.token}` },
      body: new Uint8Array(fixture('thumb.png')),
    });
    expect(image.status, await image.clone().text()).toBe(415);

    const unknownBlob = await fetch(`${server.url}/api/library/assets/${draft}/render`, {
      method: 'POST',
      headers: { authorization: `Bearer ${editor.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ video_sha256: 'f'.repeat(64) }),
    });
    expect(unknownBlob.status).toBe(400);
    expect((await unknownBlob.json()).error).toMatch(/^video_sha256:/);

    const unknownAsset = await fetch(`${server.url}/api/library/assets/nope/render`, {
      method: 'POST',
      headers: { authorization: `Bearer ${editor.token}` },
      body: new Uint8Array(clip),
    });
    expect(unknownAsset.status).toBe(404);
    const details = await ok(server, editor, 'GET', `/assets/${draft}`);
    expect(details.asset.status).toBe('draft');
  });
});
