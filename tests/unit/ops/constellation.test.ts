import { describe, expect, it } from 'vitest';
import {
  createAsset,
  trashAsset,
  updateConstellationPosition,
} from '../../../src/lib/library/index';
import {
  TestTeam,
  assetIn,
  expectOneTransaction,
  expectRefused,
  recordTransactions,
} from '../helpers/library';

describe('updateConstellationPosition', () => {
  it('pins, re-clusters and unpins a star', () => {
    const team = new TestTeam();
    const alice = team.ctx('alice', 'editor');
    const { asset_id: id } = createAsset(alice, { name: 'A' });
    expectOneTransaction(team.docs(), 'updateConstellationPosition', 'alice', () =>
      updateConstellationPosition(alice, {
        asset_id: id,
        x: 245.5,
        y: -120.3,
        cluster: 'fantasy_cluster',
      }),
    );
    expect(assetIn(team.teamDoc, id).metadata).toMatchObject({
      constellation_x: 245.5,
      constellation_y: -120.3,
      constellation_cluster: 'fantasy_cluster',
    });
    updateConstellationPosition(alice, { asset_id: id, x: null, y: null });
    expect(assetIn(team.teamDoc, id).metadata).toMatchObject({
      constellation_x: null,
      constellation_y: null,
      constellation_cluster: 'fantasy_cluster',
    });
    const { origins } = recordTransactions(team.docs(), () =>
      updateConstellationPosition(alice, { asset_id: id, x: null, y: null }),
    );
    expect(origins).toHaveLength(0);
  });

  it('refuses non-finite or half positions, viewers, unknown and trashed assets', () => {
    const team = new TestTeam();
    const alice = team.ctx('alice', 'editor');
    const { asset_id: id } = createAsset(alice, { name: 'A' });
    const docs = team.docs();
    const move =
      (input: Record<string, unknown>, ctx = alice) =>
      () =>
        updateConstellationPosition(ctx, { asset_id: id, x: 1, y: 2, ...input } as never);
    expectRefused(docs, move({ x: Infinity }), 'INVALID', 'x');
    expectRefused(docs, move({ y: '2' }), 'INVALID', 'y');
    expectRefused(docs, move({ x: null }), 'INVALID', 'y');
    expectRefused(docs, move({ cluster: 'c'.repeat(101) }), 'INVALID', 'cluster');
    expectRefused(docs, move({}, team.ctx('vera', 'viewer')), 'FORBIDDEN', 'asset_id');
    expectRefused(docs, move({ asset_id: 'nope' }), 'NOT_FOUND', 'asset_id');
    trashAsset(alice, { asset_id: id });
    expectRefused(team.docs(), move({}), 'NOT_FOUND', 'asset_id');
  });
});
