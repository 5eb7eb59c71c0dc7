/** Paths of the lineage and constellation views (and the grid narrowed to a lineage scope). */
import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';
import { lineageScopeQuery, type LineageScope } from './scope';

export const lineagePaths = {
  tree: (id: string): ResolvedPathname => resolve('/lineage/[id]', { id }),
  constellation: (query = ''): ResolvedPathname =>
    `${resolve('/constellation')}${query}` as ResolvedPathname,
  gridScope: (scope: LineageScope): ResolvedPathname =>
    `${resolve('/')}${lineageScopeQuery(scope)}` as ResolvedPathname,
  mapScope: (scope: LineageScope): ResolvedPathname =>
    `${resolve('/constellation')}${lineageScopeQuery(scope)}` as ResolvedPathname,
};
