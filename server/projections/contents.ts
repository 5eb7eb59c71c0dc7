/**
 * What each projection room should hold, computed from the source rooms:
 * - `shared/<userId>`: every asset shared with that user by an active VideoShare, with the share
 *   record and the lineage edges where the asset is the child;
 * - `public/<teamId>`: every live asset of the team at share level `public`, with its lineage edges
 *   (child side). Shares are not copied there: they name who got what.
 * Malformed records (any peer may write anything) are skipped, never copied.
 */
import * as Y from 'yjs';
import { readAsset } from '../../src/lib/library/records/asset';
import { readLineage } from '../../src/lib/library/records/lineage';
import { isShareActive, readShare } from '../../src/lib/library/records/share';
import { parseRoomName, publicRoom, sharedRoom } from '../../src/lib/library/rooms';
import { assetsOf, lineageOf, sharesOf } from '../../src/lib/library/schema';

/** Record id → the source Y.Map to copy, per top-level map. */
export interface ProjectionContents {
  assets: Map<string, Y.Map<unknown>>;
  shares: Map<string, Y.Map<unknown>>;
  lineage: Map<string, Y.Map<unknown>>;
}

export const emptyContents = (): ProjectionContents => ({
  assets: new Map(),
  shares: new Map(),
  lineage: new Map(),
});

export interface Desired {
  /** Projection room name → what it should hold. */
  rooms: Map<string, ProjectionContents>;
  /** The next instant an active share expires (ms since epoch), or null. */
  nextExpiry: number | null;
}

function contentsFor(desired: Desired, room: string): ProjectionContents {
  let contents = desired.rooms.get(room);
  if (!contents) {
    contents = emptyContents();
    desired.rooms.set(room, contents);
  }
  return contents;
}

/**
 * Lineage edges of `doc` whose child is one of `childIds`, keyed by child. The cheap field check
 * comes first: a team room may hold many edges, and only a few children are projected.
 */
function edgesOf(
  doc: Y.Doc,
  childIds: ReadonlySet<string>,
): Map<string, [string, Y.Map<unknown>][]> {
  const byChild = new Map<string, [string, Y.Map<unknown>][]>();
  if (childIds.size === 0) return byChild;
  for (const [id, value] of lineageOf(doc).entries()) {
    const child = value instanceof Y.Map ? value.get('child_id') : undefined;
    if (typeof child !== 'string' || !childIds.has(child)) continue;
    if (!readLineage(value).ok) continue;
    const list = byChild.get(child) ?? [];
    list.push([id, value as Y.Map<unknown>]);
    byChild.set(child, list);
  }
  return byChild;
}

/** Share level without validating the whole asset (most assets are not public). */
function looksPublic(value: unknown): boolean {
  const meta = value instanceof Y.Map ? value.get('metadata') : undefined;
  return meta instanceof Y.Map && meta.get('share_level') === 'public';
}

function addAsset(
  contents: ProjectionContents,
  assetId: string,
  asset: Y.Map<unknown>,
  edges: Map<string, [string, Y.Map<unknown>][]>,
): void {
  contents.assets.set(assetId, asset);
  for (const [edgeId, edge] of edges.get(assetId) ?? []) contents.lineage.set(edgeId, edge);
}

/**
 * Adds what the source room `name` contributes to the projections. `userExists` keeps shares with
 * unknown users from creating rooms nobody can read.
 */
export function addContributions(
  desired: Desired,
  name: string,
  doc: Y.Doc,
  now: Date,
  userExists: (userId: string) => boolean,
): void {
  const room = parseRoomName(name);
  if (room.kind !== 'team' && room.kind !== 'private') return;
  const assets = assetsOf(doc);

  // First pick what goes where, then fetch the lineage edges of just those assets.
  const shared: { grantee: string; shareId: string; share: Y.Map<unknown>; assetId: string }[] = [];
  for (const [shareId, value] of sharesOf(doc).entries()) {
    const share = readShare(value);
    if (!share.ok || !userExists(share.value.shared_with)) continue;
    if (!isShareActive(share.value, now)) continue;
    if (share.value.expires_at !== null) {
      const expiry = Date.parse(share.value.expires_at);
      if (desired.nextExpiry === null || expiry < desired.nextExpiry) desired.nextExpiry = expiry;
    }
    const asset = readAsset(assets.get(share.value.asset_id));
    if (!asset.ok || asset.value.trashed_at !== null) continue;
    shared.push({
      grantee: share.value.shared_with,
      shareId,
      share: value as Y.Map<unknown>,
      assetId: share.value.asset_id,
    });
  }
  const publicIds: string[] = [];
  if (room.kind === 'team') {
    for (const [assetId, value] of assets.entries()) {
      if (!looksPublic(value)) continue;
      const asset = readAsset(value);
      if (asset.ok && asset.value.trashed_at === null) publicIds.push(assetId);
    }
  }

  const edges = edgesOf(doc, new Set([...publicIds, ...shared.map((entry) => entry.assetId)]));
  for (const { grantee, shareId, share, assetId } of shared) {
    const contents = contentsFor(desired, sharedRoom(grantee));
    contents.shares.set(shareId, share);
    addAsset(contents, assetId, assets.get(assetId) as Y.Map<unknown>, edges);
  }
  if (room.kind !== 'team') return;
  const contents = contentsFor(desired, publicRoom(room.teamId));
  for (const assetId of publicIds) {
    addAsset(contents, assetId, assets.get(assetId) as Y.Map<unknown>, edges);
  }
}
