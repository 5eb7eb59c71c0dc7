/**
 * The spec's REST API under `/api/library`, applied to the live room documents through the
 * library core: every route parses, authorizes, builds a LibraryContext and calls one core
 * function, so a call shows up in open browsers at once. Errors are LibraryErrors, mapped to HTTP
 * statuses in server/http/errors.ts.
 */
import { Hono } from 'hono';
import type { Db } from '../db/open';
import type { BlobRefCheck } from './blob-refs';
import type { AppEnv } from '../http/context';
import type { SyncServer } from '../sync';
import { assetRoutes } from './routes/assets';
import { collectionRoutes } from './routes/collections';
import { lineageRoutes } from './routes/lineage';
import { searchRoutes } from './routes/search';
import { shareRoutes } from './routes/shares';
import { Scopes } from './scope';
import { LibraryViews } from './views';

export { LibraryViews } from './views';

export interface LibraryApiDeps {
  db: Db;
  sync: Pick<SyncServer, 'withRoom'>;
  views: LibraryViews;
  /** Files referenced by asset writes must be the team's (server/blobs). */
  blobs?: BlobRefCheck;
}

export function libraryRoutes({ db, sync, views, blobs }: LibraryApiDeps): Hono<AppEnv> {
  const scopes = new Scopes({ db, sync, views });
  const deps = { db, scopes, blobs };
  const app = new Hono<AppEnv>();
  app.route('/', assetRoutes(deps));
  app.route('/', collectionRoutes(deps));
  app.route('/', searchRoutes(deps));
  app.route('/', shareRoutes(deps));
  app.route('/', lineageRoutes(deps));
  return app;
}
