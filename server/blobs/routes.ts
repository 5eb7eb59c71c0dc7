/**
 * `PUT /api/blobs` (raw bytes, streamed) and `GET|HEAD /api/blobs/<sha256>` (Range, ETag, long
 * cache). Thin: parse, authorize, call the blob service. A hash in a URL is checked against the
 * SHA-256 pattern before anything else; a blob the caller may not read is answered exactly like
 * one that does not exist.
 */
import { Readable } from 'node:stream';
import { Hono, type Context } from 'hono';
import { invalid, LibraryError } from '../../src/lib/library/errors';
import { idSchema } from '../../src/lib/library/records/common';
import type { AppEnv } from '../http/context';
import { unauthorized } from '../http/errors';
import { tooLarge } from './hashing';
import { parseRange } from './range';
import type { BlobService } from './service';
import { IMAGE_TYPES, VIDEO_TYPES } from './sniff';
import { isSha256 } from './types';

export const ANY_BLOB_TYPE: ReadonlySet<string> = new Set([...VIDEO_TYPES, ...IMAGE_TYPES]);

/** Bodies these routes stream themselves, past the JSON body limit of `/api`. */
export function isStreamedUpload(method: string, path: string, contentType = ''): boolean {
  if (method === 'PUT' && path === '/api/blobs') return true;
  return (
    method === 'POST' &&
    /^\/api\/library\/assets\/[^/]+\/render$/.test(path) &&
    !contentType.includes('json')
  );
}

const notFoundBlob = (): LibraryError =>
  new LibraryError('NOT_FOUND', 'sha256: no such blob', 'sha256');

/** The request body as a byte stream; TOO_LARGE at once when its declared length is too big. */
export function bodyStream(c: Context<AppEnv>, maxBytes: number): AsyncIterable<Uint8Array> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const body = c.req.raw.body;
  return (body ?? Readable.from([])) as unknown as AsyncIterable<Uint8Array>;
}

export function blobRoutes(service: BlobService): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.put('/blobs', async (c) => {
    const principal = c.get('principal');
    if (!principal) throw unauthorized();
    // `?team_id=` or the `X-Team-Id` header (the app's: it keeps the upload URL plain).
    const rawTeam = c.req.query('team_id') || c.req.header('x-team-id')?.trim() || undefined;
    if (rawTeam !== undefined && !idSchema.safeParse(rawTeam).success) {
      throw invalid('team_id', 'must be a team id');
    }
    // Refused before any byte is read: the teams decide who may ever read the file.
    const teamIds = service.uploadTeams(principal.userId, rawTeam);
    const expected = c.req.header('x-content-sha256')?.trim().toLowerCase();
    const result = await service.upload(bodyStream(c, service.maxBytes), {
      userId: principal.userId,
      teamIds,
      allowed: ANY_BLOB_TYPE,
      expectedSha256: expected || undefined,
    });
    return c.json({ success: true, ...result });
  });

  app.on(['GET', 'HEAD'], '/blobs/:sha256', async (c) => {
    const sha256 = c.req.param('sha256');
    if (!isSha256(sha256)) throw notFoundBlob();
    const record = service.get(sha256);
    if (!record) throw notFoundBlob();
    const principal = c.get('principal');
    if (!(await service.canRead(principal?.userId ?? null, sha256))) throw notFoundBlob();
    const stat = await service.store.stat(sha256);
    if (!stat) throw notFoundBlob();

    const size = stat.size;
    const etag = `"${sha256}"`;
    c.header('ETag', etag);
    c.header('Cache-Control', 'private, max-age=31536000, immutable');
    c.header('Accept-Ranges', 'bytes');
    c.header('Content-Type', record.content_type);
    const ifNoneMatch = c.req.header('if-none-match');
    if (
      ifNoneMatch &&
      ifNoneMatch
        .split(',')
        .some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')
    ) {
      return c.body(null, 304);
    }
    const range = parseRange(c.req.header('range'), size);
    if (range === 'unsatisfiable') {
      c.header('Content-Range', `bytes */${size}`);
      return c.body(null, 416);
    }
    const status = range ? 206 : 200;
    const length = range ? range.end - range.start + 1 : size;
    if (range) c.header('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
    c.header('Content-Length', String(length));
    if (c.req.method === 'HEAD') return c.body(null, status);
    const stream = await service.store.read(sha256, range ?? undefined);
    if (!stream) throw notFoundBlob();
    return c.body(Readable.toWeb(stream) as ReadableStream, status);
  });

  return app;
}
