/**
 * Draws a {@link Scene} on a 2D canvas for one zoom transform. Only what is on screen is drawn;
 * stars of one colour go into one path (a few fills per frame, not one per star); tiny stars are
 * squares; labels appear by level of detail: regions always, clusters once they are big enough on
 * screen, star names only when zoomed in far enough for them not to collide.
 */
import { regionHue } from './colors';
import type { Cluster, Region } from './clusters';
import { STAR_RADIUS } from './scene';

/** What drawing needs of a scene: a Scene, or the plain copy the drawing worker holds. */
export interface Sky {
  readonly size: number;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** Index into `palette` per star. */
  readonly color: ArrayLike<number>;
  readonly palette: readonly string[];
  /** Lineage edges as pairs of star indices. */
  readonly edges: ArrayLike<number>;
  readonly stars: readonly { readonly name: string; readonly pinned: boolean }[];
  readonly clusters: readonly Cluster[];
  readonly regions: readonly Region[];
}

export interface Viewport {
  /** CSS pixels. */
  width: number;
  height: number;
  dpr: number;
  /** d3-zoom transform: screen = world * k + (x, y). */
  k: number;
  x: number;
  y: number;
  /** How many screens of area this draws (a cached layer is wider): scales the name budget. */
  nameScale?: number;
  /**
   * A star being moved (dragged, or nudged with the keys): left out of the static sky with its
   * edges, and drawn by the overlay, so moving it does not redraw every other star.
   */
  lifted?: number;
}

export interface Highlight {
  /** The star under the pointer, -1 for none; its lineage edges are drawn brighter. */
  hover: number;
  /** The star chosen with the keyboard, -1 for none; ringed in the accent colour. */
  focus: number;
  /** The star being moved (see Viewport.lifted), -1 for none. */
  lifted: number;
}

export const BACKGROUND = '#07090d';
const NAME_LIMIT = 400;

/** The radius stars are drawn with at zoom `k` (CSS pixels). */
export function starRadius(k: number): number {
  return Math.max(1.3, Math.min(STAR_RADIUS * k, 14));
}

