/**
 * The blob subsystem as the server wires it: the file store under `$DATA_DIR/blobs`, its
 * metadata in SQLite (with the one-time team attribution of older blobs), the `/api/blobs` and
 * render routes, and the collection timer.
 */
import path from 'node:path';
import { Hono } from 'hono';
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import { Scopes } from '../api/scope';
import type { LibraryViews } from '../api/views';
import type { Db } from '../db/open';
import type { AppEnv } from '../http/context';
import type { SyncServer } from '../sync';
import type { BlobConfig } from './config';
import { backfillBlobTeams } from './attribution';
import { FsBlobStore } from './fs-store';
import { collectGarbage, type GcResult } from './gc';
import { renderRoutes } from './render';
import { blobRoutes } from './routes';
import { BlobService } from './service';

export { loadBlobConfig, type BlobConfig } from './config';
export { isStreamedUpload } from './routes';

export interface BlobsDeps {
  db: Db;
  dataDir: string;
  config: BlobConfig;
  sync: Pick<SyncServer, 'withRoom'>;
  views: LibraryViews;
  rooms: () => string[];
  logger: Logger;
  /** Which source rooms the projector copied a projection room's asset from. */
  projectionSources?: (projectionRoom: string, assetId: string) => Promise<string[]>;
}

export interface Blobs {
  service: BlobService;
  /** Mount under `/api` (before the library routes). */
  routes: Hono<AppEnv>;
  collect(): Promise<GcResult>;
  stop(): void;
}

export async function createBlobs(deps: BlobsDeps): Promise<Blobs> {
  const store = new FsBlobStore(path.join(deps.dataDir, 'blobs'));
  const { removedTemporary } = await store.init();
  if (removedTemporary > 0) {
    deps.logger.info({ removedTemporary }, 'removed unfinished uploads');
  }
  const service = new BlobService({
    db: deps.db,
    store,
    views: deps.views,
    maxBytes: deps.config.maxBytes,
    projectionSources: deps.projectionSources,
  });
  const attributed = await backfillBlobTeams({
    meta: service.meta,
    rooms: deps.rooms,
    withRoom: (name, fn) => deps.sync.withRoom(name, fn),
  });
  if (attributed !== null) {
    deps.logger.info({ attributed }, 'blobs attributed to the teams whose rooms reference them');
  }
  const routes = new Hono<AppEnv>();
  routes.route('/', blobRoutes(service));
  routes.route(
    '/',
    renderRoutes({
      db: deps.db,
      blobs: service,
      scopes: new Scopes({ db: deps.db, sync: deps.sync, views: deps.views }),
    }),
  );

  let running: Promise<GcResult> | null = null;
  const collect = (): Promise<GcResult> => {
    running ??= collectGarbage({
      blobs: service,
      rooms: deps.rooms,
      withRoom: <T>(name: string, fn: (doc: Y.Doc) => T | Promise<T>) =>
        deps.sync.withRoom(name, fn),
      graceMs: deps.config.gcGraceMs,
    })
      .then((result) => {
        deps.logger.info({ deleted: result.deleted.length, kept: result.kept }, 'blobs collected');
        return result;
      })
      .finally(() => (running = null));
    return running;
  };
  const timer =
    deps.config.gcIntervalMs > 0
      ? setInterval(() => {
          collect().catch((error: unknown) =>
            deps.logger.error({ err: error }, 'blob collection failed'),
          );
        }, deps.config.gcIntervalMs)
      : null;
  timer?.unref();
  return { service, routes, collect, stop: () => timer && clearInterval(timer) };
}
