/** Lineage API (spec D): duplicate, remix, evolve, extend, merge, and the family tree. */
import { Hono } from 'hono';
import type { Context } from 'hono';
import {
  duplicateAsset,
  evolveAsset,
  extendAsset,
  lineageTree,
  mergeAssets,
  remixAsset,
  type LibraryContext,
} from '../../../src/lib/library';
import type { AppEnv } from '../../http/context';
import { planAssetWrite, runPlan } from '../grants';
import { queryValue, readBody, untrusted, withoutSelfIds, type Body } from '../input';
import { actorOf, callerOf, resolveTeam, roomsOf } from '../scope';
import type { ApiDeps } from './deps';

export function lineageRoutes({ db, scopes }: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  /** Derives from the body's `asset_id`, acting in that asset's team. */
  async function derive<T>(
    c: Context<AppEnv>,
    op: (ctx: LibraryContext, body: Body) => T,
  ): Promise<T> {
    const caller = callerOf(c, db);
    const { team_id: team, ...body } = withoutSelfIds(await readBody(c), caller.userId);
    const plan = await planAssetWrite(scopes, caller, body.asset_id, team, 'none');
    return runPlan(scopes, plan, (ctx) => op(ctx, body));
  }

  app.post('/duplicate', async (c) => {
    const result = await derive(c, (ctx, body) => duplicateAsset(ctx, untrusted(body)));
    return c.json({ success: true, ...result });
  });

  app.post('/remix', async (c) => {
    const result = await derive(c, (ctx, body) => remixAsset(ctx, untrusted(body)));
    return c.json({ success: true, ...result });
  });

  app.post('/evolve', async (c) => {
    const result = await derive(c, (ctx, body) => evolveAsset(ctx, untrusted(body)));
    return c.json({ success: true, ...result });
  });

  app.post('/extend', async (c) => {
    const result = await derive(c, (ctx, body) => extendAsset(ctx, untrusted(body)));
    return c.json({ success: true, ...result });
  });

  app.post('/merge', async (c) => {
    const caller = callerOf(c, db);
    const { team_id: team, ...body } = withoutSelfIds(await readBody(c), caller.userId);
    const scope = resolveTeam(caller, team);
    const result = await scopes.write(actorOf(scope), roomsOf(scope), (ctx) =>
      mergeAssets(ctx, untrusted(body)),
    );
    return c.json({ success: true, ...result });
  });

  app.get('/lineage/:assetId', async (c) => {
    const caller = callerOf(c, db);
    const id = c.req.param('assetId');
    const read = await scopes.find(
      caller,
      queryValue(c, 'team_id'),
      (r) => r.view.index.asset(id) !== undefined,
    );
    return c.json({ success: true, ...lineageTree(read.view.index, id) });
  });

  return app;
}