/** The static sky: background, regions, lineage edges, stars, pins and labels. */
export function drawScene(ctx: CanvasRenderingContext2D, scene: Sky, view: Viewport): void {
  const { width, height, dpr, k } = view;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, width, height);
  // World bounds of the screen, with a margin so stars at the edge are not cut.
  const margin = 20 / k;
  const wx0 = -view.x / k - margin;
  const wy0 = -view.y / k - margin;
  const wx1 = (width - view.x) / k + margin;
  const wy1 = (height - view.y) / k + margin;
  const sx = (x: number) => x * k + view.x;
  const sy = (y: number) => y * k + view.y;

  drawRegions(ctx, scene, view, wx0, wy0, wx1, wy1);

  // Lineage edges: short ones (a family inside a cluster) faint, long ones across the map
  // fainter still so they do not veil the sky (the overlay brightens the hovered star's edges).
  if (scene.edges.length > 0) {
    ctx.lineWidth = 1;
    const short = new Path2D();
    const long = new Path2D();
    const longLimit = Math.min(width, height) * 0.25;
    const lifted = view.lifted ?? -1;
    const clip: [number, number] = [0, 1];
    for (let e = 0; e < scene.edges.length; e += 2) {
      const a = scene.edges[e]!;
      const b = scene.edges[e + 1]!;
      if (a === lifted || b === lifted) continue;
      const ax = scene.x[a]!;
      const ay = scene.y[a]!;
      const bx = scene.x[b]!;
      const by = scene.y[b]!;
      if (Math.max(ax, bx) < wx0 || Math.min(ax, bx) > wx1) continue;
      if (Math.max(ay, by) < wy0 || Math.min(ay, by) > wy1) continue;
      // Only the part on screen: rasterising a line costs by its length, off screen too.
      if (!clipSegment(ax, ay, bx, by, wx0, wy0, wx1, wy1, clip)) continue;
      const [t0, t1] = clip;
      const dx = bx - ax;
      const dy = by - ay;
      const isLong = Math.hypot(dx, dy) * k > longLimit;
      // A long edge that only passes through (both ends off screen) tells nothing here and
      // costs the most to draw: left out; the ones leaving a star on screen stay.
      if (isLong && t0 > 0 && t1 < 1) continue;
      const path = isLong ? long : short;
      path.moveTo(sx(ax + dx * t0), sy(ay + dy * t0));
      path.lineTo(sx(ax + dx * t1), sy(ay + dy * t1));
    }
    ctx.strokeStyle = 'rgba(150, 170, 255, 0.05)';
    ctx.stroke(long);
    ctx.strokeStyle = k < 0.3 ? 'rgba(150, 170, 255, 0.14)' : 'rgba(150, 170, 255, 0.28)';
    ctx.stroke(short);
  }

  // Stars, batched by colour.
  const r = starRadius(k);
  const square = r < 2.2;
  const visible: number[] = [];
  for (let i = 0; i < scene.size; i++) {
    const x = scene.x[i]!;
    const y = scene.y[i]!;
    if (x >= wx0 && x <= wx1 && y >= wy0 && y <= wy1 && i !== view.lifted) visible.push(i);
  }
  const byColor: number[][] = scene.palette.map(() => []);
  for (const i of visible) byColor[scene.color[i]!]!.push(i);
  byColor.forEach((stars, c) => {
    if (stars.length === 0) return;
    ctx.fillStyle = scene.palette[c]!;
    ctx.beginPath();
    for (const i of stars) {
      const x = sx(scene.x[i]!);
      const y = sy(scene.y[i]!);
      if (square) ctx.rect(x - r, y - r, r * 2, r * 2);
      else {
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, Math.PI * 2);
      }
    }
    ctx.fill();
  });

  // Pinned stars carry a thin ring once they are big enough to show it.
  if (r >= 3) {
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.75)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const i of visible) {
      if (!scene.stars[i]!.pinned) continue;
      const x = sx(scene.x[i]!);
      const y = sy(scene.y[i]!);
      ctx.moveTo(x + r + 2.5, y);
      ctx.arc(x, y, r + 2.5, 0, Math.PI * 2);
    }
    ctx.stroke();
  }

  drawClusterLabels(ctx, scene, view, wx0, wy0, wx1, wy1);

  // Star names once stars are far enough apart on screen.
  if (STAR_RADIUS * 3.5 * k >= 30 && visible.length <= NAME_LIMIT * (view.nameScale ?? 1)) {
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = 'rgba(230, 232, 238, 0.85)';
    // A label is drawn only where it overlaps no label drawn before it (rows of 14 px).
    const taken = new Map<number, [number, number][]>();
    const free = (row: number, x0: number, x1: number) =>
      !(taken.get(row) ?? []).some(([a, b]) => x0 < b && x1 > a);
    for (const i of visible) {
      const name = scene.stars[i]!.name;
      const text = name.length > 28 ? `${name.slice(0, 27)}…` : name;
      const x = sx(scene.x[i]!) + r + 4;
      const y = sy(scene.y[i]!);
      const x0 = x - r * 2 - 6;
      const x1 = x + ctx.measureText(text).width;
      const row = Math.floor(y / 14);
      const near = row + (y % 14 > 7 ? 1 : -1);
      if (!free(row, x0, x1) || !free(near, x0, x1)) continue;
      taken.set(row, [...(taken.get(row) ?? []), [x0, x1]]);
      ctx.fillText(text, x, y);
    }
  }
}

/**
 * What changes without the sky changing, drawn over it each frame: the hovered, the focused and
 * the moving star with their lineage edges bright.
 */
