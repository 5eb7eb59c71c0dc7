/**
 * Positions for the tree view: a tidy tree (d3-hierarchy) laid out left to right, one column per
 * generation, plus the curved links between cards. Pure, so the render cost is measurable.
 */
import { hierarchy, tree } from 'd3-hierarchy';
import { badgeOf, BADGES, type BadgeKind } from './badges';
import type { Family, FamilyEdge, FamilyNode } from './family';

export const CARD_W = 280;
export const CARD_H = 64;
/** Characters of a name that fit on one line of a card beside the thumbnail. */
export const NAME_CHARS = 24;
const GAP_X = 64;
const GAP_Y = 14;

export interface PlacedNode {
  node: FamilyNode;
  x: number;
  y: number;
  badge: BadgeKind;
}

export interface PlacedLink {
  key: string;
  path: string;
  color: string;
  extra: boolean;
  /** On the line from the root to the focus. */
  onLine: boolean;
}

export interface TreeLayout {
  nodes: PlacedNode[];
  links: PlacedLink[];
  bounds: { x0: number; y0: number; x1: number; y1: number };
}

/**
 * A name in at most two lines of `max` characters, broken at a space when one is near. When even two
 * lines are too short the middle goes, not the end: versions of one clip often differ only there.
 */
export function wrapName(name: string, max = NAME_CHARS): string[] {
  const text = name.trim();
  if (text.length <= max) return [text];
  const space = text.lastIndexOf(' ', max);
  const cut = space > max / 2 ? space : max;
  const first = text.slice(0, cut).trimEnd();
  const rest = text.slice(cut).trimStart();
  return [first, rest.length <= max ? rest : `…${rest.slice(-(max - 1))}`];
}

function curve(x0: number, y0: number, x1: number, y1: number): string {
  const mid = (x0 + x1) / 2;
  return `M${x0},${y0}C${mid},${y0} ${mid},${y1} ${x1},${y1}`;
}

export function layoutTree(family: Family): TreeLayout {
  const root = hierarchy(family.root, (node) => node.children);
  const laid = tree<FamilyNode>()
    .nodeSize([CARD_H + GAP_Y, CARD_W + GAP_X])
    .separation((a, b) => (a.parent === b.parent ? 1 : 1.25))(root);
  const onLine = new Set([...family.ancestors, family.focus.id]);
  const nodes: PlacedNode[] = [];
  const at = new Map<string, PlacedNode>();
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  laid.each((d) => {
    const placed = { node: d.data, x: d.y, y: d.x, badge: badgeOf(d.data) };
    nodes.push(placed);
    at.set(d.data.id, placed);
    x0 = Math.min(x0, placed.x);
    y0 = Math.min(y0, placed.y - CARD_H / 2);
    x1 = Math.max(x1, placed.x + CARD_W);
    y1 = Math.max(y1, placed.y + CARD_H / 2);
  });
  const links: PlacedLink[] = [];
  const link = (edge: FamilyEdge, extra: boolean) => {
    const from = at.get(edge.parent_id);
    const to = at.get(edge.child_id);
    if (!from || !to) return;
    links.push({
      key: edge.id,
      path: curve(from.x + CARD_W, from.y, to.x, to.y),
      color: extra ? BADGES.merge.color : BADGES[badgeOf(to.node)].color,
      extra,
      onLine: !extra && onLine.has(edge.child_id) && onLine.has(edge.parent_id),
    });
  };
  for (const placed of nodes) if (placed.node.edge) link(placed.node.edge, false);
  for (const edge of family.extraLinks) link(edge, true);
  return { nodes, links, bounds: { x0, y0, x1, y1 } };
}
