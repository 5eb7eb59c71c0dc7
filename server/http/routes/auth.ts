/** Login (cookie + token), logout, and who am I (teams, roles, readable rooms). */
import { Hono } from 'hono';
import { z } from 'zod';
import { audit, deleteSessionByHash, teamsOf, userById, userByUsername } from '../../db/accounts';
import { dummyPasswordHash, verifyPassword } from '../../auth/passwords';
import { presentedSecret } from '../../auth/principal';
import { FailureLimiter } from '../../auth/rate-limit';
import { hashSecret } from '../../auth/tokens';
import { jsonBody } from '../body';
import { clientAddress } from '../client-address';
import type { AppEnv, HttpDeps } from '../context';
import { rateLimited, unauthorized } from '../errors';
import { clearSessionCookie, issueSession } from '../session';

const loginSchema = z.object({
  username: z.string().trim().min(1, 'must not be empty').max(64),
  password: z.string().min(1, 'must not be empty').max(1024),
});

export function authRoutes(deps: HttpDeps): Hono<AppEnv> {
  const { db, config, access } = deps;
  const app = new Hono<AppEnv>();
  const perUser = new FailureLimiter(config.login.maxFailuresPerUser, config.login.windowMs);
  const perAddress = new FailureLimiter(config.login.maxFailuresPerIp, config.login.windowMs);

  app.post('/login', async (c) => {
    const body = await jsonBody(c, loginSchema);
    const userKey = body.username.toLowerCase();
    const address = clientAddress(c, config.trustProxy);
    const waitMs = Math.max(perUser.retryAfterMs(userKey), perAddress.retryAfterMs(address));
    if (waitMs > 0) {
      c.header('Retry-After', String(Math.ceil(waitMs / 1000)));
      throw rateLimited('username: too many failed logins, try again later');
    }
    const user = userByUsername(db, body.username);
    const ok = await verifyPassword(
      body.password,
      user?.password_hash ?? (await dummyPasswordHash()),
    );
    if (!user || !ok) {
      perUser.recordFailure(userKey);
      perAddress.recordFailure(address);
      audit(db, null, 'login.failed', { username: body.username.slice(0, 64), address });
      throw unauthorized('username: wrong username or password');
    }
    perUser.reset(userKey);
    const token = issueSession(c, db, config, user.id);
    audit(db, user.id, 'login', { address });
    return c.json({
      success: true,
      token,
      user: { id: user.id, username: user.username, display_name: user.display_name },
    });
  });

  app.post('/logout', (c) => {
    const secret = presentedSecret({
      authorization: c.req.header('authorization'),
      cookie: c.req.header('cookie'),
    });
    const principal = c.get('principal');
    // Only sessions end here; an API token presented as bearer is revoked with the admin command.
    if (secret && principal && deleteSessionByHash(db, hashSecret(secret))) {
      audit(db, principal.userId, 'logout', {});
      deps.onAccountsChanged();
    }
    clearSessionCookie(c, config);
    return c.json({ success: true });
  });

  app.get('/me', (c) => {
    const principal = c.get('principal');
    const user = principal && userById(db, principal.userId);
    if (!user) throw unauthorized();
    return c.json({
      success: true,
      user,
      teams: teamsOf(db, user.id),
      rooms: access.readableRooms(user.id),
    });
  });

  return app;
}
