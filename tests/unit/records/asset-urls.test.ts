import { describe, expect, it } from 'vitest';
import { createAsset } from '../../../src/lib/library/ops/assets';
import { assetIn, TestTeam } from '../helpers/library';

const SHA = 'a'.repeat(64);
const THUMB = 'b'.repeat(64);

describe('file references by hash', () => {
  it('serves a clip stored by hash from the blob endpoint', () => {
    const team = new TestTeam();
    const ctx = team.ctx('alice', 'editor');
    const { asset_id } = createAsset(ctx, {
      name: 'Uploaded',
      video_sha256: SHA,
      thumbnail_sha256: THUMB,
    });
    const asset = assetIn(team.teamDoc, asset_id);
    expect(asset.video_url).toBe(`/api/blobs/${SHA}`);
    expect(asset.thumbnail_url).toBe(`/api/blobs/${THUMB}`);
  });

  it('keeps an explicit URL over the hash', () => {
    const team = new TestTeam();
    const ctx = team.ctx('alice', 'editor');
    const { asset_id } = createAsset(ctx, {
      name: 'Generated elsewhere',
      video_url: 'https://cdn.example/clip.mp4',
      video_sha256: SHA,
    });
    const asset = assetIn(team.teamDoc, asset_id);
    expect(asset.video_url).toBe('https://cdn.example/clip.mp4');
    expect(asset.thumbnail_url).toBeNull();
  });
});
