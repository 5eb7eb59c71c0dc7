/**
 * `POST /api/library/assets/{id}/render`: attaches a rendered video to an asset (a remix is a
 * draft until it has one) and sets it ready, through the core's `updateAsset` on the live room,
 * so open browsers see the card turn ready at once. The body is either the video itself (with
 * `?thumbnail=<sha>&duration=&width=&height=`) or JSON naming blobs uploaded before.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { assertCanEditAsset, findLiveAsset } from '../../src/lib/library/access';
import { invalid, notFound } from '../../src/lib/library/errors';
import { updateAsset } from '../../src/lib/library/ops/index';
import { parseOrThrow } from '../../src/lib/library/records/common';
import { planAssetWrite, runPlan } from '../api/grants';
import { queryValue, readBody } from '../api/input';
import { callerOf, type Scopes } from '../api/scope';
import type { Db } from '../db/open';
import type { AppEnv } from '../http/context';
import { bodyStream } from './routes';
import type { BlobService } from './service';
import { IMAGE_TYPES, VIDEO_TYPES } from './sniff';

const sha = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest');
const renderFields = {
  thumbnail_sha256: sha.optional(),
  duration: z.number().finite().min(0).optional(),
  width: z.number().int().min(0).optional(),
  height: z.number().int().min(0).optional(),
};
const jsonInput = z.object({ video_sha256: sha, ...renderFields });
const queryInput = z.object(renderFields);

/** A query parameter as a number when given (`abc` stays a string, for the schema to refuse). */
function numberParam(raw: string | undefined): number | string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isNaN(value) ? raw : value;
}

export interface RenderDeps {
  db: Db;
  scopes: Scopes;
  blobs: BlobService;
}

/**
 * A blob named in a request must have been uploaded into the asset's team (or by the caller) and
 * be of the right kind.
 */
function checkBlob(
  blobs: BlobService,
  teamId: string,
  userId: string,
  sha256: string,
  kinds: ReadonlySet<string>,
  path: string,
): void {
  blobs.assertUsable(sha256, teamId, userId, path);
  const record = blobs.get(sha256)!;
  if (!kinds.has(record.content_type)) {
    throw invalid(path, `is ${record.content_type}, not one of ${[...kinds].join(', ')}`);
  }
}

export function renderRoutes({ db, scopes, blobs }: RenderDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/library/assets/:id/render', async (c: Context<AppEnv>) => {
    const caller = callerOf(c, db);
    const id = c.req.param('id')!;
    const plan = await planAssetWrite(scopes, caller, id, queryValue(c, 'team_id'), 'edit');
    if (!plan.asset) throw notFound('asset', id, 'asset_id');
    const teamId = plan.asset.team_id;
    // Refuse before taking the bytes: someone who cannot edit the asset stores nothing.
    await runPlan(scopes, plan, (ctx) => assertCanEditAsset(ctx, findLiveAsset(ctx, id)));

    let video: { sha256: string; size: number | null; content_type: string | null };
    let fields: {
      thumbnail_sha256?: string;
      duration?: number;
      width?: number;
      height?: number;
    };
    if ((c.req.header('content-type') ?? '').includes('json')) {
      const input = parseOrThrow(jsonInput, await readBody(c));
      checkBlob(blobs, teamId, caller.userId, input.video_sha256, VIDEO_TYPES, 'video_sha256');
      const record = blobs.get(input.video_sha256)!;
      video = { sha256: input.video_sha256, size: record.size, content_type: record.content_type };
      fields = input;
    } else {
      fields = parseOrThrow(queryInput, {
        thumbnail_sha256: queryValue(c, 'thumbnail') ?? queryValue(c, 'thumbnail_sha256'),
        duration: numberParam(queryValue(c, 'duration')),
        width: numberParam(queryValue(c, 'width')),
        height: numberParam(queryValue(c, 'height')),
      });
      // Into the asset's team: its members (and its grantees) are who will play it.
      video = await blobs.upload(bodyStream(c, blobs.maxBytes), {
        userId: caller.userId,
        teamIds: [teamId],
        allowed: VIDEO_TYPES,
      });
    }
    if (fields.thumbnail_sha256) {
      checkBlob(
        blobs,
        teamId,
        caller.userId,
        fields.thumbnail_sha256,
        IMAGE_TYPES,
        'thumbnail_sha256',
      );
    }
    const result = await runPlan(scopes, plan, (ctx) =>
      updateAsset(ctx, {
        asset_id: id,
        status: 'ready',
        video_sha256: video.sha256,
        video_url: `/api/blobs/${video.sha256}`,
        ...(fields.thumbnail_sha256
          ? {
              thumbnail_sha256: fields.thumbnail_sha256,
              thumbnail_url: `/api/blobs/${fields.thumbnail_sha256}`,
            }
          : {}),
        ...(fields.duration !== undefined ? { duration: fields.duration } : {}),
        ...(fields.width !== undefined ? { width: fields.width } : {}),
        ...(fields.height !== undefined ? { height: fields.height } : {}),
      }),
    );
    blobs.attach(video.sha256, teamId);
    if (fields.thumbnail_sha256) blobs.attach(fields.thumbnail_sha256, teamId);
    return c.json({
      success: true,
      asset_id: id,
      status: 'ready',
      video_sha256: video.sha256,
      thumbnail_sha256: fields.thumbnail_sha256 ?? null,
      size: video.size,
      content_type: video.content_type,
      changed: result.changed,
    });
  });

  return app;
}
