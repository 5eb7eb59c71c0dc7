/**
 * The API and the browsers work on the same room documents: a REST write reaches a connected
 * stock y-websocket client as a Y update (awaited as an event, never timed), and a client's
 * write is in the very next REST answer.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAsset, LibraryOrigin, type LibraryContext } from '../../../src/lib/library';
import { assetsOf, collectionsOf, lineageOf } from '../../../src/lib/library/schema';
import { startServer, type TestServer } from '../harness';
import { closeRooms, makeUser, newAsset, ok, openRoom, until, type User } from './client';

let server: TestServer;
let ann: User;
let bob: User;
let annDoc: Y.Doc; // ann's browser, connected to the team room
let bobDoc: Y.Doc; // bob's browser, same room

beforeAll(async () => {
  server = await startServer();
  ann = await makeUser(server, 'ann', 'Studio', 'owner');
  bob = await makeUser(server, 'bob', ann.teamId, 'editor');
  annDoc = await openRoom(server, `team/${ann.teamId}`, ann.token);
  bobDoc = await openRoom(server, `team/${ann.teamId}`, bob.token);
});

afterAll(async () => {
  closeRooms();
  await server?.stop();
});

const field = (doc: Y.Doc, id: string, key: string): unknown =>
  (assetsOf(doc).get(id) as Y.Map<unknown> | undefined)?.get(key);

describe('REST → browsers', () => {
  test('created, edited, curated, derived and trashed through the API, seen live', async () => {
    const id = await newAsset(server, ann, { name: 'Live clip', tags: 'live' });
    await until(bobDoc, () => assetsOf(bobDoc).has(id));
    expect(field(bobDoc, id, 'name')).toBe('Live clip');

    await ok(server, ann, 'PATCH', `/assets/${id}`, { name: 'Live clip v2' });
    await until(bobDoc, () => field(bobDoc, id, 'name') === 'Live clip v2');

    const { collection_id: collectionId } = await ok(server, ann, 'POST', '/collections/create', {
      name: 'Live reel',
    });
    await ok(server, ann, 'POST', `/collections/${collectionId}/add-video`, { asset_id: id });
    await until(bobDoc, () => {
      const collection = collectionsOf(bobDoc).get(collectionId) as Y.Map<unknown> | undefined;
      return (collection?.get('items') as Y.Map<unknown> | undefined)?.has(id) === true;
    });

    const { remix_id: remixId } = await ok(server, ann, 'POST', '/remix', {
      asset_id: id,
      new_prompt: 'at night',
    });
    await until(bobDoc, () =>
      [...lineageOf(bobDoc).values()].some(
        (edge) => edge instanceof Y.Map && edge.get('child_id') === remixId,
      ),
    );

    await ok(server, ann, 'DELETE', `/assets/${id}`);
    await until(bobDoc, () => typeof field(bobDoc, id, 'trashed_at') === 'string');
  });

  test('the API writes with the library origin a browser would use, once per action', async () => {
    const id = await newAsset(server, ann, { name: 'Counted' });
    await until(annDoc, () => assetsOf(annDoc).has(id));
    let updates = 0;
    const count = () => updates++;
    annDoc.on('update', count);
    await ok(server, ann, 'PATCH', `/assets/${id}`, { name: 'Counted twice', mood: 'calm' });
    await until(annDoc, () => field(annDoc, id, 'name') === 'Counted twice');
    annDoc.off('update', count);
    // One transaction on the server: one update for both fields.
    expect(updates).toBe(1);
    expect(
      ((assetsOf(annDoc).get(id) as Y.Map<unknown>).get('metadata') as Y.Map<unknown>).get('mood'),
    ).toBe('calm');
  });
});

describe('browsers → REST', () => {
  test("a client's write is in the next REST answer", async () => {
    const ctx: LibraryContext = {
      actor: { userId: bob.userId, teamId: bob.teamId, role: 'editor' },
      rooms: [{ name: `team/${bob.teamId}`, kind: 'team', doc: bobDoc, writable: true }],
      now: () => new Date(),
    };
    const { asset_id: id } = createAsset(ctx, {
      name: 'Made in a browser',
      tags: ['offline', 'browser'],
      mood: 'joyful',
    });
    // Ann's client receiving it means the server has applied (and stored) it.
    await until(annDoc, () => assetsOf(annDoc).has(id));

    const search = await ok(server, ann, 'POST', '/search', { search_text: 'browser' });
    expect(search.results.map((r: { id: string }) => r.id)).toEqual([id]);
    const filters = await ok(server, ann, 'GET', '/filters');
    expect(filters.filters.moods).toContain('joyful');

    // An edit of one field by the browser, then the next REST read.
    bobDoc.transact(
      () => {
        (assetsOf(bobDoc).get(id) as Y.Map<unknown>).set('name', 'Renamed in a browser');
      },
      new LibraryOrigin('updateAsset', bob.userId),
    );
    await until(annDoc, () => field(annDoc, id, 'name') === 'Renamed in a browser');
    const details = await ok(server, ann, 'GET', `/assets/${id}`);
    expect(details.asset.name).toBe('Renamed in a browser');
    const map = await ok(server, ann, 'GET', '/constellation/map');
    expect(map.nodes.find((n: { id: string }) => n.id === id).name).toBe('Renamed in a browser');
  });

  test('REST answers stay right across many interleaved writes from both sides', async () => {
    const ctx: LibraryContext = {
      actor: { userId: bob.userId, teamId: bob.teamId, role: 'editor' },
      rooms: [{ name: `team/${bob.teamId}`, kind: 'team', doc: bobDoc, writable: true }],
      now: () => new Date(),
    };
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      made.push(await newAsset(server, ann, { name: `Batch rest ${i}`, tags: 'batch' }));
      made.push(createAsset(ctx, { name: `Batch browser ${i}`, tags: ['batch'] }).asset_id);
    }
    const last = made[made.length - 1]!;
    await until(annDoc, () => assetsOf(annDoc).has(last));
    const search = await ok(server, ann, 'POST', '/search', { tags: ['batch'], per_page: 50 });
    expect(search.total).toBe(10);
    expect(search.results.map((r: { id: string }) => r.id).sort()).toEqual([...made].sort());
  });
});

describe('persistence', () => {
  test('REST writes survive a restart; shutdown with cached views is clean', async () => {
    const id = await newAsset(server, ann, { name: 'Kept', tags: 'kept' });
    await ok(server, ann, 'POST', '/constellation/update-position', { asset_id: id, x: 1, y: 2 });
    await ok(server, ann, 'POST', '/search', { tags: ['kept'] });
    closeRooms();
    expect(await server.stop()).toBe(0);
    await server.restart();
    const details = await ok(server, ann, 'GET', `/assets/${id}`);
    expect(details.asset).toMatchObject({ name: 'Kept', tags: ['kept'] });
    expect(details.asset.metadata).toMatchObject({ constellation_x: 1, constellation_y: 2 });
  });
});
