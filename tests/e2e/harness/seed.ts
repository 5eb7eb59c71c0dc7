/**
 * People and library content put on the server before a page opens: members through the admin
 * command, records through the library core over the real y-websocket client.
 */
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { LibraryContext } from '../../../src/lib/library/context';
import { migrate } from '../../../src/lib/library/migrations';
import { createAsset } from '../../../src/lib/library/ops/assets';
import type { CreateAssetInput } from '../../../src/lib/library/ops/asset-input';
import type { Role } from '../../../src/lib/library/records/common';
import type { TestServer } from '../../integration/harness';

/** Everyone the tests create signs in with this password. */
export const PASSWORD = 'correct horse battery';

export interface Member {
  username: string;
  role: 'owner' | 'admin' | 'editor' | 'viewer';
}

/** Roles by username, in order: the first member creates the team. */
export type Roster = Record<string, Member['role']>;

/** The people of a roster (or list), in order. */
export function membersOf(people: Member[] | Roster): Member[] {
  if (Array.isArray(people)) return people;
  return Object.entries(people).map(([username, role]) => ({ username, role }));
}

/** A team and its people (the first creates the team); answers the ids by username. */
export async function createTeam(
  server: TestServer,
  team: string,
  people: Member[] | Roster,
  password = PASSWORD,
): Promise<{ teamId: string; users: Record<string, string> }> {
  const users: Record<string, string> = {};
  let teamId = team;
  for (const person of membersOf(people)) {
    const created = await server.createUser(person.username, password, teamId, person.role);
    users[person.username] = created.userId;
    teamId = created.teamId;
  }
  return { teamId, users };
}

/**
 * Writes into a team room the way any peer would: the real y-websocket client in Node runs the
 * library core's operations, then a second client confirms the server kept the result.
 */
export async function seedLibrary<T>(
  server: TestServer,
  username: string,
  teamId: string,
  write: (ctx: LibraryContext) => T,
): Promise<T> {
  const { token } = await server.login(username, PASSWORD);
  const me = (await (
    await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as { user: { id: string }; teams: { id: string; role: Role }[] };
  const role = me.teams.find((team) => team.id === teamId)?.role ?? null;
  const room = `team/${teamId}`;
  const connect = (doc: Y.Doc) =>
    new WebsocketProvider(server.wsUrl, room, doc, {
      params: { token },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      // Otherwise the checking client gets the writer's edits over the in-process
      // BroadcastChannel and confirms what the server may never have received.
      disableBc: true,
    });
  const doc = new Y.Doc();
  const provider = connect(doc);
  await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  migrate(doc);
  const result = write({
    actor: { userId: me.user.id, teamId, role },
    rooms: [{ name: room, kind: 'team', doc, writable: true }],
    now: () => new Date(),
  });
  // Done when a second client's copy holds everything the writer has.
  const expected = Y.decodeStateVector(Y.encodeStateVector(doc));
  for (;;) {
    const check = new Y.Doc();
    const reader = connect(check);
    await new Promise<void>((resolve) => reader.once('sync', () => resolve()));
    const got = Y.decodeStateVector(Y.encodeStateVector(check));
    reader.destroy();
    if ([...expected].every(([client, clock]) => (got.get(client) ?? 0) >= clock)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  provider.destroy();
  return result;
}

/** Creates assets with the core's `createAsset`; answers their ids in order. */
export function seedAssets(
  server: TestServer,
  username: string,
  teamId: string,
  assets: CreateAssetInput[],
): Promise<string[]> {
  return seedLibrary(server, username, teamId, (ctx) =>
    assets.map((input) => createAsset(ctx, input).asset_id),
  );
}

/** A second team the user works in as an editor, with clips of its own; answers its id. */
export async function seedSecondTeam(
  server: TestServer,
  username: string,
  teamName: string,
  assets: CreateAssetInput[],
): Promise<string> {
  const team = await server.admin('team', 'create', '--name', teamName);
  await server.admin(
    'member',
    'add',
    '--team',
    team.team.id,
    '--user',
    username,
    '--role',
    'editor',
  );
  await seedAssets(server, username, team.team.id, assets);
  return team.team.id as string;
}
