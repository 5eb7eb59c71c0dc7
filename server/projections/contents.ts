/**
 * What each projection room should hold, computed from the source rooms:
 * - `shared/<userId>`: every asset shared with that user by an active VideoShare, with the share
 *   record and the lineage edges where the asset is the child;
 * - `public/<teamId>`: every live asset of the team at share level `public`, with its lineage edges
 *   (child side). Shares are not copied there: they name who got what.
 * Malformed records (any peer may write anything) are skipped, never copied.
 */
import type * as Y from 'yjs';
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

/** Lineage edges of `doc` keyed by child asset id. */
function edgesByChild(doc: Y.Doc): Map<string, [string, Y.Map<unknown>][]> {
  const byChild = new Map<string, [string, Y.Map<unknown>][]>();
  for (const [id, value] of lineageOf(doc).entries()) {
    const edge = readLineage(value);
    if (!edge.ok) continue;
    const list = byChild.get(edge.value.child_id) ?? [];
    list.push([id, value as Y.Map<unknown>]);
    byChild.set(edge.value.child_id, list);
  }
  return byChild;
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
  const edges = edgesByChild(doc);

  for (const [shareId, value] of sharesOf(doc).entries()) {
    const share = readShare(value);
    if (!share.ok || !userExists(share.value.shared_with)) continue;
    const expiry = share.value.expires_at === null ? null : Date.parse(share.value.expires_at);
    if (!isShareActive(share.value, now)) continue;
    if (expiry !== null && (desired.nextExpiry === null || expiry < desired.nextExpiry)) {
      desired.nextExpiry = expiry;
    }
    const assetMap = assets.get(share.value.asset_id);
    const asset = readAsset(assetMap);
    if (!asset.ok || asset.value.trashed_at !== null) continue;
    const contents = contentsFor(desired, sharedRoom(share.value.shared_with));
    contents.shares.set(shareId, value as Y.Map<unknown>);
    addAsset(contents, share.value.asset_id, assetMap as Y.Map<unknown>, edges);
  }

  if (room.kind !== 'team') return;
  const target = publicRoom(room.teamId);
  const contents = contentsFor(desired, target);
  for (const [assetId, value] of assets.entries()) {
    const asset = readAsset(value);
    if (!asset.ok || asset.value.trashed_at !== null) continue;
    if (asset.value.metadata.share_level !== 'public') continue;
    addAsset(contents, assetId, value as Y.Map<unknown>, edges);
  }
}
