/**
 * The file references an asset write sets (`video_sha256`, `thumbnail_sha256`): each must be a
 * file uploaded into the asset's team, or by the caller (server/blobs/service.ts `assertUsable`),
 * checked before the write; after it, the team is recorded for the caller's own uploads.
 */
import type { BlobService } from '../blobs/service';

export type BlobRefCheck = Pick<BlobService, 'assertUsable' | 'attach'>;

const FIELDS = ['video_sha256', 'thumbnail_sha256'] as const;

/** The well-formed hashes a body sets (malformed ones are left to the core's 400). */
export function blobRefsIn(
  body: Record<string, unknown>,
  current?: { video_sha256: string | null; thumbnail_sha256: string | null },
): { field: string; sha256: string }[] {
  const refs: { field: string; sha256: string }[] = [];
  for (const field of FIELDS) {
    const raw = body[field];
    if (typeof raw !== 'string') continue;
    const sha256 = raw.trim().toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(sha256)) continue;
    // Re-sending what the asset already holds changes nothing.
    if (current && current[field] === sha256) continue;
    refs.push({ field, sha256 });
  }
  return refs;
}

/** Checks every reference `body` sets for an asset of `teamId`; returns what to attach after. */
export function checkBlobRefs(
  blobs: BlobRefCheck | undefined,
  body: Record<string, unknown>,
  teamId: string | null,
  userId: string,
  current?: { video_sha256: string | null; thumbnail_sha256: string | null },
): () => void {
  const refs = blobRefsIn(body, current);
  if (!blobs || teamId === null || refs.length === 0) return () => undefined;
  for (const { field, sha256 } of refs) blobs.assertUsable(sha256, teamId, userId, field);
  return () => {
    for (const { sha256 } of refs) blobs.attach(sha256, teamId);
  };
}
