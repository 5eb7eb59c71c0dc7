/** First run: create the owner account and the first team. Refused once any user exists. */
import { Hono } from 'hono';
import { z } from 'zod';
import { conflict } from '../../../src/lib/library/errors';
import { audit, countUsers, insertTeam, insertUser, upsertMembership } from '../../db/accounts';
import { hashPassword } from '../../auth/passwords';
import { jsonBody } from '../body';
import type { AppEnv, HttpDeps } from '../context';
import { issueSession } from '../session';
import { displayNameSchema, passwordSchema, teamNameSchema, usernameSchema } from '../schemas';

const setupSchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  display_name: displayNameSchema.optional(),
  team_name: teamNameSchema,
});

export function setupRoutes(deps: HttpDeps): Hono<AppEnv> {
  const { db, config } = deps;
  const app = new Hono<AppEnv>();

  app.get('/status', (c) => c.json({ success: true, needs_setup: countUsers(db) === 0 }));

  app.post('/', async (c) => {
    const body = await jsonBody(c, setupSchema);
    if (countUsers(db) > 0) throw conflict('setup: already done');
    const passwordHash = await hashPassword(body.password);
    // Checked again inside the transaction: two setup requests racing must not both win.
    const { user, team } = db
      .transaction(() => {
        if (countUsers(db) > 0) throw conflict('setup: already done');
        const user = insertUser(db, {
          username: body.username,
          displayName: body.display_name ?? body.username,
          passwordHash,
        });
        const team = insertTeam(db, body.team_name);
        upsertMembership(db, team.id, user.id, 'owner');
        audit(db, user.id, 'setup', { user: user.username, team: team.id, team_name: team.name });
        return { user, team };
      })
      .immediate();
    const token = issueSession(c, db, config, user.id);
    deps.logger.info({ user: user.id, team: team.id }, 'setup done');
    deps.onAccountsChanged();
    return c.json({ success: true, user, team, token });
  });

  return app;
}
