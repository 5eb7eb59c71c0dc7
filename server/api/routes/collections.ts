/**
 * Collections API (spec A): create, read with videos, curate items, team list, update, delete (to
 * the trash), restore, purge.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import {
  addToCollection,
  collectionWithVideos,
  createCollection,
  deleteCollection,
  moveCollectionItem,
  purgeCollection,
  removeFromCollection,
  reorderCollection,
  restoreCollection,
  teamCollections,
  updateCollection,
  updateCollectionItem,
  type LibraryContext,
} from '../../../src/lib/library';
import type { AppEnv } from '../../http/context';
import { queryValue, readBody, untrusted, withoutSelfIds, type Body } from '../input';
import { actorOf, callerOf, resolveTeam, roomsOf, type Caller, type ReadScope } from '../scope';
import type { ApiDeps } from './deps';

export function collectionRoutes({ db, scopes }: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  /** The caller's library (of `team_id`, or the team holding the collection). */
  const holding = (caller: Caller, id: string, team: unknown): Promise<ReadScope> =>
    scopes.find(caller, team, (r) => r.view.index.collection(id) !== undefined);

  /** Reads the body, then runs one core operation on the collection of the path. */
  async function curate<T>(
    c: Context<AppEnv>,
    op: (ctx: LibraryContext, body: Body, id: string) => T,
  ): Promise<T> {
    const caller = callerOf(c, db);
    const id = c.req.param('id')!;
    const { team_id: team, ...body } = withoutSelfIds(await readBody(c), caller.userId);
    const read = await holding(caller, id, team ?? queryValue(c, 'team_id'));
    return scopes.write(actorOf(read.scope), roomsOf(read.scope), (ctx) => op(ctx, body, id));
  }

  app.post('/collections/create', async (c) => {
    const caller = callerOf(c, db);
    const body = withoutSelfIds(await readBody(c), caller.userId);
    const scope = resolveTeam(caller, body.team_id);
    const result = await scopes.write(actorOf(scope), roomsOf(scope), (ctx) =>
      createCollection(ctx, { ...body, team_id: scope.teamId ?? undefined }),
    );
    return c.json({ success: true, ...result });
  });

  app.get('/collections/team/:teamId', async (c) => {
    const caller = callerOf(c, db);
    const read = await scopes.read(resolveTeam(caller, c.req.param('teamId')));
    const collections = teamCollections(read.view.index, read.scope.teamId);
    return c.json({ success: true, collections, total: collections.length });
  });

  app.get('/collections/:id', async (c) => {
    const caller = callerOf(c, db);
    const id = c.req.param('id');
    const read = await holding(caller, id, queryValue(c, 'team_id'));
    return c.json({ success: true, ...collectionWithVideos(read.view.index, id) });
  });

  app.post('/collections/:id/add-video', async (c) => {
    const result = await curate(c, (ctx, body, id) =>
      addToCollection(ctx, untrusted({ ...body, collection_id: id })),
    );
    return c.json({ success: true, ...result });
  });

  app.post('/collections/:id/remove-video', async (c) => {
    await curate(c, (ctx, body, id) =>
      removeFromCollection(ctx, untrusted({ ...body, collection_id: id })),
    );
    return c.json({ success: true, collection_id: c.req.param('id') });
  });

  app.post('/collections/:id/reorder', async (c) => {
    const result = await curate(c, (ctx, body, id) =>
      reorderCollection(ctx, untrusted({ ...body, collection_id: id })),
    );
    return c.json({ success: true, ...result });
  });

  app.post('/collections/:id/move-video', async (c) => {
    await curate(c, (ctx, body, id) =>
      moveCollectionItem(ctx, untrusted({ ...body, collection_id: id })),
    );
    return c.json({ success: true, collection_id: c.req.param('id') });
  });

  app.post('/collections/:id/item-notes', async (c) => {
    await curate(c, (ctx, body, id) =>
      updateCollectionItem(ctx, untrusted({ ...body, collection_id: id })),
    );
    return c.json({ success: true, collection_id: c.req.param('id') });
  });

  app.patch('/collections/:id', async (c) => {
    const result = await curate(c, (ctx, body, id) =>
      updateCollection(ctx, untrusted({ ...body, collection_id: id })),
    );
    return c.json({ success: true, ...result });
  });

  app.delete('/collections/:id', async (c) => {
    await curate(c, (ctx, _body, id) => deleteCollection(ctx, { collection_id: id }));
    return c.json({
      success: true,
      collection_id: c.req.param('id'),
      deleted: true,
      trashed: true,
    });
  });

  app.post('/collections/:id/restore', async (c) => {
    await curate(c, (ctx, _body, id) => restoreCollection(ctx, { collection_id: id }));
    return c.json({ success: true, collection_id: c.req.param('id'), trashed: false });
  });

  app.post('/collections/:id/purge', async (c) => {
    await curate(c, (ctx, _body, id) => purgeCollection(ctx, { collection_id: id }));
    return c.json({ success: true, collection_id: c.req.param('id'), purged: true });
  });

  return app;
}
