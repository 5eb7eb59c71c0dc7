import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cloneYValue } from '../../../src/lib/library/ops/ymap';
import {
  createAsset,
  duplicateAsset,
  findAsset,
  remixAsset,
  setShareLevel,
  shareAsset,
  trashAsset,
} from '../../../src/lib/library/index';
import { assetsOf, lineageOf, sharesOf } from '../../../src/lib/library/schema';
import { LibraryOrigin } from '../../../src/lib/library/context';
import {
  TestTeam,
  assetIn,
  edgesIn,
  expectOneTransaction,
  expectRefused,
  recordTransactions,
  shareIn,
} from '../helpers/library';

describe('setShareLevel', () => {
  it('changes team ↔ public in place in one transaction', () => {
    const team = new TestTeam();
    const alice = team.ctx('alice', 'editor');
    const { asset_id: id } = createAsset(alice, { name: 'A' });
    expectOneTransaction(team.docs(), 'setShareLevel', 'alice', () =>
      setShareLevel(alice, { asset_id: id, share_level: 'public' }),
    );
    expect(assetIn(team.teamDoc, id).metadata.share_level).toBe('public');
  });

  it('moves a private asset to the team room with its lineage edge and shares, copy first', () => {
    const team = new TestTeam();
    const alice = team.ctx('alice', 'editor');
    const { asset_id: parent } = createAsset(alice, { name: 'Parent', prompt: 'hero at night' });
    const { asset_id: secret } = createAsset(alice, { name: 'Secret', share_level: 'private' });
    const { remix_id: remix } = remixAsset(alice, {
      asset_id: parent,
      new_prompt: 'hero at sunset',
    });
    // A remix of a team clip stays in the team room; make it private, then public again.
    const toPrivate = recordTransactions(team.docs(), () =>
      setShareLevel(alice, { asset_id: remix, share_level: 'private' }),
    );
    expect(toPrivate.result.moved).toBe(true);
    expect(toPrivate.origins).toHaveLength(2);
    for (const origin of toPrivate.origins) {
      expect(origin).toBeInstanceOf(LibraryOrigin);
      expect(origin).toMatchObject({ operation: 'setShareLevel', userId: 'alice' });
    }
    const priv = team.privateDoc('alice');
    expect(assetsOf(team.teamDoc).has(remix)).toBe(false);
    expect(assetIn(priv, remix).metadata.share_level).toBe('private');
    expect(edgesIn(priv).map((e) => [e.parent_id, e.child_id])).toEqual([[parent, remix]]);
    expect(edgesIn(team.teamDoc)).toEqual([]);

    const { share_id: share } = shareAsset(alice, { asset_id: secret, shared_with: 'carol' });
    setShareLevel(alice, { asset_id: secret, share_level: 'team' });
    expect(assetsOf(priv).has(secret)).toBe(false);
    expect(sharesOf(priv).size).toBe(0);
    expect(assetIn(team.teamDoc, secret).metadata.share_level).toBe('team');
    expect(shareIn(team.teamDoc, share).asset_id).toBe(secret);

    setShareLevel(alice, { asset_id: remix, share_level: 'public' });
    expect(assetIn(team.teamDoc, remix).metadata.share_level).toBe('public');
    expect(lineageOf(priv).size).toBe(0);
    expect(edgesIn(team.teamDoc)[0]).toMatchObject({ parent_id: parent, child_id: remix });
  });

  it('finishes a move that stopped after its copy step, in either direction', () => {
    const team = new TestTeam();
    const alice = team.ctx('alice', 'editor');
    const priv = team.privateDoc('alice');
    const copyOnly = (from: Y.Doc, to: Y.Doc, id: string, level: string) =>
      to.transact(() => {
        const copy = cloneYValue(assetsOf(from).get(id)) as Y.Map<unknown>;
        assetsOf(to).set(id, copy);
        (copy.get('metadata') as Y.Map<unknown>).set('share_level', level);
      });
    // team → private stopped after the copy: the team original is what everyone still reads.
    const { asset_id: a } = createAsset(alice, { name: 'A' });
    copyOnly(team.teamDoc, priv, a, 'private');
    expect(findAsset(alice, a).room.kind).toBe('team');
    setShareLevel(alice, { asset_id: a, share_level: 'private' });
    expect(assetsOf(team.teamDoc).has(a)).toBe(false);
    expect(assetIn(priv, a).metadata.share_level).toBe('private');
    // private → team stopped after the copy: the team copy wins; asking again drops the original.
    const { asset_id: b } = createAsset(alice, { name: 'B', share_level: 'private' });
    copyOnly(priv, team.teamDoc, b, 'team');
    expect(findAsset(alice, b).room.kind).toBe('team');
    setShareLevel(alice, { asset_id: b, share_level: 'team' });
    expect(assetsOf(priv).has(b)).toBe(false);
    expect(assetIn(team.teamDoc, b).metadata.share_level).toBe('team');
  });

  it('refuses non-creators, viewers, unknown and trashed assets, bad levels', () => {
    const team = new TestTeam();
    const alice = team.ctx('alice', 'editor');
    const bob = team.ctx('bob', 'editor');
    const admin = team.ctx('ada', 'admin');
    const { asset_id: id } = createAsset(alice, { name: 'A' });
    const docs = team.docs();
    expectRefused(
      docs,
      () => setShareLevel(bob, { asset_id: id, share_level: 'public' }),
      'FORBIDDEN',
      'asset_id',
    );
    expectRefused(
      docs,
      () => setShareLevel(team.ctx('vera', 'viewer'), { asset_id: id, share_level: 'public' }),
      'FORBIDDEN',
    );
    expectRefused(
      docs,
      () => setShareLevel(alice, { asset_id: id, share_level: 'secret' }),
      'INVALID',
      'share_level',
    );
    expectRefused(
      docs,
      () => setShareLevel(alice, { asset_id: 'x', share_level: 'team' }),
      'NOT_FOUND',
      'asset_id',
    );
    // An admin may, but making Alice's asset private needs Alice's private room.
    expectRefused(
      team.docs(),
      () => setShareLevel(admin, { asset_id: id, share_level: 'private' }),
      'FORBIDDEN',
      'share_level',
    );
    trashAsset(alice, { asset_id: id });
    expectRefused(
      team.docs(),
      () => setShareLevel(alice, { asset_id: id, share_level: 'public' }),
      'NOT_FOUND',
    );
  });

  it('keeps duplicates of a moved asset linked to it', () => {
    const team = new TestTeam();
    const alice = team.ctx('alice', 'editor');
    const { asset_id: id } = createAsset(alice, { name: 'A', share_level: 'private' });
    const { duplicate_id: copy } = duplicateAsset(alice, { asset_id: id });
    setShareLevel(alice, { asset_id: id, share_level: 'team' });
    expect(assetIn(team.privateDoc('alice'), copy).metadata.parent_asset_id).toBe(id);
    expect(edgesIn(team.privateDoc('alice')).map((e) => e.parent_id)).toEqual([id]);
  });
});
