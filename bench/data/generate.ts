/**
 * A realistic generated team library (assets, lineage families with merges, collections, shares)
 * for benchmarks and randomized tests. Deterministic per seed. `writeLibrary` puts it into a room
 * doc the way the operations store records.
 */
import * as Y from 'yjs';
import { generateNKeysBetween } from 'fractional-indexing';
import { assetToYMap, setToYMap } from '../../src/lib/library/records/asset';
import type { VideoLineage } from '../../src/lib/library/records/lineage';
import type { VideoShare } from '../../src/lib/library/records/share';
import type { EvolutionType } from '../../src/lib/library/records/common';
import { assetsOf, collectionsOf, lineageOf, sharesOf } from '../../src/lib/library/schema';
import { pick, randomInt, seededRandom, zipfSampler } from './random';
import {
  CATEGORIES,
  ENGINES,
  HEAD_WORDS,
  MOODS,
  SCENE_TYPES,
  TAG_HEAD,
  tailWords,
} from './vocabulary';

export type AssetInput = Parameters<typeof assetToYMap>[0];

export interface CollectionInput {
  id: string;
  team_id: string;
  creator_id: string;
  name: string;
  description: string;
  collection_type: 'campaign' | 'series' | 'character_arc' | 'brand_kit' | 'universe';
  cover_image_url: string | null;
  tags: string[];
  category: string;
  share_level: 'private' | 'team' | 'public';
  created_at: string;
  updated_at: string;
  items: { asset_id: string; order_key: string; notes: string; added_at: string; added_by: string }[];
}

export interface GeneratedLibrary {
  teamId: string;
  users: { id: string; name: string }[];
  assets: AssetInput[];
  lineage: VideoLineage[];
  collections: CollectionInput[];
  shares: VideoShare[];
  /** The vocabulary by commonness (rank 1 first), for building honest query mixes. */
  words: string[];
  tags: string[];
}

export interface GenerateOptions {
  assets: number;
  seed?: number;
  teamId?: string;
  /** Distinct words in names and prompts; default scales with size (20k at 100k assets). */
  vocabulary?: number;
}

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);
const EVOLUTIONS: EvolutionType[] = ['duplicate', 'remix', 'evolve', 'extend', 'variation'];
const COLLECTION_TYPES = ['campaign', 'series', 'character_arc', 'brand_kit', 'universe'] as const;

