/**
 * The demo library's content, written through the library core like any client would: clips in
 * five themed clusters (tags, categories and moods that belong together, placed near each other
 * on the constellation), lineage trees several levels deep with remixes, extensions, evolutions
 * and branches, collections of every type, shares and a few public and private clips.
 */
import type { LibraryContext } from '../src/lib/library/context';
import {
  addToCollection,
  createAsset,
  createCollection,
  duplicateAsset,
  evolveAsset,
  extendAsset,
  recordView,
  remixAsset,
  shareAsset,
  updateAsset,
  updateConstellationPosition,
} from '../src/lib/library/ops/index';
import { COLLECTION_TYPES } from '../src/lib/library/records/collection';

export interface StoredClip {
  video_sha256: string;
  thumbnail_sha256: string;
  duration: number;
  width: number;
  height: number;
  source: string;
}

export interface DemoPeople {
  /** Contexts by username (each over the team room and that user's private room). */
  ctx: (username: string) => LibraryContext;
  idOf: (username: string) => string;
  writers: string[];
  viewers: string[];
}

const CLUSTERS = [
  {
    category: 'nature',
    mood: 'calm',
    scene: 'landscape',
    tags: ['ocean', 'waves', 'blue hour', 'drone'],
    subjects: ['Tidal pools at dusk', 'Fog over the fjord', 'Kelp forest drift', 'Glacier calving'],
  },
  {
    category: 'sci-fi',
    mood: 'mysterious',
    scene: 'establishing',
    tags: ['space', 'neon', 'future', 'city'],
    subjects: ['Orbital market', 'Neon rain alley', 'Derelict station', 'Signal from Europa'],
  },
  {
    category: 'product',
    mood: 'energetic',
    scene: 'close-up',
    tags: ['brand', 'launch', 'logo', 'sneaker'],
    subjects: ['Sneaker launch spin', 'Logo sting', 'Bottle splash', 'Headphones reveal'],
  },
  {
    category: 'character',
    mood: 'dramatic',
    scene: 'character',
    tags: ['hero', 'portrait', 'cinematic'],
    subjects: ['Hero introduction', 'The archivist', 'Runner at dawn', 'Captain’s farewell'],
  },
  {
    category: 'abstract',
    mood: 'playful',
    scene: 'abstract',
    tags: ['pattern', 'loop', 'generative', 'colour'],
    subjects: ['Cellular bloom', 'Fractal dive', 'Colour field loop', 'Game of life garden'],
  },
] as const;

const ENGINES = ['runway-gen3', 'pika-1.5', 'sora', 'kling-1.6', 'luma-dream'];

export interface DemoSummary {
  assets: number;
  lineageEdges: number;
  collections: number;
  shares: number;
}

