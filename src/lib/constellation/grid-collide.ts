/**
 * A collision force for d3-force on a uniform grid instead of a quadtree: stars all have the same
 * radius, so a counting sort into cells of one diameter finds every overlapping pair in O(n). It
 * is several times cheaper than `forceCollide` at 10k+ stars, which keeps the layout within its
 * time budget. Deterministic: cells and the stars inside them are visited in index order.
 */
import type { Force, SimulationNodeDatum } from 'd3-force';

export function gridCollide<N extends SimulationNodeDatum>(
  radius: number,
  strength = 0.7,
): Force<N, undefined> {
  let nodes: N[] = [];
  let cellStart = new Int32Array(0);
  let order = new Int32Array(0);
  let cellOf = new Int32Array(0);
  const diameter = radius * 2;

  function force(): void {
    const n = nodes.length;
    if (n === 0) return;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const node of nodes) {
      const x = node.x! + node.vx!;
      const y = node.y! + node.vy!;
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
    // Cells of one diameter, but never more cells than a few per star (far-flung pins).
    let size = diameter;
    while (((maxX - minX) / size + 1) * ((maxY - minY) / size + 1) > n * 4 + 64) size *= 2;
    const cols = Math.floor((maxX - minX) / size) + 1;
    const rows = Math.floor((maxY - minY) / size) + 1;
    const cells = cols * rows;
    if (cellStart.length < cells + 1) cellStart = new Int32Array(cells + 1);
    else cellStart.fill(0, 0, cells + 1);
    if (order.length < n) {
      order = new Int32Array(n);
      cellOf = new Int32Array(n);
    }
    for (let i = 0; i < n; i++) {
      const node = nodes[i]!;
      const col = Math.floor((node.x! + node.vx! - minX) / size);
      const row = Math.floor((node.y! + node.vy! - minY) / size);
      const cell = row * cols + col;
      cellOf[i] = cell;
      cellStart[cell + 1]!++;
    }
    for (let c = 0; c < cells; c++) cellStart[c + 1]! += cellStart[c]!;
    const fill = cellStart.slice(0, cells);
    for (let i = 0; i < n; i++) order[fill[cellOf[i]!]!++] = i;

    const limit = diameter * diameter;
    for (let i = 0; i < n; i++) {
      const a = nodes[i]!;
      const ax = a.x! + a.vx!;
      const ay = a.y! + a.vy!;
      const cell = cellOf[i]!;
      const col = cell % cols;
      const row = (cell - col) / cols;
      for (let dy = -1; dy <= 1; dy++) {
        const r = row + dy;
        if (r < 0 || r >= rows) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const c = col + dx;
          if (c < 0 || c >= cols) continue;
          const neighbour = r * cols + c;
          for (let k = cellStart[neighbour]!; k < cellStart[neighbour + 1]!; k++) {
            const j = order[k]!;
            if (j <= i) continue;
            const b = nodes[j]!;
            let x = ax - (b.x! + b.vx!);
            let y = ay - (b.y! + b.vy!);
            let distance2 = x * x + y * y;
            if (distance2 >= limit) continue;
            if (distance2 === 0) {
              // Coincident stars: separate them along a direction fixed by their indices.
              x = ((i * 7919 + j) % 17) - 8 || 1;
              y = ((j * 104729 + i) % 13) - 6 || 1;
              distance2 = x * x + y * y;
            }
            const distance = Math.sqrt(distance2);
            const push = ((diameter - distance) / distance) * strength * 0.5;
            x *= push;
            y *= push;
            const aFixed = a.fx != null;
            const bFixed = b.fx != null;
            if (!aFixed) {
              a.vx! += bFixed ? x * 2 : x;
              a.vy! += bFixed ? y * 2 : y;
            }
            if (!bFixed) {
              b.vx! -= aFixed ? x * 2 : x;
              b.vy! -= aFixed ? y * 2 : y;
            }
          }
        }
      }
    }
  }

  force.initialize = (next: N[]) => {
    nodes = next;
  };
  return force;
}
