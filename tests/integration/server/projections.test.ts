import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { LibraryContext } from '../../../src/lib/library/context';
import {
  createAsset,
  duplicateAsset,
  purgeAsset,
  revokeShare,
  setShareLevel,
  shareAsset,
  trashAsset,
} from '../../../src/lib/library/ops';
import { assetsOf, lineageOf, sharesOf } from '../../../src/lib/library/schema';
import { startServer, type TestServer } from '../harness';

let server: TestServer;
const providers: WebsocketProvider[] = [];
let ann: { userId: string; teamId: string; token: string };
let bob: { userId: string; token: string };
let annTeam: { provider: WebsocketProvider; ctx: LibraryContext };

/** The stock y-websocket client, synced. No token: an anonymous reader. */
async function open(room: string, token?: string): Promise<WebsocketProvider> {
  const provider = new WebsocketProvider(server.wsUrl, room, new Y.Doc(), {
    params: token ? { token } : {},
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  providers.push(provider);
  await new Promise<void>((resolve) => {
    if (provider.synced) return resolve();
    provider.once('sync', () => resolve());
  });
  return provider;
}

/** Resolves once `check` holds on the doc (re-checked on every update). */
function until(doc: Y.Doc, check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (check()) return resolve();
    const onUpdate = () => {
      if (!check()) return;
      doc.off('update', onUpdate);
      resolve();
    };
    doc.on('update', onUpdate);
  });
}

beforeAll(async () => {
  server = await startServer();
  const a = await server.createUser('ann', 'ann-password', 'Studio', 'editor');
  const b = await server.createUser('bob', 'bob-password', 'Elsewhere', 'owner');
  ann = { ...a, token: (await server.login('ann', 'ann-password')).token };
  bob = { userId: b.userId, token: (await server.login('bob', 'bob-password')).token };
  const provider = await open(`team/${ann.teamId}`, ann.token);
  annTeam = {
    provider,
    ctx: {
      actor: { userId: ann.userId, teamId: ann.teamId, role: 'editor' },
      rooms: [{ name: `team/${ann.teamId}`, kind: 'team', doc: provider.doc, writable: true }],
      now: () => new Date(),
    },
  };
});
afterAll(async () => {
  for (const provider of providers) provider.destroy();
  await server?.stop();
});

describe('shared/<userId> projection', () => {
  test('a shared asset appears for the grantee and disappears when the share is revoked', async () => {
    const { asset_id: assetId } = createAsset(annTeam.ctx, { name: 'Harbour at dawn' });
    const { share_id: shareId } = shareAsset(annTeam.ctx, {
      asset_id: assetId,
      shared_with: bob.userId,
      permission: 'view',
    });

    const shared = await open(`shared/${bob.userId}`, bob.token);
    await until(shared.doc, () => assetsOf(shared.doc).has(assetId));
    const copy = assetsOf(shared.doc).get(assetId) as Y.Map<unknown>;
    expect(copy.get('name')).toBe('Harbour at dawn');
    expect((sharesOf(shared.doc).get(shareId) as Y.Map<unknown>).get('shared_with')).toBe(
      bob.userId,
    );

    revokeShare(annTeam.ctx, { share_id: shareId });
    await until(shared.doc, () => !assetsOf(shared.doc).has(assetId));
    expect(sharesOf(shared.doc).has(shareId)).toBe(false);
  });

  test('a shared duplicate comes with its lineage edge to the parent, not the parent', async () => {
    const { asset_id: parentId } = createAsset(annTeam.ctx, { name: 'Original' });
    const { duplicate_id: childId } = duplicateAsset(annTeam.ctx, { asset_id: parentId });
    shareAsset(annTeam.ctx, { asset_id: childId, shared_with: bob.userId });
    const shared = await open(`shared/${bob.userId}`, bob.token);
    await until(shared.doc, () => assetsOf(shared.doc).has(childId));
    await until(shared.doc, () =>
      [...lineageOf(shared.doc).values()].some(
        (edge) => (edge as Y.Map<unknown>).get('child_id') === childId,
      ),
    );
    const edge = [...lineageOf(shared.doc).values()].find(
      (e) => (e as Y.Map<unknown>).get('child_id') === childId,
    ) as Y.Map<unknown>;
    expect(edge.get('parent_id')).toBe(parentId);
    expect(assetsOf(shared.doc).has(parentId)).toBe(false);
  });

  test('an edit of the shared asset reaches the copy', async () => {
    const { asset_id: assetId } = createAsset(annTeam.ctx, { name: 'First cut' });
    shareAsset(annTeam.ctx, { asset_id: assetId, shared_with: bob.userId });
    const shared = await open(`shared/${bob.userId}`, bob.token);
    await until(shared.doc, () => assetsOf(shared.doc).has(assetId));

    annTeam.provider.doc.transact(() =>
      (assetsOf(annTeam.provider.doc).get(assetId) as Y.Map<unknown>).set('name', 'Final cut'),
    );
    await until(
      shared.doc,
      () =>
        (assetsOf(shared.doc).get(assetId) as Y.Map<unknown> | undefined)?.get('name') ===
        'Final cut',
    );
  });

  test('a share disappears by itself at expires_at', async () => {
    const { asset_id: assetId } = createAsset(annTeam.ctx, { name: 'Short-lived' });
    const expiresAt = new Date(Date.now() + 2500).toISOString();
    shareAsset(annTeam.ctx, { asset_id: assetId, shared_with: bob.userId, expires_at: expiresAt });
    const shared = await open(`shared/${bob.userId}`, bob.token);
    await until(shared.doc, () => assetsOf(shared.doc).has(assetId));
    await until(shared.doc, () => !assetsOf(shared.doc).has(assetId));
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(expiresAt));
  });

  test('nobody else can open the grantee’s shared room', async () => {
    const closed = new Promise<number>((resolve) => {
      const provider = new WebsocketProvider(server.wsUrl, `shared/${bob.userId}`, new Y.Doc(), {
        params: { token: ann.token },
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      });
      providers.push(provider);
      provider.once('connection-close', (event) => {
        provider.shouldConnect = false;
        resolve(event?.code ?? 0);
      });
    });
    expect(await closed).toBe(4403);
  });
});

