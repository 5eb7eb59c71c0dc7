/**
 * The server entry: config → SQLite → accounts/access → sync → HTTP. One process serves the API,
 * the sync socket and the built app. Prints one JSON log line with `"msg":"listening"` and the port.
 */
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import pino from 'pino';
import { createRoomAccess } from './access';
import { LibraryViews, libraryRoutes } from './api';
import { createBlobs, loadBlobConfig, type BlobConfig } from './blobs';
import { ConfigError, loadConfig, loadDotEnv, type Config } from './config';
import { deleteExpiredTokens } from './db/accounts';
import { dataVersion, openDatabase, type Db } from './db/open';
import { createHttpApp } from './http/app';
import { requestAddress } from './http/client-address';
import { SqlitePersistence } from './persistence';
import { createProjector } from './projections';
import { createSyncServer } from './sync';

function readConfig(): Config {
  try {
    loadDotEnv(process.cwd());
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  let blobConfig: BlobConfig;
  try {
    blobConfig = loadBlobConfig(process.env);
  } catch (error) {
    process.stderr.write(`Configuration error: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const logger = pino({ level: config.logLevel, base: { pid: process.pid } });
  let db: Db;
  try {
    db = openDatabase(config.dbPath);
  } catch (error) {
    process.stderr.write(
      `Cannot open the database ${config.dbPath}: ${(error as Error).message}\n`,
    );
    process.exit(2);
  }
  const access = createRoomAccess(db, { publicUrl: config.publicUrl });

  const persistence = new SqlitePersistence(db);
  const sync = createSyncServer({
    persistence,
    authenticate: access.authenticate,
    authorize: access.authorize,
    limits: config.limits,
    logger: logger.child({ component: 'sync' }),
    // The signed-out socket cap counts per client; behind a proxy every socket comes from it.
    clientAddress: (req) => requestAddress(req, config.trustProxy),
  });

  const projector = createProjector(
    db,
    sync,
    persistence,
    logger.child({ component: 'projections' }),
  );
  projector.start().catch((error: unknown) => logger.error({ err: error }, 'projections failed'));

  // One re-check at a time; a change that lands during a run triggers exactly one more.
  let revalidating = false;
  let again = false;
  const revalidate = (): void => {
    if (revalidating) {
      again = true;
      return;
    }
    revalidating = true;
    projector.refreshSources();
    sync
      .revalidate()
      .catch((error: unknown) => logger.error({ err: error }, 'revalidate failed'))
      .finally(() => {
        revalidating = false;
        if (again) {
          again = false;
          revalidate();
        }
      });
  };

  // The spec's REST API works on the live rooms; its cached views hold rooms until shutdown.
  const libraryViews = new LibraryViews(sync);
  const blobs = await createBlobs({
    db,
    dataDir: config.dataDir,
    config: blobConfig,
    sync,
    views: libraryViews,
    rooms: () => persistence.rooms(),
    logger: logger.child({ component: 'blobs' }),
    projectionSources: (room, assetId) => projector.sourcesOf(room, assetId),
  });
  let stopping = false;
  const app = createHttpApp({
    db,
    config,
    access,
    logger,
    onAccountsChanged: revalidate,
    accepting: () => !stopping,
    extraRoutes: (api) =>
      api
        .route('/api', blobs.routes)
        .route(
          '/api/library',
          libraryRoutes({ db, sync, views: libraryViews, blobs: blobs.service }),
        ),
  });
  const server = createServer(
    getRequestListener(app.fetch, {
      errorHandler: (error) => {
        logger.error({ err: error }, 'request failed');
      },
    }),
  );
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path.startsWith('/sync/')) {
      sync.handleUpgrade(req, socket, head);
    } else {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    }
  });

  // The admin command is another process on the same file: data_version changes when it commits.
  // Then every open socket is re-checked, so a removed member or revoked token is cut off at once.
  let lastVersion = dataVersion(db);
  const watcher = setInterval(() => {
    const version = dataVersion(db);
    if (version === lastVersion) return;
    lastVersion = version;
    revalidate();
  }, config.revalidateIntervalMs);
  // Sessions expire by time; drop them and re-check sockets opened with them.
  const sweeper = setInterval(() => {
    if (deleteExpiredTokens(db, new Date()) > 0) revalidate();
  }, 60_000);

  const shutdown = async (signal: string, exitCode = 0): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const hardStop = setTimeout(() => {
      logger.error('shutdown took too long');
      process.exit(1);
    }, 10_000);
    hardStop.unref();
    clearInterval(watcher);
    clearInterval(sweeper);
    blobs.stop();
    server.close();
    server.closeIdleConnections();
    try {
      await libraryViews.close();
      await projector.stop();
      await sync.close();
    } catch (error) {
      logger.error({ err: error }, 'closing rooms failed');
    }
    server.closeAllConnections();
    persistence.close();
    db.close();
    logger.info('stopped');
    process.exit(exitCode);
  };
  // A stray rejected promise must not take every room down with it; log it and keep serving.
  process.on('unhandledRejection', (error) => logger.error({ err: error }, 'unhandled rejection'));
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception');
    void shutdown('uncaughtException', 1);
  });
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  server.on('error', (error) => {
    process.stderr.write(`Cannot listen on ${config.host}:${config.port}: ${error.message}\n`);
    process.exit(2);
  });
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info({ port, host: config.host, dataDir: config.dataDir }, 'listening');
  });
}

void main();
