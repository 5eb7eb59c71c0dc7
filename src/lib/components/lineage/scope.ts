/**
 * "Show me this branch" / "show me everything that came from this clip" as URL parameters, so a
 * grid or map link carries them: `?family=<asset id>&scope=branch|descendants`. The ids are worked
 * out live from the lineage graph when the view reads the URL, so the link stays short and keeps
 * up with new remixes.
 */
import type { LibraryIndex } from '../../library/live/library-index';
import { branchMembers, buildFamily, descendantsOf } from './family';
import { indexSource } from './source';

export type LineageScopeKind = 'branch' | 'descendants';

export interface LineageScope {
  id: string;
  kind: LineageScopeKind;
}

export const SCOPE_PARAMS = { id: 'family', kind: 'scope' } as const;

export function parseLineageScope(params: URLSearchParams): LineageScope | null {
  const id = params.get(SCOPE_PARAMS.id);
  const kind = params.get(SCOPE_PARAMS.kind);
  if (!id || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
  return { id, kind: kind === 'branch' ? 'branch' : 'descendants' };
}

export function lineageScopeQuery(scope: LineageScope): string {
  const params = new URLSearchParams({
    [SCOPE_PARAMS.id]: scope.id,
    [SCOPE_PARAMS.kind]: scope.kind,
  });
  return `?${params.toString()}`;
}

/** The asset ids in the scope (the node itself included). */
export function lineageScopeIds(index: LibraryIndex, scope: LineageScope): Set<string> {
  const source = indexSource(index);
  if (!source.asset(scope.id)) return new Set();
  if (scope.kind === 'descendants') return new Set([scope.id, ...descendantsOf(source, scope.id)]);
  const family = buildFamily(source, scope.id);
  return new Set(family ? branchMembers(family, scope.id) : [scope.id]);
}