export function buildDemoLibrary(
  people: DemoPeople,
  clips: StoredClip[],
  onUse: (clip: StoredClip, username: string) => void,
): DemoSummary {
  let clipIndex = 0;
  const nextClip = (username: string): StoredClip => {
    const clip = clips[clipIndex++ % clips.length]!;
    onUse(clip, username);
    return clip;
  };
  const media = (clip: StoredClip) => ({
    video_sha256: clip.video_sha256,
    video_url: `/api/blobs/${clip.video_sha256}`,
    thumbnail_sha256: clip.thumbnail_sha256,
    thumbnail_url: `/api/blobs/${clip.thumbnail_sha256}`,
    duration: clip.duration,
    width: clip.width,
    height: clip.height,
  });
  const writer = (i: number): string => people.writers[i % people.writers.length]!;
  const clusterOf = new Map<string, number>();
  const roots: string[] = [];
  let edges = 0;

  // Roots: four subjects per cluster, a few private or public.
  CLUSTERS.forEach((cluster, c) => {
    cluster.subjects.forEach((subject, s) => {
      const i = c * 4 + s;
      const user = writer(i);
      const clip = nextClip(user);
      const shareLevel = i % 9 === 4 ? 'private' : i % 7 === 3 ? 'public' : 'team';
      const { asset_id } = createAsset(people.ctx(user), {
        name: subject,
        prompt: `${subject}, ${cluster.mood} ${cluster.scene} shot, ${cluster.tags.slice(0, 2).join(' and ')}, rendered from ${clip.source}`,
        engine: ENGINES[i % ENGINES.length]!,
        status: 'ready',
        ...media(clip),
        tags: [...cluster.tags.slice(0, 2 + (i % 3)), ...(i % 4 === 0 ? ['featured'] : [])],
        category: cluster.category,
        mood: cluster.mood,
        scene_type: cluster.scene,
        seed: 1000 + i * 17,
        generation_params: { cfg: 6 + (i % 4), steps: 24 + (i % 3) * 8, source: clip.source },
        share_level: shareLevel,
      });
      clusterOf.set(asset_id, c);
      if (shareLevel !== 'private') roots.push(asset_id);
    });
  });

  // Lineage: trees several levels deep, with branches, on five of the roots.
  const render = (user: string, id: string): void => {
    updateAsset(people.ctx(user), { asset_id: id, status: 'ready', ...media(nextClip(user)) });
  };
  const grow = (rootId: string, t: number): void => {
    const a = writer(t);
    const b = writer(t + 1);
    const remix = remixAsset(people.ctx(a), {
      asset_id: rootId,
      new_prompt: 'the same scene at night, rain on the lens',
      evolution_note: 'Night version for the teaser',
    }).remix_id;
    render(a, remix);
    const extended = extendAsset(people.ctx(b), {
      asset_id: remix,
      evolution_note: 'Four more seconds for the end card',
    }).asset_id;
    render(b, extended);
    const evolved = evolveAsset(people.ctx(a), {
      asset_id: extended,
      new_prompt: 'slower camera, warmer grade',
      branch_name: 'warm-grade',
    }).asset_id;
    if (t % 2 === 0) render(a, evolved);
    const branch = remixAsset(people.ctx(b), {
      asset_id: rootId,
      new_prompt: 'black and white, film grain, 4:3',
      branch_name: 'noir',
      evolution_note: 'Alternative look for the festival cut',
    }).remix_id;
    render(b, branch);
    const deeper = remixAsset(people.ctx(a), {
      asset_id: branch,
      new_prompt: 'noir, with a single red accent',
      branch_name: 'noir',
    }).remix_id;
    if (t % 2 === 1) render(a, deeper);
    duplicateAsset(people.ctx(b), { asset_id: remix });
    edges += 6;
    for (const id of [remix, extended, evolved, branch, deeper]) {
      clusterOf.set(id, clusterOf.get(rootId) ?? 0);
    }
  };
  // One tree per cluster, and a second in the first.
  [0, 4, 8, 12, 16, 2].forEach((r, t) => grow(roots[r % roots.length]!, t));

  // Constellation: each clip in its theme's cluster; the map's layout places it there.
  const owner = people.writers[0]!;
  for (const [id, c] of clusterOf) {
    try {
      updateConstellationPosition(people.ctx(owner), {
        asset_id: id,
        x: null,
        y: null,
        cluster: CLUSTERS[c]!.category,
      });
    } catch {
      // A private clip of someone else: its owner places it.
    }
  }

  // Collections: one of every type, plus a second campaign.
  const names: Record<(typeof COLLECTION_TYPES)[number], string> = {
    campaign: 'Spring launch campaign',
    series: 'Ocean series',
    character_arc: 'The hero’s arc',
    brand_kit: 'Brand kit — motion',
    universe: 'Europa universe',
  };
  let collections = 0;
  COLLECTION_TYPES.forEach((type, k) => {
    const user = writer(k);
    const { collection_id } = createCollection(people.ctx(user), {
      name: names[type],
      description: `Demo ${type.replace('_', ' ')} collection`,
      collection_type: type,
      tags: [...CLUSTERS[k]!.tags.slice(0, 2)],
      category: CLUSTERS[k]!.category,
    });
    collections++;
    for (const id of roots.filter((r) => clusterOf.get(r) === k).concat(roots.slice(k, k + 2))) {
      try {
        addToCollection(people.ctx(user), { collection_id, asset_id: id });
      } catch {
        // Already in it.
      }
    }
  });

  // Shares: view and edit, one expiring next month; views from everyone.
  let shares = 0;
  const ownerCtx = people.ctx(owner);
  for (const [i, viewer] of people.viewers.entries()) {
    shareAsset(ownerCtx, {
      asset_id: roots[i]!,
      shared_with: people.idOf(viewer),
      permission: 'view',
      message: 'Have a look at this one before Friday',
      expires_at: i === 0 ? new Date(Date.now() + 30 * 86_400_000).toISOString() : null,
    });
    shares++;
  }
  shareAsset(ownerCtx, {
    asset_id: roots[2]!,
    shared_with: people.idOf(people.viewers[0]!),
    permission: 'edit',
    message: 'Please fix the title card',
  });
  shares++;
  roots.forEach((id, i) => {
    for (let v = 0; v < (i * 5) % 7; v++) recordView(people.ctx(writer(v)), { asset_id: id });
  });

  return { assets: clusterOf.size, lineageEdges: edges, collections, shares };
}