export function drawOverlay(
  ctx: CanvasRenderingContext2D,
  scene: Sky,
  view: Viewport,
  highlight: Highlight,
): void {
  const { dpr, k } = view;
  const sx = (i: number) => scene.x[i]! * k + view.x;
  const sy = (i: number) => scene.y[i]! * k + view.y;
  const r = starRadius(k);
  const marked = [highlight.hover, highlight.focus, highlight.lifted].filter(
    (i) => i >= 0 && i < scene.size,
  );
  if (marked.length === 0) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.strokeStyle = 'rgba(200, 215, 255, 0.9)';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  for (let e = 0; e < scene.edges.length; e += 2) {
    const a = scene.edges[e]!;
    const b = scene.edges[e + 1]!;
    if (!marked.includes(a) && !marked.includes(b)) continue;
    ctx.moveTo(sx(a), sy(a));
    ctx.lineTo(sx(b), sy(b));
  }
  ctx.stroke();
  const lifted = highlight.lifted;
  if (lifted >= 0 && lifted < scene.size) {
    ctx.fillStyle = scene.palette[scene.color[lifted]!]!;
    ctx.beginPath();
    ctx.arc(sx(lifted), sy(lifted), r, 0, Math.PI * 2);
    ctx.fill();
  }
  if (highlight.focus >= 0 && highlight.focus < scene.size) {
    const x = sx(highlight.focus);
    const y = sy(highlight.focus);
    // A dark halo under the accent ring keeps it visible over bright regions and crowded stars.
    ctx.lineWidth = 5;
    ctx.strokeStyle = 'rgba(7, 9, 13, 0.85)';
    ctx.beginPath();
    ctx.arc(x, y, r + 7, 0, Math.PI * 2);
    ctx.stroke();
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = '#ffc857';
    ctx.stroke();
  }
  if (highlight.hover >= 0 && highlight.hover < scene.size && highlight.hover !== highlight.focus) {
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(sx(highlight.hover), sy(highlight.hover), r + 5, 0, Math.PI * 2);
    ctx.stroke();
  }
}

/**
 * Clips the segment a→b to a box (Liang–Barsky): writes the parameters of the visible part into
 * `out` ([t0, t1] along a→b) and returns false when nothing of it is inside.
 */
export function clipSegment(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  out: [number, number],
): boolean {
  const dx = bx - ax;
  const dy = by - ay;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, ax - x0],
    [dx, x1 - ax],
    [-dy, ay - y0],
    [dy, y1 - ay],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
  }
  out[0] = t0;
  out[1] = t1;
  return true;
}

function drawRegions(
  ctx: CanvasRenderingContext2D,
  scene: Sky,
  view: Viewport,
  wx0: number,
  wy0: number,
  wx1: number,
  wy1: number,
): void {
  const { k } = view;
  for (const region of scene.regions) {
    if (region.x + region.r < wx0 || region.x - region.r > wx1) continue;
    if (region.y + region.r < wy0 || region.y - region.r > wy1) continue;
    const x = region.x * k + view.x;
    const y = region.y * k + view.y;
    const r = region.r * k;
    const hue = regionHue(region.category);
    const gradient = ctx.createRadialGradient(x, y, r * 0.2, x, y, r);
    gradient.addColorStop(0, `hsla(${hue}, 60%, 45%, 0.10)`);
    gradient.addColorStop(0.85, `hsla(${hue}, 60%, 40%, 0.07)`);
    gradient.addColorStop(1, `hsla(${hue}, 60%, 40%, 0)`);
    ctx.fillStyle = gradient;
    ctx.beginPath();
    ctx.arc(x, y, r, 0, Math.PI * 2);
    ctx.fill();
    ctx.strokeStyle = `hsla(${hue}, 50%, 60%, 0.16)`;
    ctx.lineWidth = 1;
    ctx.stroke();
    if (r < 24) continue;
    const size = Math.round(Math.max(11, Math.min(22, r / 9)));
    ctx.font = `600 ${size}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillStyle = `hsla(${hue}, 55%, 78%, 0.75)`;
    ctx.fillText(region.category.toUpperCase(), x, y - r - 4);
  }
}

function drawClusterLabels(
  ctx: CanvasRenderingContext2D,
  scene: Sky,
  view: Viewport,
  wx0: number,
  wy0: number,
  wx1: number,
  wy1: number,
): void {
  const { k } = view;
  ctx.font = '12px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (const cluster of scene.clusters) {
    const r = cluster.r * k;
    if (r < 45) continue;
    if (cluster.x < wx0 || cluster.x > wx1 || cluster.y < wy0 || cluster.y > wy1) continue;
    const x = cluster.x * k + view.x;
    const y = (cluster.y - cluster.r) * k + view.y + 10;
    const label = `#${cluster.tag}`;
    const w = ctx.measureText(label).width + 12;
    ctx.fillStyle = 'rgba(7, 9, 13, 0.7)';
    ctx.fillRect(x - w / 2, y - 9, w, 18);
    ctx.fillStyle = 'rgba(214, 222, 245, 0.9)';
    ctx.fillText(label, x, y);
  }
}
