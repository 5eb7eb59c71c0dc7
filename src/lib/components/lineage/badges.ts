/** How each way a clip came about is shown: a colour and a small glyph, everywhere the same. */
import type { FamilyNode } from './family';

export type BadgeKind =
  'origin' | 'duplicate' | 'remix' | 'evolve' | 'extend' | 'variation' | 'merge';

export const BADGES: Record<BadgeKind, { label: string; icon: string; color: string }> = {
  origin: { label: 'original', icon: '●', color: '#9aa3b5' },
  duplicate: { label: 'duplicate', icon: '❐', color: '#5fb3ff' },
  remix: { label: 'remix', icon: '✦', color: '#ff7bd0' },
  evolve: { label: 'evolve', icon: '↗', color: '#5fd08a' },
  extend: { label: 'extend', icon: '⟶', color: '#f5b34b' },
  variation: { label: 'variation', icon: '≈', color: '#b98cff' },
  merge: { label: 'merge', icon: '⋈', color: '#ff8c5a' },
};

export function badgeOf(node: Pick<FamilyNode, 'edge' | 'otherParents'>): BadgeKind {
  if (!node.edge) return 'origin';
  if (node.edge.is_merge || node.otherParents.length > 0) return 'merge';
  return node.edge.evolution_type;
}
