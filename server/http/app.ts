/**
 * The HTTP surface: `/api/...`, `/healthz`, `/readyz` and the SPA. Thin: parse, authorize, call
 * one accounts function, answer JSON. WebSocket upgrades on `/sync/` never reach this app.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { presentedSecret, principalFromSecret } from '../auth/principal';
import { isStreamedUpload } from '../blobs/routes';
import type { AppEnv, HttpDeps } from './context';
import { drainRequestBody } from './body';
import { handleError } from './errors';
import { authRoutes } from './routes/auth';
import { setupRoutes } from './routes/setup';
import { teamRoutes } from './routes/teams';
import { spaHandler } from './static';

export function createHttpApp(deps: HttpDeps): Hono<AppEnv> {
  const { db, config, logger } = deps;
  const app = new Hono<AppEnv>();

  app.onError((error, c) =>
    handleError(c, error, (e) => logger.error({ err: e, path: c.req.path }, 'request failed')),
  );

  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
  });

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', (c) => {
    if (deps.accepting && !deps.accepting()) return c.json({ ok: false }, 503);
    try {
      db.prepare('SELECT 1').get();
      return c.json({ ok: true });
    } catch {
      return c.json({ ok: false }, 503);
    }
  });

  const jsonBodyLimit = bodyLimit({
    maxSize: config.maxBodyBytes,
    onError: async (c) => {
      await drainRequestBody(c.req.raw, c.env.incoming, 64 * 1024 * 1024, 10_000);
      c.header('Connection', 'close');
      return c.json(
        { success: false, error: `(body): larger than ${config.maxBodyBytes} bytes` },
        413,
      );
    },
  });
  // Uploads stream to the blob store under their own limit (server/blobs).
  app.use('/api/*', (c, next) =>
    isStreamedUpload(c.req.method, c.req.path, c.req.header('content-type'))
      ? next()
      : jsonBodyLimit(c, next),
  );
  app.use('/api/*', async (c, next) => {
    // Cookie or bearer; `?token=` is for the sync socket only (URLs end up in logs).
    const secret = presentedSecret({
      authorization: c.req.header('authorization'),
      cookie: c.req.header('cookie'),
    });
    c.set('principal', principalFromSecret(db, secret));
    c.header('Cache-Control', 'no-store');
    await next();
  });
  app.route('/api/setup', setupRoutes(deps));
  app.route('/api/auth', authRoutes(deps));
  app.route('/api/teams', teamRoutes(deps));
  deps.extraRoutes?.(app);
  app.all('/api/*', (c) => c.json({ success: false, error: 'path: no such endpoint' }, 404));

  const spa = spaHandler(config.buildDir);
  app.on(['GET', 'HEAD'], '*', spa);
  return app;
}
