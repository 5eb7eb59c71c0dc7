/**
 * Sharing API (spec C): share an asset with a team member, list an asset's shares, change its
 * share level, revoke or change a share.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import {
  findShare,
  idSchema,
  notFound,
  revokeShare,
  setShareLevel,
  shareAsset,
  sharesOfAsset,
  updateSharePermission,
  type LibraryContext,
  type Located,
  type VideoShare,
} from '../../../src/lib/library';
import { roleIn, userById } from '../../db/accounts';
import type { AppEnv } from '../../http/context';
import { planAssetWrite, runPlan, sourceRoomOf, withRooms, type WritePlan } from '../grants';
import { queryValue, readBody, untrusted, withoutSelfIds, type Body } from '../input';
import { callerOf, type Caller, type ReadScope } from '../scope';
import type { ApiDeps } from './deps';

function tryFindShare(read: ReadScope, id: string): Located<VideoShare> | undefined {
  try {
    return findShare(read.ctx, id);
  } catch {
    return undefined;
  }
}

export function shareRoutes({ db, scopes }: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const displayName = (userId: string) => userById(db, userId)?.display_name;

  /**
   * Plans a write on a share: as a write on its asset (an admin grantee manages its shares), and
   * the grantee may always leave a share, so for them the asset's room is writable for that.
   */
  async function planShareWrite(
    caller: Caller,
    shareId: string,
    team: unknown,
    leaving: boolean,
  ): Promise<WritePlan> {
    const valid = idSchema.safeParse(shareId).success;
    const read = await scopes.find(caller, team, (r) => valid && !!tryFindShare(r, shareId));
    const share = valid ? tryFindShare(read, shareId)?.record : undefined;
    const plan = await planAssetWrite(scopes, caller, share?.asset_id, team, 'edit');
    if (leaving && plan.asset && share?.shared_with === caller.userId) {
      const source = { name: sourceRoomOf(plan.asset), writable: true };
      return { ...plan, specs: withRooms(plan.specs, [source]), prepare: undefined };
    }
    return plan;
  }

  async function onShare<T>(
    c: Context<AppEnv>,
    leaving: boolean,
    op: (ctx: LibraryContext, body: Body, id: string) => T,
  ): Promise<T> {
    const caller = callerOf(c, db);
    const id = c.req.param('shareId')!;
    const { team_id: team, ...body } = await readBody(c);
    const plan = await planShareWrite(caller, id, team ?? queryValue(c, 'team_id'), leaving);
    return runPlan(scopes, plan, (ctx) => op(ctx, body, id));
  }

  app.post('/share', async (c) => {
    const caller = callerOf(c, db);
    const { team_id: team, ...body } = withoutSelfIds(await readBody(c), caller.userId);
    const plan = await planAssetWrite(scopes, caller, body.asset_id, team, 'edit');
    const sharedWith = idSchema.safeParse(body.shared_with);
    // Only when the asset and the grantee are well formed: otherwise the core names the field.
    if (plan.asset && sharedWith.success && sharedWith.data !== caller.userId) {
      if (!roleIn(db, plan.asset.team_id, sharedWith.data)) {
        throw notFound('team member', sharedWith.data, 'shared_with');
      }
    }
    const result = await runPlan(scopes, plan, (ctx) => shareAsset(ctx, untrusted(body)));
    const share = plan.read.view.index.sharesOf(String(body.asset_id));
    const stored = share.find((s) => s.id === result.share_id);
    return c.json({
      success: true,
      share_id: result.share_id,
      asset_id: stored?.asset_id ?? String(body.asset_id),
      shared_with: stored?.shared_with ?? sharedWith.data,
      shared_with_name: sharedWith.success ? (displayName(sharedWith.data) ?? null) : null,
      permission: stored?.permission ?? body.permission ?? 'view',
      expires_at: stored?.expires_at ?? null,
    });
  });

  app.get('/shares/:assetId', async (c) => {
    const caller = callerOf(c, db);
    const id = c.req.param('assetId');
    const read = await scopes.find(
      caller,
      queryValue(c, 'team_id'),
      (r) => r.view.index.asset(id) !== undefined,
    );
    const shares = sharesOfAsset(read.view.index, id, scopes.now(), displayName);
    return c.json({ success: true, shares });
  });

  app.post('/update-share-level', async (c) => {
    const caller = callerOf(c, db);
    const { team_id: team, ...body } = await readBody(c);
    const plan = await planAssetWrite(scopes, caller, body.asset_id, team, 'manage');
    const result = await runPlan(scopes, plan, (ctx) => setShareLevel(ctx, untrusted(body)));
    return c.json({ success: true, ...result });
  });

  app.post('/share/:shareId/revoke', async (c) => {
    await onShare(c, true, (ctx, _body, id) => revokeShare(ctx, { share_id: id }));
    return c.json({ success: true, share_id: c.req.param('shareId'), revoked: true });
  });

  app.delete('/shares/:shareId', async (c) => {
    await onShare(c, true, (ctx, _body, id) => revokeShare(ctx, { share_id: id }));
    return c.json({ success: true, share_id: c.req.param('shareId'), revoked: true });
  });

  app.patch('/shares/:shareId', async (c) => {
    const result = await onShare(c, false, (ctx, body, id) =>
      updateSharePermission(ctx, untrusted({ ...body, share_id: id })),
    );
    return c.json({ success: true, ...result });
  });

  return app;
}
