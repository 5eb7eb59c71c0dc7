/** Team membership listing, for members of that team only. */
import { Hono } from 'hono';
import { forbidden } from '../../../src/lib/library/errors';
import { membersOf, roleIn } from '../../db/accounts';
import type { AppEnv, HttpDeps } from '../context';
import { unauthorized } from '../errors';

export function teamRoutes(deps: HttpDeps): Hono<AppEnv> {
  const { db } = deps;
  const app = new Hono<AppEnv>();

  app.get('/:teamId/members', (c) => {
    const principal = c.get('principal');
    if (!principal) throw unauthorized();
    const teamId = c.req.param('teamId');
    if (!roleIn(db, teamId, principal.userId)) {
      throw forbidden('teamId: only members of this team may list its members', 'teamId');
    }
    return c.json({ success: true, members: membersOf(db, teamId) });
  });

  return app;
}
