/**
 * `npm run demo`: fills the data directory (`DATA_DIR`, default ./data, as the server reads it)
 * with a demo team, people of every role, a few dozen small real clips and a library around them.
 * Writes straight to the server's SQLite file and blob store; run it while the server is stopped
 * (or restart the server afterwards), then `npm start` and sign in with a printed account.
 */
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { hashPassword } from '../server/auth/passwords';
import { FsBlobStore } from '../server/blobs/fs-store';
import { BlobMeta } from '../server/blobs/meta';
import { sniffContentType } from '../server/blobs/sniff';
import { putBlob } from '../server/blobs/types';
import { loadConfig, loadDotEnv } from '../server/config';
import { insertTeam, insertUser, upsertMembership, userByUsername } from '../server/db/accounts';
import { openDatabase } from '../server/db/open';
import { SqlitePersistence } from '../server/persistence';
import type { LibraryContext, LibraryRoom } from '../src/lib/library/context';
import { ROLE_CAN_WRITE } from '../src/lib/library/context';
import { migrate } from '../src/lib/library/migrations';
import type { Role } from '../src/lib/library/records/common';
import { privateRoom, teamRoom } from '../src/lib/library/rooms';
import { fixtureClips, generateClips, hasFfmpeg } from './demo-clips';
import { buildDemoLibrary, type StoredClip } from './demo-library';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TEAM = 'Demo Studio';
const PEOPLE: { username: string; display: string; role: Role }[] = [
  { username: 'olivia', display: 'Olivia Owner', role: 'owner' },
  { username: 'adam', display: 'Adam Admin', role: 'admin' },
  { username: 'eve', display: 'Eve Editor', role: 'editor' },
  { username: 'ezra', display: 'Ezra Editor', role: 'editor' },
  { username: 'vera', display: 'Vera Viewer', role: 'viewer' },
  { username: 'victor', display: 'Victor Viewer', role: 'viewer' },
];
const passwordOf = (username: string): string => `${username}-demo-2026`;
const CLIP_COUNT = Number(process.env.DEMO_CLIPS ?? 36);

function printAccounts(dataDir: string): void {
  console.log(`\nDemo team "${TEAM}" in ${dataDir}. Sign in as:`);
  for (const person of PEOPLE) {
    console.log(
      `  ${person.role.padEnd(7)} ${person.username.padEnd(8)} ${passwordOf(person.username)}`,
    );
  }
  console.log(
    '\nStart the server with `npm start` (restart it if it was running) and open the URL it prints.',
  );
}

async function main(): Promise<void> {
  loadDotEnv(process.cwd());
  const config = loadConfig(process.env);
  const db = openDatabase(config.dbPath);
  if (db.prepare('SELECT 1 FROM teams WHERE name = ?').get(TEAM)) {
    console.log(`The demo team already exists.`);
    printAccounts(config.dataDir);
    db.close();
    return;
  }

  // People and the team.
  const team = insertTeam(db, TEAM);
  const ids = new Map<string, string>();
  for (const person of PEOPLE) {
    const existing = userByUsername(db, person.username);
    const user =
      existing ??
      insertUser(db, {
        username: person.username,
        displayName: person.display,
        passwordHash: await hashPassword(passwordOf(person.username)),
      });
    upsertMembership(db, team.id, user.id, person.role);
    ids.set(person.username, user.id);
  }

  // Clips into the blob store.
  const ffmpeg = hasFfmpeg();
  console.log(
    ffmpeg
      ? `Making ${CLIP_COUNT} clips with ffmpeg…`
      : 'ffmpeg not found: using the clips in tests/fixtures',
  );
  const made = ffmpeg ? generateClips(CLIP_COUNT, console.log) : fixtureClips(ROOT, CLIP_COUNT);
  const store = new FsBlobStore(path.join(config.dataDir, 'blobs'));
  await store.init();
  const meta = new BlobMeta(db);
  const stored: StoredClip[] = [];
  const typeOf = new Map<string, { size: number; content_type: string }>();
  for (const clip of made) {
    const video = await putBlob(store, Readable.from([clip.video]), {
      maxBytes: Number.MAX_SAFE_INTEGER,
    });
    const poster = await putBlob(store, Readable.from([clip.poster]), {
      maxBytes: Number.MAX_SAFE_INTEGER,
    });
    typeOf.set(video.sha256, {
      size: video.size,
      content_type: sniffContentType(clip.video) ?? 'video/mp4',
    });
    typeOf.set(poster.sha256, {
      size: poster.size,
      content_type: sniffContentType(clip.poster) ?? 'image/jpeg',
    });
    stored.push({
      video_sha256: video.sha256,
      thumbnail_sha256: poster.sha256,
      duration: clip.duration,
      width: clip.width,
      height: clip.height,
      source: clip.source,
    });
  }

  // Rooms: load what exists, write through the core, append the changes to the room log.
  const persistence = new SqlitePersistence(db);
  const docs = new Map<string, { doc: Y.Doc; updates: Uint8Array[] }>();
  const docOf = (name: string): Y.Doc => {
    let entry = docs.get(name);
    if (!entry) {
      const doc = new Y.Doc();
      const state = persistence.load(name);
      if (state) Y.applyUpdate(doc, state);
      const updates: Uint8Array[] = [];
      doc.on('update', (update: Uint8Array) => updates.push(update));
      migrate(doc);
      entry = { doc, updates };
      docs.set(name, entry);
    }
    return entry.doc;
  };
  const ctx = (username: string): LibraryContext => {
    const userId = ids.get(username)!;
    const role = PEOPLE.find((person) => person.username === username)!.role;
    const rooms: LibraryRoom[] = [
      {
        name: teamRoom(team.id),
        kind: 'team',
        doc: docOf(teamRoom(team.id)),
        writable: ROLE_CAN_WRITE[role],
      },
      {
        name: privateRoom(team.id, userId),
        kind: 'private',
        doc: docOf(privateRoom(team.id, userId)),
        writable: true,
      },
    ];
    return { actor: { userId, teamId: team.id, role }, rooms, now: () => new Date() };
  };
  const summary = buildDemoLibrary(
    {
      ctx,
      idOf: (username) => ids.get(username)!,
      writers: PEOPLE.filter((p) => ROLE_CAN_WRITE[p.role]).map((p) => p.username),
      viewers: PEOPLE.filter((p) => !ROLE_CAN_WRITE[p.role]).map((p) => p.username),
    },
    stored,
    (clip, username) => {
      const at = new Date();
      for (const sha of [clip.video_sha256, clip.thumbnail_sha256]) {
        meta.recordUpload({ sha256: sha, ...typeOf.get(sha)! }, ids.get(username)!, at);
      }
    },
  );
  for (const [name, { updates }] of docs) {
    if (updates.length) persistence.append(name, Y.mergeUpdates(updates));
  }
  db.close();
  console.log(
    `\nCreated ${summary.assets} videos (plus copies), ${summary.lineageEdges} lineage links, ${summary.collections} collections and ${summary.shares} shares.`,
  );
  printAccounts(config.dataDir);
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
