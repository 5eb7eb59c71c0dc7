/**
 * Library search and filters (spec B) and the constellation (spec E): reads over the caller's
 * live library, plus the one constellation write.
 */
import { Hono } from 'hono';
import {
  availableFilters,
  constellationMap,
  searchLibrary,
  updateConstellationPosition,
} from '../../../src/lib/library';
import type { AppEnv } from '../../http/context';
import { planAssetWrite, runPlan } from '../grants';
import { queryFilters, readBody, untrusted } from '../input';
import { callerOf, resolveTeam } from '../scope';
import type { ApiDeps } from './deps';

export function searchRoutes({ db, scopes }: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/search', async (c) => {
    const caller = callerOf(c, db);
    const body = await readBody(c);
    const read = await scopes.read(resolveTeam(caller, body.team_id));
    const result = searchLibrary(read.view.index, { ...body, team_id: read.scope.teamId });
    return c.json({ success: true, ...result });
  });

  app.get('/filters', async (c) => {
    const caller = callerOf(c, db);
    const read = await scopes.read(resolveTeam(caller, c.req.query('team_id')));
    return c.json({
      success: true,
      filters: availableFilters(read.view.index, read.scope.teamId),
    });
  });

  app.get('/constellation/map', async (c) => {
    const caller = callerOf(c, db);
    const filters = queryFilters(c);
    const read = await scopes.read(resolveTeam(caller, filters.team_id));
    const map = constellationMap(read.view.index, { ...filters, team_id: read.scope.teamId });
    return c.json({ success: true, ...map });
  });

  app.post('/constellation/update-position', async (c) => {
    const caller = callerOf(c, db);
    const { team_id: team, ...body } = await readBody(c);
    const plan = await planAssetWrite(scopes, caller, body.asset_id, team, 'edit');
    const result = await runPlan(scopes, plan, (ctx) =>
      updateConstellationPosition(ctx, untrusted(body)),
    );
    const placed = plan.read.view.index.asset(result.asset_id)?.asset.metadata;
    return c.json({
      success: true,
      ...result,
      cluster: placed?.constellation_cluster ?? null,
    });
  });

  return app;
}
