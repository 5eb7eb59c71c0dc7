import { describe, expect, it } from 'vitest';
import {
  createAsset,
  revokeShare,
  setShareLevel,
  shareAsset,
  trashAsset,
  updateAsset,
  updateSharePermission,
} from '../../../src/lib/library/ops/index';
import { sharesOf } from '../../../src/lib/library/schema';
import {
  TestTeam,
  assetIn,
  expectOneTransaction,
  expectRefused,
  shareIn,
} from '../helpers/library';

function setup() {
  const team = new TestTeam();
  const alice = team.ctx('alice', 'editor');
  const bob = team.ctx('bob', 'editor');
  const admin = team.ctx('ada', 'admin');
  const { asset_id: asset } = createAsset(alice, { name: 'Hero' });
  return { team, alice, bob, admin, asset };
}

describe('shareAsset', () => {
  it('records a grant with the spec’s fields', () => {
    const { team, alice, asset } = setup();
    const { share_id: id } = expectOneTransaction(team.docs(), 'shareAsset', 'alice', () =>
      shareAsset(alice, {
        asset_id: asset,
        shared_by: 'alice',
        shared_with: 456 as never,
        permission: 'edit',
        message: 'Please review',
        expires_at: '2026-01-22T23:59:59',
      }),
    );
    expect(shareIn(team.teamDoc, id)).toEqual({
      id,
      asset_id: asset,
      shared_by: 'alice',
      shared_with: '456',
      permission: 'edit',
      message: 'Please review',
      shared_at: '2026-01-01T10:00:00.000Z',
      expires_at: '2026-01-22T23:59:59',
    });
  });

  it('refuses self-shares, bad input, past expiry, duplicates, non-creators and trashed assets', () => {
    const { team, alice, bob, asset } = setup();
    const docs = team.docs();
    const share =
      (input: Record<string, unknown>, ctx = alice) =>
      () =>
        shareAsset(ctx, { asset_id: asset, shared_with: 'carol', ...input } as never);
    expectRefused(docs, share({ shared_with: 'alice' }), 'INVALID', 'shared_with');
    expectRefused(docs, share({ permission: 'owner' }), 'INVALID', 'permission');
    expectRefused(docs, share({ expires_at: 'tomorrow' }), 'INVALID', 'expires_at');
    expectRefused(docs, share({ expires_at: '2025-12-31T00:00:00Z' }), 'INVALID', 'expires_at');
    expectRefused(docs, share({ shared_by: 'bob' }), 'FORBIDDEN', 'shared_by');
    expectRefused(docs, share({ asset_id: 'nope' }), 'NOT_FOUND', 'asset_id');
    expectRefused(docs, share({}, bob), 'FORBIDDEN', 'asset_id');
    share({})();
    expectRefused(team.docs(), share({}), 'CONFLICT', 'shared_with');
    trashAsset(alice, { asset_id: asset });
    expectRefused(team.docs(), share({ shared_with: 'dan' }), 'NOT_FOUND', 'asset_id');
  });

  it('allows a new share once the old one expired', () => {
    const { team, alice, asset } = setup();
    shareAsset(alice, {
      asset_id: asset,
      shared_with: 'carol',
      expires_at: '2026-01-02T00:00:00Z',
    });
    team.tick(2 * 24 * 3600 * 1000);
    shareAsset(alice, { asset_id: asset, shared_with: 'carol' });
    expect(sharesOf(team.teamDoc).size).toBe(2);
  });
});

