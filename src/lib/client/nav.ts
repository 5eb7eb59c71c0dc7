/** Paths of the app's views, resolved against the base path (so the app can live under a prefix). */
import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';

export const paths = {
  library: (search = ''): ResolvedPathname => `${resolve('/')}${search}` as ResolvedPathname,
  collections: (): ResolvedPathname => resolve('/collections'),
  collection: (id: string): ResolvedPathname => resolve('/collections/[id]', { id }),
  asset: (id: string): ResolvedPathname => resolve('/assets/[id]', { id }),
  trash: (): ResolvedPathname => resolve('/trash'),
  login: (): ResolvedPathname => resolve('/login'),
  setup: (): ResolvedPathname => resolve('/setup'),
};
