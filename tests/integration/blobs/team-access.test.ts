/**
 * Who may read a blob, by team (real server, real SQLite): a file is readable only through a team
 * it was uploaded into. Knowing a hash (from a public clip, a leaked link) and writing it into an
 * asset of one's own team gives nothing: REST writes are refused, and a reference written over
 * the sync socket does not make the file readable. The normal paths keep working: upload → clip
 * → teammates play it, sharing with someone of another team, public clips.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { LibraryContext } from '../../../src/lib/library/context';
import { createAsset, revokeShare, shareAsset } from '../../../src/lib/library/ops';
import { assetsOf } from '../../../src/lib/library/schema';
import { startServer, type TestServer } from '../harness';
import { closeRooms, lib, makeUser, newAsset, ok, openRoom, until, type User } from '../api/client';
import { auth, fixture, getBlob, putBlob, sha256 } from './helpers';

let server: TestServer;
let ann: User; // editor, Studio
let tom: User; // editor, Studio
let vic: User; // viewer, Studio
let mal: User; // editor, Rival: knows hashes, wants the files
let cal: User; // owner, Elsewhere: gets a clip shared

beforeAll(async () => {
  server = await startServer({ env: { BLOB_GC_INTERVAL_MS: '0' } });
  ann = await makeUser(server, 'ann', 'Studio', 'editor');
  tom = await makeUser(server, 'tom', ann.teamId, 'editor');
  vic = await makeUser(server, 'vic', ann.teamId, 'viewer');
  mal = await makeUser(server, 'mal', 'Rival', 'editor');
  cal = await makeUser(server, 'cal', 'Elsewhere', 'owner');
});
afterAll(async () => {
  closeRooms();
  await server?.stop();
});

function upload(user: User, name: string, teamId?: string) {
  return fetch(`${server.url}/api/blobs${teamId ? `?team_id=${teamId}` : ''}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', ...auth(user.token) },
    body: new Uint8Array(fixture(name)),
  }).then(async (response) => ({ status: response.status, body: await response.json() }));
}

async function status(user: User | null, sha: string): Promise<number> {
  return (await getBlob(server, user?.token ?? null, sha)).status;
}

/** A library context over one live room, as a browser writes through the sync socket. */
function socketContext(user: User, room: string, doc: Y.Doc): LibraryContext {
  return {
    actor: { userId: user.userId, teamId: user.teamId, role: 'editor' },
    rooms: [{ name: room, kind: 'team', doc, writable: true }],
    now: () => new Date(),
  };
}

/** Waits until the server answers the asset through the API (the socket write has landed). */
async function landed(user: User, assetId: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await lib(server, user, 'GET', `/assets/${assetId}`)).status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`asset ${assetId} never reached the server`);
}

describe('a hash known outside the team', () => {
  let sha: string;

  beforeAll(async () => {
    const put = await upload(ann, 'clip-testsrc2.mp4', ann.teamId);
    expect(put.status).toBe(200);
    sha = put.body.sha256;
    await newAsset(server, ann, { name: 'Studio cut', video_sha256: sha });
    expect(await status(tom, sha)).toBe(200);
    expect(await status(mal, sha)).toBe(404);
  });

  it('cannot be set through the API on the other team’s assets (400 naming the field)', async () => {
    const created = await lib(server, mal, 'POST', '/assets', { name: 'Mine', video_sha256: sha });
    expect(created.status).toBe(400);
    expect(created.body.error).toMatch(/^video_sha256: no file with this SHA-256 was uploaded/);

    const own = await newAsset(server, mal, { name: 'Mine too' });
    const patched = await lib(server, mal, 'PATCH', `/assets/${own}`, {
      thumbnail_sha256: sha.toUpperCase(),
    });
    expect(patched.status).toBe(400);
    expect(patched.body.error).toMatch(/^thumbnail_sha256:/);

    const rendered = await fetch(`${server.url}/api/library/assets/${own}/render`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth(mal.token) },
      body: JSON.stringify({ video_sha256: sha }),
    });
    expect(rendered.status).toBe(400);
    expect((await rendered.json()).error).toMatch(/^video_sha256:/);
    // Nothing was written.
    expect((await ok(server, mal, 'GET', `/assets/${own}`)).asset.video_sha256).toBeNull();
  });

  it('written over the sync socket (team and public clip) still reads as no such blob', async () => {
    const room = `team/${mal.teamId}`;
    const doc = await openRoom(server, room, mal.token);
    const { asset_id: id } = createAsset(socketContext(mal, room, doc), {
      name: 'Borrowed',
      status: 'ready',
      video_sha256: sha,
      video_url: `/api/blobs/${sha}`,
      share_level: 'public',
    });
    await landed(mal, id);
    // The public projection of the attacker's team holds the reference too.
    const publicDoc = await openRoom(server, `public/${mal.teamId}`, mal.token);
    await until(publicDoc, () => assetsOf(publicDoc).has(id));

    expect(await status(mal, sha)).toBe(404);
    expect(await status(null, sha)).toBe(404);
    expect(await status(cal, sha)).toBe(404);
    // The team it was uploaded into is unaffected.
    expect(await status(vic, sha)).toBe(200);
  });
});

