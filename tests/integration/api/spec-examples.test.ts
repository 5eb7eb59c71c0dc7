/**
 * The spec's usage examples 1–4 and workflows 1–2, run as written with a bearer token added and
 * the spec's sample ids (123, 456, 789 …) replaced by the ids the server returned. Two values are
 * moved to the present: the search's December date range becomes the current month (assets are
 * created now) and the share's expiry "in 30 days" is counted from today.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type TestServer } from '../harness';
import { lib, makeUser, newAsset, ok, type User } from './client';

let server: TestServer;
let ann: User; // the spec's user 123, who creates
let john: User; // the spec's user 456, "John Doe"
const asset: Record<string, string> = {};

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

beforeAll(async () => {
  server = await startServer();
  ann = await makeUser(server, 'ann', 'Studio', 'owner', 'Ann Lee');
  john = await makeUser(server, 'john', ann.teamId, 'editor', 'John Doe');
  const heroes = [
    ['789', 'Hero Introduction', 15.0, 'hero,intro,cinematic', 'dramatic', 'wide', 'runway'],
    ['790', 'Hero Leaves Home', 12.5, ['hero', 'journey'], 'dramatic', 'tracking', 'pika'],
    ['791', 'Dragon Reveal', 8.0, 'fantasy,action', 'intense', 'aerial', 'luma'],
  ] as const;
  for (const [key, name, duration, tags, mood, sceneType, engine] of heroes) {
    asset[key] = await newAsset(server, ann, {
      team_id: ann.teamId,
      creator_id: ann.userId,
      name,
      prompt: `${name}, cinematic`,
      engine,
      duration,
      tags,
      category: 'marketing',
      mood,
      scene_type: sceneType,
      thumbnail_url: `https://cdn.example/${key}.jpg`,
      share_level: 'team',
    });
  }
});

afterAll(async () => {
  await server?.stop();
});

describe('Example 1: create a marketing campaign collection', () => {
  let collectionId: string;

  test('1. create the collection', async () => {
    const body = await ok(server, ann, 'POST', '/collections/create', {
      team_id: ann.teamId,
      creator_id: ann.userId,
      name: 'Epic Quest Launch',
      collection_type: 'campaign',
      tags: 'gaming,fantasy,launch',
    });
    expect(body).toMatchObject({ success: true, name: 'Epic Quest Launch', type: 'campaign' });
    expect(typeof body.collection_id).toBe('string');
    expect(body.created_at).toMatch(ISO);
    collectionId = body.collection_id;
  });

  test('2. add videos to the collection', async () => {
    const first = await ok(server, ann, 'POST', `/collections/${collectionId}/add-video`, {
      asset_id: asset['789'],
      order_index: 0,
      added_by: ann.userId,
    });
    expect(first).toMatchObject({ success: true, asset_id: asset['789'], order_index: 0 });
    const second = await ok(server, ann, 'POST', `/collections/${collectionId}/add-video`, {
      asset_id: asset['790'],
      order_index: 1,
      added_by: ann.userId,
    });
    expect(second).toMatchObject({ success: true, asset_id: asset['790'], order_index: 1 });
  });

  test('3. get the full collection', async () => {
    const body = await ok(server, ann, 'GET', `/collections/${collectionId}`);
    expect(body.collection).toMatchObject({
      id: collectionId,
      name: 'Epic Quest Launch',
      description: '',
      type: 'campaign',
      video_count: 2,
      total_duration: 27.5,
      cover_image_url: null,
      tags: 'fantasy,gaming,launch',
    });
    expect(body.collection.created_at).toMatch(ISO);
    expect(body.videos).toHaveLength(2);
    expect(body.videos[0]).toMatchObject({
      asset_id: asset['789'],
      name: 'Hero Introduction',
      thumbnail_url: 'https://cdn.example/789.jpg',
      duration: 15.0,
      // Tags are a set: they come back in alphabetical order.
      tags: 'cinematic,hero,intro',
      mood: 'dramatic',
      scene_type: 'wide',
      order_index: 0,
    });
    expect(body.videos[0].added_at).toMatch(ISO);
    expect(body.videos[1]).toMatchObject({ asset_id: asset['790'], order_index: 1 });
  });
});

describe('Example 2: advanced library search', () => {
  test('dramatic hero videos, 10–20 seconds, created this month, by views', async () => {
    const now = new Date();
    const month = now.toISOString().slice(0, 7);
    const lastDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0));
    const body = await ok(server, ann, 'POST', '/search', {
      team_id: ann.teamId,
      tags: ['hero'],
      moods: ['dramatic'],
      duration_min: 10.0,
      duration_max: 20.0,
      date_from: `${month}-01`,
      date_to: lastDay.toISOString().slice(0, 10),
      sort_by: 'views',
      page: 1,
      per_page: 10,
    });
    expect(body).toMatchObject({ success: true, total: 2, page: 1, per_page: 10, total_pages: 1 });
    const ids = body.results.map((row: { id: string }) => row.id).sort();
    expect(ids).toEqual([asset['789'], asset['790']].sort());
    const hero = body.results.find((row: { id: string }) => row.id === asset['789']);
    expect(hero).toMatchObject({
      id: asset['789'],
      name: 'Hero Introduction',
      thumbnail_url: 'https://cdn.example/789.jpg',
      duration: 15.0,
      tags: 'cinematic,hero,intro',
      category: 'marketing',
      mood: 'dramatic',
      scene_type: 'wide',
      view_count: 0,
      duplicate_count: 0,
      has_lineage: false,
    });
  });

  test('every filter of the spec at once, and the filters on offer', async () => {
    const body = await ok(server, ann, 'POST', '/search', {
      team_id: ann.teamId,
      tags: ['hero'],
      categories: ['marketing', 'content'],
      moods: ['dramatic', 'intense'],
      engines: ['runway', 'pika'],
      creators: [ann.userId],
      date_from: '2025-01-01',
      date_to: '2999-12-31',
      duration_min: 5.0,
      duration_max: 30.0,
      has_lineage: false,
      search_text: 'hero',
      sort_by: 'created',
      sort_order: 'desc',
      page: 1,
      per_page: 24,
    });
    expect(body.total).toBe(2);
    const filters = await ok(server, ann, 'GET', `/filters?team_id=${ann.teamId}`);
    expect(filters.filters).toMatchObject({
      tags: ['action', 'cinematic', 'fantasy', 'hero', 'intro', 'journey'],
      categories: ['marketing'],
      moods: ['dramatic', 'intense'],
      scene_types: ['aerial', 'tracking', 'wide'],
      engines: ['luma', 'pika', 'runway'],
    });
  });
});

describe('Example 3: duplicate and remix', () => {
  test('duplicate, remix the duplicate, then the full lineage tree', async () => {
    const duplicate = await ok(server, ann, 'POST', '/duplicate', {
      asset_id: asset['789'],
      user_id: ann.userId,
      branch_name: 'experiment_v1',
    });
    expect(duplicate).toMatchObject({ success: true, lineage_version: 2 });
    const remix = await ok(server, ann, 'POST', '/remix', {
      asset_id: duplicate.duplicate_id,
      user_id: ann.userId,
      new_prompt: 'Same scene but at night with moonlight',
      evolution_note: 'Converted to night scene',
      branch_name: 'night_version',
    });
    expect(remix).toMatchObject({
      success: true,
      message: 'Remix created - regenerate video with new prompt',
      lineage_version: 3,
    });
    expect(typeof remix.remix_id).toBe('string');

    const tree = await ok(server, ann, 'GET', `/lineage/${asset['789']}`);
    expect(tree.current).toEqual({
      asset_id: asset['789'],
      name: 'Hero Introduction',
      lineage_version: 1,
      lineage_branch: 'main',
    });
    expect(tree.ancestors).toEqual([]);
    expect(tree.descendants).toMatchObject([
      {
        asset_id: duplicate.duplicate_id,
        name: 'Hero Introduction (Copy)',
        evolution_type: 'duplicate',
        branch_name: 'experiment_v1',
        children: [
          {
            asset_id: remix.remix_id,
            name: 'Hero Introduction (Copy) (Remix)',
            evolution_type: 'remix',
            branch_name: 'night_version',
            children: [],
          },
        ],
      },
    ]);

    const search = await ok(server, ann, 'POST', '/search', {
      team_id: ann.teamId,
      search_text: 'Hero Introduction',
      sort_by: 'created',
      sort_order: 'asc',
    });
    const original = search.results.find((row: { id: string }) => row.id === asset['789']);
    expect(original).toMatchObject({ duplicate_count: 1, has_lineage: true });
    const details = await ok(server, ann, 'GET', `/assets/${remix.remix_id}`);
    expect(details.asset).toMatchObject({
      status: 'draft',
      prompt: 'Same scene but at night with moonlight',
    });
    expect(details.asset.metadata).toMatchObject({
      evolution_type: 'remix',
      evolution_note: 'Converted to night scene',
      parent_asset_id: duplicate.duplicate_id,
      lineage_root_id: asset['789'],
    });
  });
});

describe('Example 4: share a video with a team member', () => {
  test('share with edit permission for 30 days, then list the shares', async () => {
    const expires = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 19);
    const shared = await ok(server, ann, 'POST', '/share', {
      asset_id: asset['789'],
      shared_by: ann.userId,
      shared_with: john.userId,
      permission: 'edit',
      message: 'Please review this hero intro clip',
      expires_at: expires,
    });
    expect(shared).toMatchObject({
      success: true,
      shared_with: john.userId,
      shared_with_name: 'John Doe',
      permission: 'edit',
    });
    const list = await ok(server, ann, 'GET', `/shares/${asset['789']}`);
    expect(list.shares).toHaveLength(1);
    expect(list.shares[0]).toMatchObject({
      share_id: shared.share_id,
      shared_with_id: john.userId,
      shared_with_name: 'John Doe',
      permission: 'edit',
      message: 'Please review this hero intro clip',
      expires_at: expires,
    });
    expect(list.shares[0].shared_at).toMatch(ISO);
  });
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
    expect(fromHero).toEqual([expect.objectContaining({ type: 'duplicate' })]);
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