describe('public/<teamId> projection', () => {
  test('an asset made public is readable with no login; back to team level, it is gone', async () => {
    const { asset_id: assetId } = createAsset(annTeam.ctx, { name: 'Trailer' });
    const outside = await open(`public/${ann.teamId}`);
    expect(assetsOf(outside.doc).has(assetId)).toBe(false);

    // An editor may manage the assets they created.
    setShareLevel(annTeam.ctx, { asset_id: assetId, share_level: 'public' });
    await until(outside.doc, () => assetsOf(outside.doc).has(assetId));
    expect(sharesOf(outside.doc).size).toBe(0);

    setShareLevel(annTeam.ctx, { asset_id: assetId, share_level: 'team' });
    await until(outside.doc, () => !assetsOf(outside.doc).has(assetId));
  });
});

describe('purged assets', () => {
  test('vanish from the grantee’s shared room and the public room', async () => {
    const { asset_id: assetId } = createAsset(annTeam.ctx, {
      name: 'Short-lived',
      share_level: 'public',
    });
    shareAsset(annTeam.ctx, { asset_id: assetId, shared_with: bob.userId });
    const shared = await open(`shared/${bob.userId}`, bob.token);
    const outside = await open(`public/${ann.teamId}`);
    await until(shared.doc, () => assetsOf(shared.doc).has(assetId));
    await until(outside.doc, () => assetsOf(outside.doc).has(assetId));

    trashAsset(annTeam.ctx, { asset_id: assetId });
    purgeAsset(annTeam.ctx, { asset_id: assetId });
    await until(shared.doc, () => !assetsOf(shared.doc).has(assetId));
    await until(outside.doc, () => !assetsOf(outside.doc).has(assetId));
    expect(
      [...sharesOf(shared.doc).values()].some(
        (share) => (share as Y.Map<unknown>).get('asset_id') === assetId,
      ),
    ).toBe(false);
  });
});

describe('shutdown with projections', () => {
  test('a share that expired while the server was down is gone after the restart', async () => {
    const { asset_id: assetId } = createAsset(annTeam.ctx, { name: 'Expires offline' });
    const expiresAt = Date.now() + 3000;
    shareAsset(annTeam.ctx, {
      asset_id: assetId,
      shared_with: bob.userId,
      expires_at: new Date(expiresAt).toISOString(),
    });
    const before = await open(`shared/${bob.userId}`, bob.token);
    await until(before.doc, () => assetsOf(before.doc).has(assetId));

    expect(await server.stop()).toBe(0);
    for (const provider of providers.splice(0)) provider.destroy();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now())));
    await server.restart();

    const after = await open(`shared/${bob.userId}`, bob.token);
    await until(after.doc, () => !assetsOf(after.doc).has(assetId));
    // The team room itself still has the asset: only the grant ended.
    const team = await open(`team/${ann.teamId}`, ann.token);
    expect(assetsOf(team.doc).has(assetId)).toBe(true);
    annTeam.provider = team;
    annTeam.ctx = { ...annTeam.ctx, rooms: [{ ...annTeam.ctx.rooms[0]!, doc: team.doc }] };
  });

  test('SIGTERM with open sockets exits 0; the projections are still there after a restart', async () => {
    const { asset_id: assetId } = createAsset(annTeam.ctx, { name: 'Keeps' });
    setShareLevel(annTeam.ctx, { asset_id: assetId, share_level: 'public' });
    const before = await open(`public/${ann.teamId}`);
    await until(before.doc, () => assetsOf(before.doc).has(assetId));

    expect(await server.stop()).toBe(0);
    for (const provider of providers.splice(0)) provider.destroy();
    await server.restart();

    const after = await open(`public/${ann.teamId}`);
    await until(after.doc, () => assetsOf(after.doc).has(assetId));
    expect((assetsOf(after.doc).get(assetId) as Y.Map<unknown>).get('name')).toBe('Keeps');
  });
});
