/**
 * The in-browser half of `bench/browser-constellation.ts`, bundled with esbuild: the map's own
 * code (layout worker, Scene, ConstellationView with d3-zoom, canvas renderer) on a generated
 * library, without the app around it, so 50k stars can be measured without syncing a 90 MB doc.
 */
import { generateLibrary } from './data/generate';
import type { ConstellationMap } from '../src/lib/library/queries/constellation';
import type { LayoutInput, LayoutResult } from '../src/lib/constellation/layout';
import { Scene } from '../src/lib/constellation/scene';
import { ConstellationView } from '../src/lib/constellation/view';

declare global {
  interface Window {
    workerSource: string;
    skyWorkerSource: string;
    benchConstellation(n: number): Promise<ConstellationFigures>;
    benchPan(options: PanOptions): Promise<PanFigures>;
  }
}

/** The map as shipped (cached layer drawn by the worker), and without worker or cache. */
export interface PanOptions {
  layerCache: boolean;
  worker: boolean;
}

export interface PanFigures {
  /** Animation frames per second while the transform changes every frame. */
  fps: number;
  /** The map's own drawing per frame (JavaScript; rasterising follows in the browser). */
  drawMeanMs: number;
  drawP95Ms: number;
  /** The 95th percentile time between two animation frames. */
  frameP95Ms: number;
  /** Pictures of the sky drawn during the run on the main thread and by the worker. */
  mainPictures: number;
  workerPictures: number;
}

export interface ConstellationFigures {
  stars: number;
  edges: number;
  /** Posting the stars to the worker until its layout is back on the main thread. */
  settleMs: number;
  /** Inside the worker alone. */
  layoutMs: number;
  sceneMs: number;
  /** Pan and zoom, one transform change per animation frame (the map as shipped). */
  fps: number;
  drawMeanMs: number;
  drawP95Ms: number;
  /** Filled in by the Node side: the layout's CPU time there. */
  nodeCpuMs?: number;
  /** Filled in by the Node side: the same pan/zoom without the cached star layer... */
  uncachedFps?: number;
  uncachedDrawMeanMs?: number;
  /** ...and with the cache drawn on the main thread (no worker). */
  mainThreadFps?: number;
}

function mapOf(n: number): ConstellationMap {
  const library = generateLibrary({ assets: n, seed: 3 });
  return {
    nodes: library.assets.map((asset, i) => ({
      id: asset.id,
      name: asset.name,
      thumbnail_url: null,
      tags: [...asset.tags],
      category: asset.category,
      mood: asset.metadata.mood,
      scene_type: asset.metadata.scene_type,
      // About one star in forty pinned by hand, as a team would.
      pinned: i % 40 === 0,
      x: asset.metadata.constellation_x ?? 0,
      y: asset.metadata.constellation_y ?? 0,
      cluster: asset.tags[0] ?? asset.category,
      has_lineage: true,
    })),
    edges: library.lineage.map((edge) => ({
      source: edge.parent_id,
      target: edge.child_id,
      type: edge.evolution_type,
    })),
  };
}

const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

let prepared: { scene: Scene; figures: ConstellationFigures } | null = null;

window.benchConstellation = async (n: number): Promise<ConstellationFigures> => {
  const map = mapOf(n);
  const input: LayoutInput = {
    stars: map.nodes.map((node) => ({
      id: node.id,
      tags: node.tags,
      category: node.category,
      pinned: node.pinned ? { x: node.x, y: node.y } : null,
    })),
    edges: map.edges.map((edge) => [edge.source, edge.target] as const),
  };
  const worker = new Worker(URL.createObjectURL(new Blob([window.workerSource])));
  const started = performance.now();
  const answer = await new Promise<{ result: LayoutResult; ms: number }>((resolve) => {
    worker.onmessage = (event) => resolve(event.data as { result: LayoutResult; ms: number });
    worker.postMessage({ id: 1, input });
  });
  const settleMs = performance.now() - started;
  worker.terminate();

  const sceneStart = performance.now();
  const scene = new Scene(map, answer.result, null);
  const sceneMs = performance.now() - sceneStart;
  const figures: ConstellationFigures = {
    stars: n,
    edges: map.edges.length,
    settleMs,
    layoutMs: answer.ms,
    sceneMs,
    fps: 0,
    drawMeanMs: 0,
    drawP95Ms: 0,
  };
  prepared = { scene, figures };
  return figures;
};

/**
 * Pan and zoom over the scene prepared by `benchConstellation`: 180 animation frames of zooming
 * in, panning and zooming out (overview, mid and close levels of detail), one transform change
 * per frame. `layerCache: false` is the map as it was before the star layer was cached, and
 * `worker: false` the cache drawn on the main thread, so all can be compared in one run.
 */
window.benchPan = async (options: PanOptions): Promise<PanFigures> => {
  const { scene } = prepared!;
  document.body.innerHTML = '';
  const canvas = document.createElement('canvas');
  canvas.style.cssText = 'display:block;width:1400px;height:900px';
  document.body.append(canvas);
  const view = new ConstellationView(
    canvas,
    {
      hover: () => undefined,
      focus: () => undefined,
      open: () => undefined,
      pin: () => undefined,
      unpin: () => undefined,
      canPin: () => false,
    },
    {
      layerCache: options.layerCache,
      skyWorker: options.worker
        ? () => new Worker(URL.createObjectURL(new Blob([window.skyWorkerSource])))
        : undefined,
    },
  );
  view.setScene(scene);
  await frame();
  await frame();
  const probe = view.probe();
  const before = probe.pictures();
  const draws: number[] = [];
  const gaps: number[] = [];
  const steps = 180;
  const t0 = await frame();
  let last = t0;
  for (let i = 0; i < steps; i++) {
    if (i < 60) probe.zoomBy(1.03);
    else if (i < 120) probe.panBy(6, 3);
    else probe.zoomBy(1 / 1.03);
    const now = await frame();
    gaps.push(now - last);
    last = now;
    draws.push(probe.lastFrameMs());
  }
  const after = probe.pictures();
  view.destroy();
  draws.sort((a, b) => a - b);
  gaps.sort((a, b) => a - b);
  return {
    fps: (steps * 1000) / (last - t0),
    drawMeanMs: draws.reduce((sum, ms) => sum + ms, 0) / draws.length,
    drawP95Ms: draws[Math.floor(draws.length * 0.95)]!,
    frameP95Ms: gaps[Math.floor(gaps.length * 0.95)]!,
    mainPictures: after.main - before.main,
    workerPictures: after.worker - before.worker,
  };
};
