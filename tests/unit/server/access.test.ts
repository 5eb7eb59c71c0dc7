import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cookieOriginAllowed, createRoomAccess, type RoomAccess } from '../../../server/access';
import { insertTeam, insertUser, upsertMembership } from '../../../server/db/accounts';
import { openDatabase, type Db } from '../../../server/db/open';

let db: Db;
let access: RoomAccess;
const ids: Record<string, string> = {};

beforeAll(() => {
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), 'vl-access-')), 'library.db'));
  access = createRoomAccess(db);
  for (const name of ['owner', 'editor', 'viewer', 'outsider']) {
    ids[name] = insertUser(db, { username: name, displayName: name, passwordHash: 'x' }).id;
  }
  ids.team = insertTeam(db, 'Studio').id;
  ids.other = insertTeam(db, 'Other').id;
  upsertMembership(db, ids.team, ids.owner!, 'owner');
  upsertMembership(db, ids.team, ids.editor!, 'editor');
  upsertMembership(db, ids.team, ids.viewer!, 'viewer');
  upsertMembership(db, ids.other, ids.outsider!, 'owner');
});
afterAll(() => db.close());

const as = (who: string | null) => (who === null ? null : { userId: ids[who]! });

describe('room access (DESIGN.md "Rooms")', () => {
  test('team room: members read, owner/admin/editor write, others nothing', () => {
    const room = `team/${ids.team}`;
    expect(access.accessTo(as('owner'), room)).toBe('write');
    expect(access.accessTo(as('editor'), room)).toBe('write');
    expect(access.accessTo(as('viewer'), room)).toBe('read');
    expect(access.accessTo(as('outsider'), room)).toBe('none');
    expect(access.accessTo(as(null), room)).toBe('none');
  });

  test('private room: only its user, and only while a member of the team', () => {
    const room = `private/${ids.team}/${ids.viewer}`;
    expect(access.accessTo(as('viewer'), room)).toBe('write');
    expect(access.accessTo(as('owner'), room)).toBe('none');
    expect(access.accessTo(as('outsider'), `private/${ids.team}/${ids.outsider}`)).toBe('none');
  });

  test('shared room: read by its user only; never writable by a client', () => {
    expect(access.accessTo(as('editor'), `shared/${ids.editor}`)).toBe('read');
    expect(access.accessTo(as('owner'), `shared/${ids.editor}`)).toBe('none');
  });

  test('public room: anyone reads, nobody writes; unknown teams and bad names: nothing', () => {
    expect(access.accessTo(as(null), `public/${ids.team}`)).toBe('read');
    expect(access.accessTo(as('outsider'), `public/${ids.team}`)).toBe('read');
    expect(access.accessTo(as(null), 'public/no-such-team')).toBe('none');
    expect(access.accessTo(as('owner'), `team/${ids.team}/extra`)).toBe('none');
    expect(access.accessTo(as('owner'), '../etc')).toBe('none');
  });

  test('a principal whose user no longer exists has no access', () => {
    expect(access.accessTo({ userId: 'ghost' }, `shared/ghost`)).toBe('none');
  });

  test('readable rooms list exactly what authorize allows', () => {
    for (const who of ['owner', 'editor', 'viewer', 'outsider']) {
      for (const room of access.readableRooms(ids[who]!)) {
        expect(access.accessTo(as(who), room.name)).toBe(room.writable ? 'write' : 'read');
      }
    }
  });
});

describe('session cookie origin on the sync socket', () => {
  test.each([
    [undefined, 'library.test:5000', null, true],
    ['http://library.test:5000', 'library.test:5000', null, true],
    ['https://evil.example', 'library.test:5000', null, false],
    ['https://library.example.com', '127.0.0.1:5000', 'https://library.example.com', true],
    ['null', 'library.test:5000', null, false],
  ])('origin %s, host %s, public url %s → %s', (origin, host, publicUrl, allowed) => {
    expect(cookieOriginAllowed(origin, host, publicUrl)).toBe(allowed);
  });
});