const id = (prefix: string, n: number) => `${prefix}${n.toString(36).padStart(5, '0')}`;
const iso = (ms: number) => new Date(ms).toISOString();
const title = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** Generates a library; `assets` is the number of assets, everything else scales with it. */
export function generateLibrary(options: GenerateOptions): GeneratedLibrary {
  const random = seededRandom(options.seed ?? 1);
  const teamId = options.teamId ?? 'team1';
  const n = options.assets;
  const vocabularySize = options.vocabulary ?? Math.max(2000, Math.round(n / 5));
  const words = [...HEAD_WORDS, ...tailWords(vocabularySize - HEAD_WORDS.length, 7, HEAD_WORDS)];
  const tags = [...TAG_HEAD, ...tailWords(Math.max(200, Math.round(n / 60)), 11, TAG_HEAD)];
  const word = zipfSampler(random, words, 1.0);
  const tag = zipfSampler(random, tags, 1.1);
  const category = zipfSampler(random, CATEGORIES, 1.2);
  const mood = zipfSampler(random, MOODS, 0.8);
  const half = Math.floor(words.length / 2);
  const users = Array.from({ length: Math.max(5, Math.round(n / 500)) }, (_, i) => ({
    id: id('u', i),
    name: `${title(pick(random, words.slice(200, half)))} ${title(pick(random, words.slice(half)))}`,
  }));
  const creator = zipfSampler(random, users, 1.0);

  const assets: AssetInput[] = [];
  const lineage: VideoLineage[] = [];
  const phrase = (min: number, max: number) =>
    Array.from({ length: randomInt(random, min, max) }, word).join(' ');

  for (let i = 0; i < n; i++) {
    const createdMs = START + Math.floor((i / n) * 700 * DAY) + randomInt(random, 0, DAY);
    const assetId = id('a', i);
    const user = creator();
    const views: Record<string, number> = {};
    const viewers = randomInt(random, 0, 3);
    for (let v = 0; v < viewers; v++) views[pick(random, users).id] = randomInt(random, 1, 300);
    let parentId: string | null = null;
    let version = 1;
    let evolution: EvolutionType | null = null;
    let root: string | null = null;
    let prompt = phrase(8, 30);
    // About a third of clips come from an earlier one: families of chains and branches.
    if (i > 10 && random() < 0.33) {
      const parentIndex = Math.max(0, i - randomInt(random, 1, Math.min(i, 400)));
      const parent = assets[parentIndex]!;
      parentId = parent.id;
      version = parent.metadata.lineage_version + 1;
      evolution = pick(random, EVOLUTIONS);
      root = String(parent.metadata.lineage_root_id ?? parent.id);
      prompt = evolution === 'duplicate' ? parent.prompt : `${parent.prompt} ${phrase(2, 6)}`;
      const edge = (parentOf: string, isMerge: boolean): VideoLineage => ({
        id: id('l', lineage.length),
        parent_id: parentOf,
        child_id: assetId,
        evolution_type: evolution!,
        evolution_params: evolution === 'duplicate' ? {} : { seed: randomInt(random, 1, 1e6) },
        original_prompt: parent.prompt,
        evolved_prompt: prompt,
        prompt_delta: prompt.slice(parent.prompt.length).trim(),
        created_by: user.id,
        branch_name: random() < 0.5 ? 'main' : `${pick(random, HEAD_WORDS)}_version`,
        is_merge: isMerge,
        created_at: iso(createdMs),
      });
      // A few are merges of two parents.
      if (random() < 0.06 && parentIndex > 0) {
        const other = assets[randomInt(random, 0, parentIndex - 1)]!;
        lineage.push(edge(parent.id, true), edge(other.id, true));
      } else {
        lineage.push(edge(parent.id, false));
      }
    }
    const x = random() < 0.7 ? (random() - 0.5) * 2000 : null;
    assets.push({
      id: assetId,
      team_id: teamId,
      creator_id: user.id,
      name: title(phrase(2, 4)),
      prompt,
      engine: pick(random, ENGINES),
      status: random() < 0.9 ? 'ready' : pick(random, ['draft', 'generating', 'failed'] as const),
      duration: Math.round((2 + random() * 58) * 10) / 10,
      width: 1920,
      height: 1080,
      thumbnail_url: `/blobs/thumb-${assetId}.jpg`,
      video_url: `/blobs/video-${assetId}.mp4`,
      thumbnail_sha256: null,
      video_sha256: null,
      tags: [...new Set(Array.from({ length: randomInt(random, 1, 6) }, tag))],
      category: category(),
      generation_params: { steps: randomInt(random, 20, 50), cfg: 7 },
      seed: randomInt(random, 1, 2 ** 31),
      created_at: iso(createdMs),
      updated_at: iso(createdMs + randomInt(random, 0, 30 * DAY)),
      trashed_at: random() < 0.02 ? iso(createdMs + DAY) : null,
      trashed_by: null,
      metadata: {
        mood: random() < 0.9 ? mood() : null,
        scene_type: random() < 0.9 ? pick(random, SCENE_TYPES) : null,
        lineage_root_id: root,
        parent_asset_id: parentId,
        lineage_version: version,
        lineage_branch: 'main',
        evolution_type: evolution,
        evolution_note: evolution && random() < 0.5 ? phrase(3, 8) : '',
        share_level: 'team',
        can_duplicate: true,
        can_remix: true,
        used_in_projects: randomInt(random, 0, 3),
        constellation_x: x,
        constellation_y: x === null ? null : (random() - 0.5) * 2000,
        constellation_cluster: x === null ? null : `${tag()}_cluster`,
        views,
        created_at: iso(createdMs),
        updated_at: iso(createdMs),
      },
    });
  }

  const collections: CollectionInput[] = [];
  for (let c = 0; c < Math.max(3, Math.round(n / 100)); c++) {
    const size = randomInt(random, 3, 40);
    const keys = generateNKeysBetween(null, null, size);
    const members = new Set<string>();
    while (members.size < Math.min(size, n)) members.add(assets[randomInt(random, 0, n - 1)]!.id);
    const createdMs = START + randomInt(random, 0, 700 * DAY);
    const owner = creator();
    collections.push({
      id: id('c', c),
      team_id: teamId,
      creator_id: owner.id,
      name: title(phrase(1, 3)),
      description: phrase(0, 12),
      collection_type: pick(random, COLLECTION_TYPES),
      cover_image_url: null,
      tags: [...new Set([tag(), tag()])],
      category: category(),
      share_level: 'team',
      created_at: iso(createdMs),
      updated_at: iso(createdMs),
      items: [...members].map((assetId, k) => ({
        asset_id: assetId,
        order_key: keys[k]!,
        notes: random() < 0.3 ? phrase(2, 8) : '',
        added_at: iso(createdMs + k * 1000),
        added_by: owner.id,
      })),
    });
  }

  const shares: VideoShare[] = [];
  for (let s = 0; s < Math.round(n / 50); s++) {
    const asset = pick(random, assets);
    const sharedMs = Date.parse(asset.created_at) + DAY;
    shares.push({
      id: id('s', s),
      asset_id: asset.id,
      shared_by: asset.creator_id,
      shared_with: pick(random, users).id,
      permission: pick(random, ['view', 'edit', 'admin'] as const),
      message: random() < 0.5 ? phrase(3, 8) : '',
      shared_at: iso(sharedMs),
      expires_at: random() < 0.3 ? iso(sharedMs + 30 * DAY) : null,
    });
  }
  return { teamId, users, assets, lineage, collections, shares, words, tags };
}

export function collectionToYMap(collection: CollectionInput): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  const { items, tags, ...scalars } = collection;
  for (const [key, value] of Object.entries(scalars)) map.set(key, value);
  map.set('tags', setToYMap(tags));
  const itemsMap = new Y.Map<unknown>();
  for (const { asset_id, ...item } of items) {
    const itemMap = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(item)) itemMap.set(key, value);
    itemsMap.set(asset_id, itemMap);
  }
  map.set('items', itemsMap);
  return map;
}

export function plainToYMap(record: object): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(record)) map.set(key, value);
  return map;
}

/** Writes a generated library into a team room doc, in transactions of `batch` records. */
export function writeLibrary(doc: Y.Doc, library: GeneratedLibrary, batch = 5000): void {
  const chunks = <T>(list: readonly T[], write: (item: T) => void) => {
    for (let i = 0; i < list.length; i += batch) {
      doc.transact(() => list.slice(i, i + batch).forEach(write));
    }
  };
  chunks(library.assets, (asset) => assetsOf(doc).set(asset.id, assetToYMap(asset)));
  chunks(library.lineage, (edge) => lineageOf(doc).set(edge.id, plainToYMap(edge)));
  chunks(library.collections, (c) => collectionsOf(doc).set(c.id, collectionToYMap(c)));
  chunks(library.shares, (share) => sharesOf(doc).set(share.id, plainToYMap(share)));
}