describe('uploads go into a team', () => {
  it('only one the uploader writes in', async () => {
    const other = await upload(ann, 'thumb.png', mal.teamId);
    expect(other.status).toBe(403);
    expect(other.body.error).toMatch(/^team_id:/);
    const viaHeader = await putBlob(server, ann.token, fixture('thumb.png'), {
      'x-team-id': mal.teamId,
    });
    expect(viaHeader.status).toBe(403);
    expect((await upload(vic, 'thumb.png', ann.teamId)).status).toBe(403);
    expect((await upload(ann, 'thumb.png', 'not a team!')).status).toBe(400);
  });

  it('upload → clip written over the socket → the team plays it, nobody else', async () => {
    const put = await upload(ann, 'thumb.png', ann.teamId);
    const sha = put.body.sha256 as string;
    expect(sha).toBe(sha256(fixture('thumb.png')));
    // Before any clip references it: the uploader only.
    expect(await status(ann, sha)).toBe(200);
    expect(await status(tom, sha)).toBe(404);

    const room = `team/${ann.teamId}`;
    const doc = await openRoom(server, room, ann.token);
    const { asset_id: id } = createAsset(socketContext(ann, room, doc), {
      name: 'Poster',
      thumbnail_sha256: sha,
      thumbnail_url: `/api/blobs/${sha}`,
    });
    await landed(tom, id);
    expect(await status(tom, sha)).toBe(200);
    expect(await status(vic, sha)).toBe(200);
    expect(await status(mal, sha)).toBe(404);
    expect(await status(null, sha)).toBe(404);
  });

  it('without team_id, into every team where the uploader writes', async () => {
    const put = await putBlob(server, ann.token, fixture('thumb.jpg'));
    expect(put.status).toBe(200);
    await newAsset(server, tom, { name: 'Teammate uses it', thumbnail_sha256: put.body.sha256 });
    expect(await status(vic, put.body.sha256)).toBe(200);
  });
});

describe('sharing with someone of another team', () => {
  it('lets the grantee play the clip while the share lasts', async () => {
    const put = await upload(ann, 'clip-life.mp4', ann.teamId);
    const sha = put.body.sha256 as string;
    const id = await newAsset(server, ann, { name: 'For Cal', video_sha256: sha });
    expect(await status(cal, sha)).toBe(404);

    const room = `team/${ann.teamId}`;
    const doc = await openRoom(server, room, ann.token);
    await until(doc, () => assetsOf(doc).has(id));
    const ctx = socketContext(ann, room, doc);
    const { share_id: shareId } = shareAsset(ctx, { asset_id: id, shared_with: cal.userId });
    const shared = await openRoom(server, `shared/${cal.userId}`, cal.token);
    await until(shared, () => assetsOf(shared).has(id));
    expect(await status(cal, sha)).toBe(200);
    expect(await status(mal, sha)).toBe(404);

    revokeShare(ctx, { share_id: shareId });
    await until(shared, () => !assetsOf(shared).has(id));
    expect(await status(cal, sha)).toBe(404);
  });
});
