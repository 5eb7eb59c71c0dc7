/**
 * Assets, as the spec assumes them from earlier phases: create with metadata, read, patch, move to
 * the trash and back, purge from the trash, count a view, list the trash.
 */
import { Hono } from 'hono';
import {
  assetDetails,
  createAsset,
  purgeAsset,
  recordView,
  restoreAsset,
  searchLibrary,
  trashAsset,
  updateAsset,
} from '../../../src/lib/library';
import type { AppEnv } from '../../http/context';
import { checkBlobRefs } from '../blob-refs';
import { planAssetWrite, runPlan } from '../grants';
import { queryFilters, queryValue, readBody, withoutSelfIds } from '../input';
import { actorOf, callerOf, resolveTeam, roomsOf } from '../scope';
import type { ApiDeps } from './deps';

export function assetRoutes({ db, scopes, blobs }: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/assets', async (c) => {
    const caller = callerOf(c, db);
    const body = withoutSelfIds(await readBody(c), caller.userId);
    const scope = resolveTeam(caller, body.team_id);
    const attach = checkBlobRefs(blobs, body, scope.teamId, caller.userId);
    const result = await scopes.write(actorOf(scope), roomsOf(scope), (ctx) =>
      createAsset(ctx, { ...body, team_id: scope.teamId ?? undefined }),
    );
    attach();
    return c.json({ success: true, asset_id: result.asset_id });
  });

  app.get('/assets/:id', async (c) => {
    const caller = callerOf(c, db);
    const id = c.req.param('id');
    const read = await scopes.find(
      caller,
      queryValue(c, 'team_id'),
      (r) => r.view.index.asset(id) !== undefined,
    );
    return c.json({ success: true, asset: assetDetails(read.view.index, id) });
  });

  app.patch('/assets/:id', async (c) => {
    const caller = callerOf(c, db);
    const id = c.req.param('id');
    const body = withoutSelfIds(await readBody(c), caller.userId);
    const plan = await planAssetWrite(scopes, caller, id, body.team_id, 'edit');
    const { team_id: _team, ...patch } = body;
    const attach = plan.asset
      ? checkBlobRefs(blobs, patch, plan.asset.team_id, caller.userId, plan.asset)
      : () => undefined;
    const result = await runPlan(scopes, plan, (ctx) =>
      updateAsset(ctx, { ...patch, asset_id: id }),
    );
    attach();
    return c.json({ success: true, asset_id: result.asset_id, changed: result.changed });
  });

  app.delete('/assets/:id', async (c) => {
    const caller = callerOf(c, db);
    const id = c.req.param('id');
    const plan = await planAssetWrite(scopes, caller, id, queryValue(c, 'team_id'), 'edit');
    await runPlan(scopes, plan, (ctx) => trashAsset(ctx, { asset_id: id }));
    return c.json({ success: true, asset_id: id, trashed: true });
  });

  app.post('/assets/:id/restore', async (c) => {
    const caller = callerOf(c, db);
    const id = c.req.param('id');
    const body = await readBody(c);
    const plan = await planAssetWrite(scopes, caller, id, body.team_id, 'edit');
    await runPlan(scopes, plan, (ctx) => restoreAsset(ctx, { asset_id: id }));
    return c.json({ success: true, asset_id: id, trashed: false });
  });

  app.post('/assets/:id/purge', async (c) => {
    const caller = callerOf(c, db);
    const id = c.req.param('id');
    const body = await readBody(c);
    const plan = await planAssetWrite(scopes, caller, id, body.team_id, 'edit');
    await runPlan(scopes, plan, (ctx) => purgeAsset(ctx, { asset_id: id }));
    return c.json({ success: true, asset_id: id, purged: true });
  });

  app.post('/assets/:id/view', async (c) => {
    const caller = callerOf(c, db);
    const id = c.req.param('id');
    const body = await readBody(c);
    const plan = await planAssetWrite(scopes, caller, id, body.team_id, 'view');
    await runPlan(scopes, plan, (ctx) => recordView(ctx, { asset_id: id }));
    // The cached view shares the docs just written, so it already counts this view.
    const viewCount = plan.read.view.index.asset(id)?.asset.metadata.view_count;
    return c.json({ success: true, asset_id: id, view_count: viewCount ?? null });
  });

  app.get('/trash', async (c) => {
    const caller = callerOf(c, db);
    const filters = queryFilters(c);
    const read = await scopes.read(resolveTeam(caller, filters.team_id));
    const result = searchLibrary(read.view.index, {
      ...filters,
      team_id: read.scope.teamId,
      trashed: true,
    });
    return c.json({ success: true, ...result });
  });

  return app;
}