describe('grants', () => {
  it('lets an edit grantee edit that one asset but not share it', () => {
    const { team, alice, asset } = setup();
    const { asset_id: other } = createAsset(alice, { name: 'Other' });
    shareAsset(alice, { asset_id: asset, shared_with: 'gus', permission: 'edit' });
    // The server applies a grantee's edit with the room writable; the grant confines it.
    const gus = team.ctx('gus', null, { writableTeam: true });
    updateAsset(gus, { asset_id: asset, name: 'Edited by Gus' });
    expect(assetIn(team.teamDoc, asset).name).toBe('Edited by Gus');
    expectRefused(team.docs(), () => updateAsset(gus, { asset_id: other, name: 'x' }), 'FORBIDDEN');
    expectRefused(
      team.docs(),
      () => shareAsset(gus, { asset_id: asset, shared_with: 'hal' }),
      'FORBIDDEN',
    );
    expectRefused(
      team.docs(),
      () => setShareLevel(gus, { asset_id: asset, share_level: 'public' }),
      'FORBIDDEN',
    );
  });

  it('lets an admin grantee share and change the share level; an expired grant counts for nothing', () => {
    const { team, alice, asset } = setup();
    shareAsset(alice, {
      asset_id: asset,
      shared_with: 'gus',
      permission: 'admin',
      expires_at: '2026-01-01T12:00:00Z',
    });
    const gus = team.ctx('gus', 'viewer', { writableTeam: true });
    shareAsset(gus, { asset_id: asset, shared_with: 'hal' });
    setShareLevel(gus, { asset_id: asset, share_level: 'public' });
    expect(assetIn(team.teamDoc, asset).metadata.share_level).toBe('public');
    team.tick(3 * 3600 * 1000);
    expectRefused(
      team.docs(),
      () => updateAsset(gus, { asset_id: asset, name: 'late' }),
      'FORBIDDEN',
    );
  });
});

describe('revokeShare and updateSharePermission', () => {
  it('revokes (creator, admin, or the grantee leaving) and refuses others', () => {
    const { team, alice, bob, admin, asset } = setup();
    const s1 = shareAsset(alice, { asset_id: asset, shared_with: 'carol' }).share_id;
    const s2 = shareAsset(alice, { asset_id: asset, shared_with: 'dan' }).share_id;
    const s3 = shareAsset(alice, { asset_id: asset, shared_with: 'erin' }).share_id;
    expectRefused(team.docs(), () => revokeShare(bob, { share_id: s1 }), 'FORBIDDEN', 'share_id');
    expectRefused(team.docs(), () => revokeShare(bob, { share_id: 'zz' }), 'NOT_FOUND', 'share_id');
    expectRefused(team.docs(), () => revokeShare(bob, { share_id: '' }), 'INVALID', 'share_id');
    expectOneTransaction(team.docs(), 'revokeShare', 'alice', () =>
      revokeShare(alice, { share_id: s1 }),
    );
    revokeShare(admin, { share_id: s2 });
    revokeShare(team.ctx('erin', null, { writableTeam: true }), { share_id: s3 });
    expect(sharesOf(team.teamDoc).size).toBe(0);
  });

  it('changes the permission and expiry', () => {
    const { team, alice, bob, asset } = setup();
    const { share_id: id } = shareAsset(alice, { asset_id: asset, shared_with: 'carol' });
    expectOneTransaction(team.docs(), 'updateSharePermission', 'alice', () =>
      updateSharePermission(alice, {
        share_id: id,
        permission: 'admin',
        expires_at: '2026-02-01T00:00:00Z',
      }),
    );
    expect(shareIn(team.teamDoc, id)).toMatchObject({
      permission: 'admin',
      expires_at: '2026-02-01T00:00:00Z',
    });
    const docs = team.docs();
    expectRefused(
      docs,
      () => updateSharePermission(alice, { share_id: id, permission: 'all' as never }),
      'INVALID',
      'permission',
    );
    expectRefused(
      docs,
      () => updateSharePermission(bob, { share_id: id, permission: 'view' }),
      'FORBIDDEN',
    );
    expectRefused(
      docs,
      () => updateSharePermission(alice, { share_id: 'nope', permission: 'view' }),
      'NOT_FOUND',
    );
  });
});

describe('expiry without an offset', () => {
  it('is read as UTC, so every peer agrees when a grant ends', () => {
    const { team, alice, asset } = setup();
    shareAsset(alice, {
      asset_id: asset,
      shared_with: 'gus',
      permission: 'edit',
      expires_at: '2026-01-01T10:30:00',
    });
    const gus = team.ctx('gus', null, { writableTeam: true });
    updateAsset(gus, { asset_id: asset, name: 'in time' });
    team.tick(30 * 60 * 1000);
    expectRefused(
      team.docs(),
      () => updateAsset(gus, { asset_id: asset, name: 'late' }),
      'FORBIDDEN',
    );
  });
});
