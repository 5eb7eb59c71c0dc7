import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { LibraryIndex } from '../../../src/lib/library/live/library-index';
import { createAsset } from '../../../src/lib/library/ops/assets';
import {
  duplicateAsset,
  extendAsset,
  mergeAssets,
  remixAsset,
} from '../../../src/lib/library/ops/lineage';
import { lineageOf } from '../../../src/lib/library/schema';
import {
  branchMembers,
  buildFamily,
  descendantsOf,
  type FamilyAsset,
  type FamilyEdge,
  type FamilySource,
} from '../../../src/lib/components/lineage/family';
import { indexSource } from '../../../src/lib/components/lineage/source';
import {
  lineageScopeIds,
  lineageScopeQuery,
  parseLineageScope,
} from '../../../src/lib/components/lineage/scope';
import { badgeOf } from '../../../src/lib/components/lineage/badges';
import { diffCounts, promptDiff } from '../../../src/lib/components/lineage/prompt-diff';
import { TestTeam } from '../helpers/library';

function setup() {
  const team = new TestTeam();
  const ctx = team.ctx('alice', 'editor');
  const index = new LibraryIndex(ctx.rooms);
  const source = indexSource(index);
  const origin = createAsset(ctx, { name: 'Hero', prompt: 'hero on a hill at night' }).asset_id;
  return { team, ctx, index, source, origin };
}

function depthOf(family: NonNullable<ReturnType<typeof buildFamily>>): number {
  let deepest = 0;
  for (const node of family.nodes.values()) deepest = Math.max(deepest, node.depth);
  return deepest;
}

describe('family tree from the live index', () => {
  test('a chain of 200 duplicates is one line, root to the newest, from any point of it', () => {
    const { ctx, source, origin } = setup();
    const chain = [origin];
    for (let i = 0; i < 200; i++) {
      chain.push(duplicateAsset(ctx, { asset_id: chain.at(-1)! }).duplicate_id);
    }
    const fromMiddle = buildFamily(source, chain[120]!)!;
    expect(fromMiddle.root.id).toBe(origin);
    expect(fromMiddle.nodes.size).toBe(201);
    expect(depthOf(fromMiddle)).toBe(200);
    expect(fromMiddle.ancestors).toEqual(chain.slice(0, 120));
    expect(fromMiddle.focus.asset.lineage_version).toBe(121);
    expect(badgeOf(fromMiddle.focus)).toBe('duplicate');
    expect(badgeOf(fromMiddle.root)).toBe('origin');
    expect(descendantsOf(source, chain[190]!)).toEqual(chain.slice(191));
  });

  test('one parent with 300 remixes: every child is a direct child, in a stable order', () => {
    const { ctx, source, origin } = setup();
    const children = Array.from(
      { length: 300 },
      (_, i) => remixAsset(ctx, { asset_id: origin, new_prompt: `hero number ${i}` }).remix_id,
    );
    const family = buildFamily(source, children[7]!)!;
    expect(family.root.id).toBe(origin);
    expect(family.root.children.map((child) => child.id).sort()).toEqual([...children].sort());
    expect(family.root.children.every((child) => badgeOf(child) === 'remix')).toBe(true);
    const again = buildFamily(source, origin)!;
    expect(again.root.children.map((c) => c.id)).toEqual(family.root.children.map((c) => c.id));
  });

  test('a merge of three parents hangs under its first parent and links the others', () => {
    const { ctx, source, origin } = setup();
    const a = remixAsset(ctx, { asset_id: origin, new_prompt: 'hero at dawn' }).remix_id;
    const b = extendAsset(ctx, { asset_id: origin }).asset_id;
    const c = duplicateAsset(ctx, { asset_id: origin }).duplicate_id;
    const merged = mergeAssets(ctx, {
      parent_ids: [a, b, c],
      new_prompt: 'hero at dawn, longer',
    }).asset_id;
    const family = buildFamily(source, merged)!;
    const node = family.nodes.get(merged)!;
    expect(family.nodes.size).toBe(5);
    expect(badgeOf(node)).toBe('merge');
    expect(node.otherParents).toHaveLength(2);
    expect(family.extraLinks).toHaveLength(2);
    expect([node.edge!.parent_id, ...node.otherParents.map((e) => e.parent_id)].sort()).toEqual(
      [a, b, c].sort(),
    );
    expect(descendantsOf(source, b)).toEqual([merged]);
  });

  test('edges that close a cycle (written concurrently by peers) are ignored', () => {
    const { team, ctx, index, source, origin } = setup();
    const child = duplicateAsset(ctx, { asset_id: origin }).duplicate_id;
    const grandchild = duplicateAsset(ctx, { asset_id: child }).duplicate_id;
    // A peer's edge grandchild → origin arrives: the core keeps the tree, the view too.
    const edge = new Y.Map<unknown>();
    const fields: FamilyEdge & Record<string, unknown> = {
      id: 'zzzz-cycle',
      parent_id: grandchild,
      child_id: origin,
      evolution_type: 'remix',
      evolution_params: {},
      original_prompt: '',
      evolved_prompt: '',
      prompt_delta: '',
      created_by: 'alice',
      branch_name: 'main',
      is_merge: false,
      created_at: '2026-01-01T10:00:00.000Z',
    };
    for (const [key, value] of Object.entries(fields)) edge.set(key, value);
    lineageOf(team.teamDoc).set('zzzz-cycle', edge);
    expect(index.lineage.isAccepted('zzzz-cycle')).toBe(false);
    const family = buildFamily(source, grandchild)!;
    expect(family.root.id).toBe(origin);
    expect([...family.nodes.keys()]).toEqual([origin, child, grandchild]);
  });

  test('branch members share the branch name; descendants follow every path', () => {
    const { ctx, source, origin } = setup();
    const sunset = remixAsset(ctx, {
      asset_id: origin,
      new_prompt: 'hero on a hill at sunset',
      branch_name: 'sunset',
    }).remix_id;
    const sunset2 = extendAsset(ctx, { asset_id: sunset, branch_name: 'sunset' }).asset_id;
    const main = duplicateAsset(ctx, { asset_id: origin }).duplicate_id;
    const family = buildFamily(source, sunset)!;
    expect(branchMembers(family, sunset).sort()).toEqual([sunset, sunset2].sort());
    expect(branchMembers(family, main).sort()).toEqual([origin, main].sort());
    expect(descendantsOf(source, origin).sort()).toEqual([sunset, sunset2, main].sort());
  });
});

