/**
 * The library API as a script calls it: plain fetch with a bearer token, plus users made with the
 * admin command and the stock y-websocket client for live checks.
 */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { TestServer } from '../harness';
import { api, type ApiResponse } from '../server/http';

export interface User {
  userId: string;
  teamId: string;
  token: string;
}

/** Creates a user (with a display name) in a team (created when new) and logs them in. */
export async function makeUser(
  server: TestServer,
  username: string,
  team: string,
  role: 'owner' | 'admin' | 'editor' | 'viewer',
  displayName = username,
): Promise<User> {
  const password = `${username}-password`;
  const created = await server.admin(
    'user',
    'create',
    '--username',
    username,
    '--password',
    password,
    '--display-name',
    displayName,
  );
  if (!created.success) throw new Error(`user create: ${created.error}`);
  let member = await server.admin(
    'member',
    'add',
    '--team',
    team,
    '--user',
    username,
    '--role',
    role,
  );
  if (!member.success && /not found/.test(member.error)) {
    const made = await server.admin('team', 'create', '--name', team);
    if (!made.success) throw new Error(`team create: ${made.error}`);
    member = await server.admin(
      'member',
      'add',
      '--team',
      made.team.id,
      '--user',
      username,
      '--role',
      role,
    );
  }
  if (!member.success) throw new Error(`member add: ${member.error}`);
  const { token } = await server.login(username, password);
  return { userId: created.user.id, teamId: member.team.id, token };
}

/** Adds an existing user to another team. */
export async function addMember(
  server: TestServer,
  username: string,
  teamId: string,
  role: 'owner' | 'admin' | 'editor' | 'viewer',
): Promise<void> {
  const member = await server.admin(
    'member',
    'add',
    '--team',
    teamId,
    '--user',
    username,
    '--role',
    role,
  );
  if (!member.success) throw new Error(`member add: ${member.error}`);
}

/** `/api/library<path>` as `user`. */
export function lib(
  server: TestServer,
  user: User | null,
  method: string,
  path: string,
  json?: unknown,
): Promise<ApiResponse> {
  return api(server, method, `/api/library${path}`, {
    ...(user ? { token: user.token } : {}),
    ...(json === undefined ? {} : { json }),
  });
}

/** Like `lib`, but fails the test unless the answer is 2xx with `success: true`. */
export async function ok(
  server: TestServer,
  user: User | null,
  method: string,
  path: string,
  json?: unknown,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<any> {
  const response = await lib(server, user, method, path, json);
  if (response.status !== 200 || response.body?.success !== true) {
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

/** Creates an asset through the API; resolves to its id. */
export async function newAsset(
  server: TestServer,
  user: User,
  fields: Record<string, unknown>,
): Promise<string> {
  const body = await ok(server, user, 'POST', '/assets', fields);
  return body.asset_id as string;
}

const providers = new Set<WebsocketProvider>();

/** The stock y-websocket client in Node, synced with the room. */
export async function openRoom(server: TestServer, room: string, token: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server.wsUrl, room, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  providers.add(provider);
  await new Promise<void>((resolve) => {
    if (provider.synced) return resolve();
    provider.once('sync', () => resolve());
  });
  return doc;
}

export function closeRooms(): void {
  for (const provider of providers) provider.destroy();
  providers.clear();
}

/** Resolves once `check` holds on the doc (re-checked on every update): no timing involved. */
export function until(doc: Y.Doc, check: () => boolean): Promise<void> {
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
