/**
 * The spec's usage examples 1–4 (the workflows are in workflows.test.ts), run as written with a
 * bearer token added and the spec's sample ids (123, 456, 789 …) replaced by the ids the server
 * returned. Two values are moved to the present: the search's December date range becomes the
 * current month (assets are created now) and the share's expiry "in 30 days" counts from today.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type TestServer } from '../harness';
import { makeUser, newAsset, ok, type User } from './client';

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
