/**
 * Builds room docs for query tests by writing records the way the operations store them, so
 * these tests do not depend on the operations.
 */
import * as Y from 'yjs';
import { assetToYMap, setToYMap } from '../../../src/lib/library/records/asset';
import type { VideoLineage } from '../../../src/lib/library/records/lineage';
import type { VideoShare } from '../../../src/lib/library/records/share';
import type { LibraryRoom } from '../../../src/lib/library/context';
import { assetsOf, collectionsOf, lineageOf, sharesOf } from '../../../src/lib/library/schema';
import { LibraryIndex } from '../../../src/lib/library/live';
import {
  collectionToYMap,
  plainToYMap,
  type AssetInput,
  type CollectionInput,
} from '../../../bench/data/generate';

export const T0 = '2025-06-01T12:00:00.000Z';

export type AssetOverrides = Partial<Omit<AssetInput, 'metadata'>> & {
  metadata?: Partial<AssetInput['metadata']>;
};

export function assetRecord(id: string, overrides: AssetOverrides = {}): AssetInput {
  const { metadata, ...rest } = overrides;
  return {
    id,
    team_id: 'team1',
    creator_id: 'u1',
    name: `Clip ${id}`,
    prompt: '',
    engine: 'runway',
    status: 'ready',
    duration: 10,
    width: 1920,
    height: 1080,
    thumbnail_url: `/t/${id}.jpg`,
    video_url: null,
    thumbnail_sha256: null,
    video_sha256: null,
    tags: [],
    category: 'marketing',
    generation_params: {},
    seed: null,
    created_at: T0,
    updated_at: T0,
    trashed_at: null,
    trashed_by: null,
    ...rest,
    metadata: {
      mood: null,
      scene_type: null,
      lineage_root_id: null,
      parent_asset_id: null,
      lineage_version: 1,
      lineage_branch: 'main',
      evolution_type: null,
      evolution_note: '',
      share_level: 'team',
      can_duplicate: true,
      can_remix: true,
      used_in_projects: 0,
      constellation_x: null,
      constellation_y: null,
      constellation_cluster: null,
      views: {},
      created_at: T0,
      updated_at: T0,
      ...metadata,
    },
  };
}

export function edgeRecord(
  id: string,
  parentId: string,
  childId: string,
  overrides: Partial<VideoLineage> = {},
): VideoLineage {
  return {
    id,
    parent_id: parentId,
    child_id: childId,
    evolution_type: 'duplicate',
    evolution_params: {},
    original_prompt: '',
    evolved_prompt: '',
    prompt_delta: '',
    created_by: 'u1',
    branch_name: 'main',
    is_merge: false,
    created_at: T0,
    ...overrides,
  };
}

export function collectionRecord(
  id: string,
  items: { asset_id: string; order_key: string; notes?: string }[],
  overrides: Partial<Omit<CollectionInput, 'items'>> = {},
): CollectionInput {
  return {
    id,
    team_id: 'team1',
    creator_id: 'u1',
    name: `Collection ${id}`,
    description: '',
    collection_type: 'campaign',
    cover_image_url: null,
    tags: [],
    category: 'marketing',
    share_level: 'team',
    created_at: T0,
    updated_at: T0,
    ...overrides,
    items: items.map((item) => ({ notes: '', added_at: T0, added_by: 'u1', ...item })),
  };
}

export function shareRecord(id: string, assetId: string, overrides: Partial<VideoShare> = {}) {
  return {
    id,
    asset_id: assetId,
    shared_by: 'u1',
    shared_with: 'u2',
    permission: 'view' as const,
    message: '',
    shared_at: T0,
    expires_at: null,
    ...overrides,
  };
}

/** A room doc with helpers that each write in one transaction. */
export class RoomBuilder {
  readonly doc = new Y.Doc();
  constructor(readonly name = 'team/team1') {}

  get room(): LibraryRoom {
    const kind = this.name.slice(0, this.name.indexOf('/')) as LibraryRoom['kind'];
    return { name: this.name, kind, doc: this.doc, writable: true };
  }

  asset(id: string, overrides: AssetOverrides = {}): this {
    this.doc.transact(() => assetsOf(this.doc).set(id, assetToYMap(assetRecord(id, overrides))));
    return this;
  }

  edge(id: string, parentId: string, childId: string, overrides: Partial<VideoLineage> = {}): this {
    this.doc.transact(() =>
      lineageOf(this.doc).set(id, plainToYMap(edgeRecord(id, parentId, childId, overrides))),
    );
    return this;
  }

  collection(
    id: string,
    items: { asset_id: string; order_key: string; notes?: string }[],
    overrides: Partial<Omit<CollectionInput, 'items'>> = {},
  ): this {
    this.doc.transact(() =>
      collectionsOf(this.doc).set(id, collectionToYMap(collectionRecord(id, items, overrides))),
    );
    return this;
  }

  share(id: string, assetId: string, overrides: Partial<VideoShare> = {}): this {
    this.doc.transact(() =>
      sharesOf(this.doc).set(id, plainToYMap(shareRecord(id, assetId, overrides))),
    );
    return this;
  }

  /** Sets one field of an asset (nested under `metadata` when `inMetadata`). */
  setAssetField(id: string, key: string, value: unknown, inMetadata = false): this {
    this.doc.transact(() => {
      const asset = assetsOf(this.doc).get(id) as Y.Map<unknown>;
      const target = inMetadata ? (asset.get('metadata') as Y.Map<unknown>) : asset;
      target.set(key, value);
    });
    return this;
  }

  setTags(id: string, tags: string[]): this {
    this.doc.transact(() =>
      (assetsOf(this.doc).get(id) as Y.Map<unknown>).set('tags', setToYMap(tags)),
    );
    return this;
  }

  index(): LibraryIndex {
    return new LibraryIndex([this.room]);
  }
}
