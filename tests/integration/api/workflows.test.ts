/**
 * The spec's workflows 1–2 and constellation routes, and the asset, trash and collection routes
 * the spec assumes from earlier phases, run with a bearer token on the real server.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type TestServer } from '../harness';
import { lib, makeUser, newAsset, ok, type User } from './client';

let server: TestServer;
let ann: User;
let john: User;
const asset: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer();
  ann = await makeUser(server, 'ann', 'Studio', 'owner', 'Ann Lee');
  john = await makeUser(server, 'john', ann.teamId, 'editor', 'John Doe');
  const clips = [
    ['789', 'Hero Introduction', 15.0, 'hero,intro,cinematic', 'dramatic', 'wide'],
    ['790', 'Hero Leaves Home', 12.5, 'hero,journey', 'dramatic', 'tracking'],
    ['791', 'Dragon Reveal', 8.0, 'fantasy,action', 'intense', 'aerial'],
  ] as const;
  for (const [key, name, duration, tags, mood, sceneType] of clips) {
    asset[key] = await newAsset(server, ann, {
      name,
      prompt: `${name}, cinematic`,
      duration,
      tags,
      category: 'marketing',
      mood,
      scene_type: sceneType,
      thumbnail_url: `https://cdn.example/${key}.jpg`,
    });
  }
});

afterAll(async () => {
  await server?.stop();
});
describe('Workflow 1: campaign creation', () => {
  test('collection, three videos, reorder, share level, duplicate and remix', async () => {
    const created = await ok(server, ann, 'POST', '/collections/create', {
      team_id: ann.teamId,
      creator_id: ann.userId,
      name: 'Epic Quest Campaign',
      description: 'Marketing videos for the Epic Quest game launch',
      collection_type: 'campaign',
      tags: 'gaming,action,fantasy',
      category: 'marketing',
      share_level: 'team',
    });
    const id = created.collection_id;
    for (const key of ['789', '790', '791']) {
      await ok(server, ann, 'POST', `/collections/${id}/add-video`, {
        asset_id: asset[key],
        added_by: ann.userId,
      });
    }
    await ok(server, ann, 'POST', `/collections/${id}/reorder`, {
      asset_ids: [asset['791'], asset['789'], asset['790']],
    });
    const read = await ok(server, ann, 'GET', `/collections/${id}`);
    expect(read.videos.map((v: { asset_id: string }) => v.asset_id)).toEqual([
      asset['791'],
      asset['789'],
      asset['790'],
    ]);
    expect(read.videos.map((v: { order_index: number }) => v.order_index)).toEqual([0, 1, 2]);
    expect(read.collection).toMatchObject({
      description: 'Marketing videos for the Epic Quest game launch',
      video_count: 3,
      total_duration: 35.5,
    });

    const level = await ok(server, ann, 'POST', '/update-share-level', {
      asset_id: asset['791'],
      share_level: 'team',
    });
    expect(level).toMatchObject({ success: true, asset_id: asset['791'], share_level: 'team' });

    // The team reviews and remixes: John (an editor) makes variations.
    const variation = await ok(server, john, 'POST', '/duplicate', {
      asset_id: asset['791'],
      user_id: john.userId,
      branch_name: 'alternate_version',
    });
    const evolved = await ok(server, john, 'POST', '/remix', {
      asset_id: asset['791'],
      user_id: john.userId,
      new_prompt: 'Dragon reveal at sunset over the mountains',
      evolution_note: 'Changed lighting to sunset, added mountain setting',
      branch_name: 'sunset_version',
    });
    const team = await ok(server, ann, 'GET', `/collections/team/${ann.teamId}`);
    expect(team.collections.map((c: { id: string }) => c.id)).toContain(id);
    const tree = await ok(server, ann, 'GET', `/lineage/${asset['791']}`);
    expect(tree.descendants.map((d: { asset_id: string }) => d.asset_id).sort()).toEqual(
      [variation.duplicate_id, evolved.remix_id].sort(),
    );
  });
});

describe('Workflow 2: lineage evolution', () => {
  test('original → duplicate (v2) → remix (v3) → another member duplicates v3', async () => {
    const original = await newAsset(server, ann, {
      name: 'Original Hero Concept',
      prompt: 'A hero on a cliff',
      tags: 'hero',
    });
    const v2 = await ok(server, ann, 'POST', '/duplicate', { asset_id: original });
    expect(v2.lineage_version).toBe(2);
    const v3 = await ok(server, ann, 'POST', '/remix', {
      asset_id: v2.duplicate_id,
      new_prompt: 'A hero on a cliff at dawn',
      branch_name: 'dawn',
    });
    expect(v3.lineage_version).toBe(3);
    // Regenerating with UGI comes back as an evolve of v3.
    const regenerated = await ok(server, ann, 'POST', '/evolve', {
      asset_id: v3.remix_id,
      evolution_note: 'new video file generated',
    });
    expect(regenerated.lineage_version).toBe(4);
    const alt = await ok(server, john, 'POST', '/duplicate', {
      asset_id: v3.remix_id,
      branch_name: 'v3-alt',
    });
    const extended = await ok(server, john, 'POST', '/extend', {
      asset_id: alt.duplicate_id,
      evolution_note: 'Extended cut',
    });

    const tree = await ok(server, ann, 'GET', `/lineage/${v2.duplicate_id}`);
    expect(tree.current).toMatchObject({ asset_id: v2.duplicate_id, lineage_version: 2 });
    expect(tree.ancestors).toEqual([
      {
        asset_id: original,
        name: 'Original Hero Concept',
        evolution_type: 'duplicate',
        branch_name: 'main',
        lineage_version: 1,
      },
    ]);
    expect(tree.descendants).toHaveLength(1);
    const remixNode = tree.descendants[0];
    expect(remixNode).toMatchObject({
      asset_id: v3.remix_id,
      evolution_type: 'remix',
      branch_name: 'dawn',
      prompt_delta: expect.stringContaining('+dawn'),
    });
    const below = remixNode.children.map((n: { asset_id: string; evolution_type: string }) => [
      n.asset_id,
      n.evolution_type,
    ]);
    expect(below).toEqual(
      expect.arrayContaining([
        [regenerated.asset_id, 'evolve'],
        [alt.duplicate_id, 'duplicate'],
      ]),
    );
    const altNode = remixNode.children.find(
      (n: { asset_id: string }) => n.asset_id === alt.duplicate_id,
    );
    expect(altNode.branch_name).toBe('v3-alt');
    expect(altNode.children).toMatchObject([
      { asset_id: extended.asset_id, evolution_type: 'extend' },
    ]);
  });
});

describe('Constellation', () => {
  test('update a position, then the map shows it with its lineage edges', async () => {
    const { duplicate_id: copy } = await ok(server, ann, 'POST', '/duplicate', {
      asset_id: asset['789'],
    });
    const placed = await ok(server, ann, 'POST', '/constellation/update-position', {
      asset_id: asset['789'],
      x: 245.5,
      y: -120.3,
      cluster: 'fantasy_cluster',
    });
    expect(placed).toMatchObject({
      success: true,
      asset_id: asset['789'],
      x: 245.5,
      y: -120.3,
      cluster: 'fantasy_cluster',
    });
    const map = await ok(server, ann, 'GET', `/constellation/map?team_id=${ann.teamId}`);
    const star = map.nodes.find((n: { id: string }) => n.id === asset['789']);
    expect(star).toEqual({
      id: asset['789'],
      name: 'Hero Introduction',
      thumbnail_url: 'https://cdn.example/789.jpg',
      tags: ['cinematic', 'hero', 'intro'],
      category: 'marketing',
      mood: 'dramatic',
      scene_type: 'wide',
      x: 245.5,
      y: -120.3,
      cluster: 'fantasy_cluster',
      has_lineage: true,
      pinned: true,
    });
    const fromHero = map.edges.filter((e: { source: string }) => e.source === asset['789']);
    expect(fromHero).toEqual([{ source: asset['789'], target: copy, type: 'duplicate' }]);
    for (const edge of map.edges) {
      expect(Object.keys(edge).sort()).toEqual(['source', 'target', 'type']);
    }
  });
});

describe('Assets, trash and collections (from earlier phases)', () => {
  test('patch, view, trash, list the trash, restore', async () => {
    const id = await newAsset(server, ann, { name: 'Test clip', tags: ['a', 'b'] });
    const patched = await ok(server, ann, 'PATCH', `/assets/${id}`, {
      name: 'Renamed clip',
      tags: 'b,c',
      mood: 'calm',
    });
    expect(patched.changed.sort()).toEqual(['mood', 'name', 'tags']);
    const viewed = await ok(server, john, 'POST', `/assets/${id}/view`);
    expect(viewed.view_count).toBe(1);
    const details = await ok(server, ann, 'GET', `/assets/${id}`);
    expect(details.asset).toMatchObject({
      id,
      name: 'Renamed clip',
      tags: ['b', 'c'],
      team_id: ann.teamId,
      creator_id: ann.userId,
    });
    expect(details.asset.metadata).toMatchObject({ mood: 'calm', view_count: 1 });

    await ok(server, ann, 'DELETE', `/assets/${id}`);
    const trash = await ok(server, ann, 'GET', `/trash?team_id=${ann.teamId}`);
    expect(trash.results.map((r: { id: string }) => r.id)).toEqual([id]);
    const gone = await lib(server, ann, 'POST', '/search', { search_text: 'Renamed' });
    expect(gone.body.total).toBe(0);
    await ok(server, ann, 'POST', `/assets/${id}/restore`);
    const back = await ok(server, ann, 'POST', '/search', { search_text: 'Renamed' });
    expect(back.results.map((r: { id: string }) => r.id)).toEqual([id]);
  });

  test('update and delete a collection, remove a video', async () => {
    const { collection_id: id } = await ok(server, ann, 'POST', '/collections/create', {
      name: 'Draft reel',
    });
    await ok(server, ann, 'POST', `/collections/${id}/add-video`, { asset_id: asset['789'] });
    await ok(server, ann, 'POST', `/collections/${id}/remove-video`, { asset_id: asset['789'] });
    const updated = await ok(server, ann, 'PATCH', `/collections/${id}`, {
      name: 'Final reel',
      collection_type: 'series',
    });
    expect(updated.changed.sort()).toEqual(['collection_type', 'name']);
    const read = await ok(server, ann, 'GET', `/collections/${id}`);
    expect(read.collection).toMatchObject({ name: 'Final reel', type: 'series', video_count: 0 });
    await ok(server, ann, 'DELETE', `/collections/${id}`);
    expect((await lib(server, ann, 'GET', `/collections/${id}`)).status).toBe(404);
    // Deleting is a trash: restore brings it back, purge removes it for good.
    await ok(server, ann, 'POST', `/collections/${id}/restore`);
    expect((await ok(server, ann, 'GET', `/collections/${id}`)).collection.name).toBe('Final reel');
    await ok(server, ann, 'DELETE', `/collections/${id}`);
    await ok(server, ann, 'POST', `/collections/${id}/purge`);
    expect((await lib(server, ann, 'POST', `/collections/${id}/restore`)).status).toBe(404);
  });

  test('revoke a share', async () => {
    const id = await newAsset(server, ann, { name: 'Shared then not' });
    const { share_id: shareId } = await ok(server, ann, 'POST', '/share', {
      asset_id: id,
      shared_with: john.userId,
    });
    await ok(server, ann, 'POST', `/share/${shareId}/revoke`);
    expect((await ok(server, ann, 'GET', `/shares/${id}`)).shares).toEqual([]);
    const again = await ok(server, ann, 'POST', '/share', {
      asset_id: id,
      shared_with: john.userId,
    });
    await ok(server, ann, 'DELETE', `/shares/${again.share_id}`);
    expect((await ok(server, ann, 'GET', `/shares/${id}`)).shares).toEqual([]);
  });
});
