import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import type { LibraryContext } from '../../../src/lib/library/context';
import {
  createAsset,
  duplicateAsset,
  setShareLevel,
  shareAsset,
  trashAsset,
} from '../../../src/lib/library/ops';
import { sharesOf } from '../../../src/lib/library/schema';
import { addContributions, type Desired } from '../../../server/projections/contents';

const TEAM = 'team1';
const ANN = 'ann';
const BOB = 'bob';
const CAL = 'cal';

function teamLibrary(now: Date) {
  const doc = new Y.Doc();
  const ctx: LibraryContext = {
    actor: { userId: ANN, teamId: TEAM, role: 'owner' },
    rooms: [{ name: `team/${TEAM}`, kind: 'team', doc, writable: true }],
    now: () => now,
  };
  return { doc, ctx };
}

function contributions(doc: Y.Doc, now: Date, users = [ANN, BOB, CAL]): Desired {
  const desired: Desired = { rooms: new Map(), nextExpiry: null };
  addContributions(desired, `team/${TEAM}`, doc, now, (id) => users.includes(id));
  return desired;
}

const ids = (map: Map<string, unknown> | undefined) => [...(map?.keys() ?? [])].sort();

describe('what the projections should hold', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  test('an active share puts the asset, the share and its child-side lineage in shared/<grantee>', () => {
    const { doc, ctx } = teamLibrary(now);
    const { asset_id: parent } = createAsset(ctx, { name: 'Parent' });
    const { duplicate_id: child } = duplicateAsset(ctx, { asset_id: parent });
    const { share_id: share } = shareAsset(ctx, { asset_id: child, shared_with: BOB });

    const bob = contributions(doc, now).rooms.get(`shared/${BOB}`);
    expect(ids(bob?.assets)).toEqual([child]);
    expect(ids(bob?.shares)).toEqual([share]);
    expect(bob?.lineage.size).toBe(1);
    expect([...bob!.lineage.values()][0]!.get('parent_id')).toBe(parent);
    expect(contributions(doc, now).rooms.has(`shared/${CAL}`)).toBe(false);
  });

  test('expired shares, unknown grantees and trashed assets contribute nothing', () => {
    const { doc, ctx } = teamLibrary(now);
    const { asset_id: a } = createAsset(ctx, { name: 'A' });
    const { asset_id: b } = createAsset(ctx, { name: 'B' });
    const soon = new Date(now.getTime() + 60_000);
    shareAsset(ctx, { asset_id: a, shared_with: BOB, expires_at: soon.toISOString() });
    shareAsset(ctx, { asset_id: a, shared_with: CAL });
    shareAsset(ctx, { asset_id: b, shared_with: BOB });
    trashAsset(ctx, { asset_id: b });

    const before = contributions(doc, now);
    expect(ids(before.rooms.get(`shared/${BOB}`)?.assets)).toEqual([a]);
    expect(before.nextExpiry).toBe(soon.getTime());

    const after = contributions(doc, new Date(soon.getTime() + 1));
    expect(after.rooms.has(`shared/${BOB}`)).toBe(false);
    expect(after.nextExpiry).toBeNull();

    const calUnknown = contributions(doc, now, [ANN, BOB]);
    expect(calUnknown.rooms.has(`shared/${CAL}`)).toBe(false);
  });

  test('a malformed share written by some peer is skipped', () => {
    const { doc, ctx } = teamLibrary(now);
    const { asset_id: a } = createAsset(ctx, { name: 'A' });
    const bogus = new Y.Map<unknown>();
    sharesOf(doc).set('bogus', bogus);
    bogus.set('asset_id', a);
    bogus.set('shared_with', BOB);
    expect(contributions(doc, now).rooms.has(`shared/${BOB}`)).toBe(false);
  });

  test('public/<team> holds exactly the live public assets, never the shares', () => {
    const { doc, ctx } = teamLibrary(now);
    const { asset_id: open } = createAsset(ctx, { name: 'Open', share_level: 'public' });
    const { asset_id: closed } = createAsset(ctx, { name: 'Team only' });
    const { asset_id: gone } = createAsset(ctx, { name: 'Gone' });
    setShareLevel(ctx, { asset_id: gone, share_level: 'public' });
    trashAsset(ctx, { asset_id: gone });
    shareAsset(ctx, { asset_id: open, shared_with: BOB });

    const pub = contributions(doc, now).rooms.get(`public/${TEAM}`);
    expect(ids(pub?.assets)).toEqual([open]);
    expect(pub?.shares.size).toBe(0);
    expect(ids(pub?.assets)).not.toContain(closed);
  });
});