describe('family tree guards', () => {
  function plainSource(edges: [string, string][]): FamilySource {
    const asset = (id: string): FamilyAsset => ({
      id,
      name: id,
      thumbnail_url: null,
      mood: null,
      prompt: '',
      lineage_version: 1,
      lineage_branch: 'main',
      status: 'ready',
      trashed: false,
      can_duplicate: true,
      can_remix: true,
      creator_id: 'u',
      evolution_note: '',
    });
    const list: FamilyEdge[] = edges.map(([parent, child], i) => ({
      id: `e${i}`,
      parent_id: parent,
      child_id: child,
      evolution_type: 'remix',
      branch_name: 'main',
      is_merge: false,
      original_prompt: '',
      evolved_prompt: '',
    }));
    const ids = new Set(edges.flat());
    return {
      asset: (id) => (ids.has(id) ? asset(id) : undefined),
      parents: (id) => list.filter((e) => e.child_id === id),
      children: (id) => list.filter((e) => e.parent_id === id),
    };
  }

  test('a cyclic graph still builds a finite tree and reports the closing edge', () => {
    const source = plainSource([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
      ['c', 'd'],
    ]);
    const family = buildFamily(source, 'd')!;
    expect(family.nodes.size).toBe(4);
    expect(family.ignored.map((e) => `${e.parent_id}>${e.child_id}`)).toContain('c>a');
    expect(descendantsOf(source, 'a').sort()).toEqual(['b', 'c', 'd']);
  });

  test('a family larger than the limit is cut but keeps the focus and its line', () => {
    const edges: [string, string][] = [];
    for (let i = 0; i < 50; i++) edges.push(['root', `c${i}`]);
    edges.push(['c49', 'deep']);
    const family = buildFamily(plainSource(edges), 'deep', { maxNodes: 10 })!;
    expect(family.truncated).toBe(true);
    expect(family.nodes.has('deep')).toBe(true);
    expect(family.nodes.size).toBeLessThanOrEqual(10);
  });
});

describe('prompt delta', () => {
  test('shows added and removed words', () => {
    const parts = promptDiff('hero on a hill at night', 'hero on a mountain at sunset');
    expect(parts.filter((p) => p.kind === 'added').map((p) => p.text.trim())).toEqual([
      'mountain',
      'sunset',
    ]);
    expect(parts.filter((p) => p.kind === 'removed').map((p) => p.text.trim())).toEqual([
      'hill',
      'night',
    ]);
    expect(diffCounts(parts)).toEqual({ added: 2, removed: 2 });
  });
});

describe('lineage scope in the URL', () => {
  test('round-trips and refuses what is not an id', () => {
    const query = lineageScopeQuery({ id: 'abc-123', kind: 'branch' });
    expect(parseLineageScope(new URLSearchParams(query))).toEqual({
      id: 'abc-123',
      kind: 'branch',
    });
    expect(parseLineageScope(new URLSearchParams('family=a/b&scope=branch'))).toBeNull();
    expect(parseLineageScope(new URLSearchParams('family=x'))).toEqual({
      id: 'x',
      kind: 'descendants',
    });
  });

  test('resolves to the clips of the branch or of the descendants, live', () => {
    const { ctx, index, origin } = setup();
    const sunset = remixAsset(ctx, {
      asset_id: origin,
      new_prompt: 'sunset',
      branch_name: 'sunset',
    }).remix_id;
    const other = duplicateAsset(ctx, { asset_id: origin }).duplicate_id;
    expect([...lineageScopeIds(index, { id: origin, kind: 'descendants' })].sort()).toEqual(
      [origin, sunset, other].sort(),
    );
    expect([...lineageScopeIds(index, { id: sunset, kind: 'branch' })]).toEqual([sunset]);
    const later = extendAsset(ctx, { asset_id: sunset, branch_name: 'sunset' }).asset_id;
    expect([...lineageScopeIds(index, { id: sunset, kind: 'branch' })].sort()).toEqual(
      [sunset, later].sort(),
    );
    expect(lineageScopeIds(index, { id: 'missing', kind: 'branch' }).size).toBe(0);
  });
});
