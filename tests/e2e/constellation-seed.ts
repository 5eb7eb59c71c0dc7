/**
 * Puts a generated team library into the real server through the real y-websocket client (the
 * way another team member's browser would), and waits until a second client sees all of it.
 */
import { generateLibrary, writeLibrary } from '../../bench/data/generate';
import { assetsOf } from '../../src/lib/library/schema';
import { connect } from '../integration/sync/helpers';
import type { TestServer } from './harness';

export async function seedLibrary(
  server: TestServer,
  teamId: string,
  token: string,
  assets: number,
  seed = 7,
): Promise<ReturnType<typeof generateLibrary>> {
  const library = generateLibrary({ assets, seed, teamId });
  // The generator pins most stars at random spots; a real team pins a few by hand.
  library.assets.forEach((asset, i) => {
    if (i % 40 === 0) return;
    asset.metadata.constellation_x = null;
    asset.metadata.constellation_y = null;
    asset.metadata.constellation_cluster = null;
  });
  const room = `team/${teamId}`;
  const writer = connect(server.wsUrl, room, token);
  await writer.synced();
  // Small transactions: each becomes one sync message, and the server caps their size.
  writeLibrary(writer.doc, library, 200);
  const reader = connect(server.wsUrl, room, token);
  await reader.synced();
  const deadline = Date.now() + 60_000;
  while (assetsOf(reader.doc).size < assets) {
    if (Date.now() > deadline) throw new Error('the seeded library did not reach the server');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  writer.destroy();
  reader.destroy();
  return library;
}

/** An asset id of the generated library with the most descendants (a family worth showing). */
export function biggestFamilyRoot(library: ReturnType<typeof generateLibrary>): string {
  const children = new Map<string, string[]>();
  for (const edge of library.lineage) {
    const list = children.get(edge.parent_id) ?? [];
    list.push(edge.child_id);
    children.set(edge.parent_id, list);
  }
  const trashed = new Set(library.assets.filter((a) => a.trashed_at).map((a) => a.id));
  let best = library.assets[0]!.id;
  let bestSize = -1;
  for (const asset of library.assets) {
    if (asset.metadata.parent_asset_id || trashed.has(asset.id)) continue;
    const seen = new Set([asset.id]);
    const stack = [asset.id];
    while (stack.length > 0) {
      for (const child of children.get(stack.pop()!) ?? []) {
        if (!seen.has(child)) {
          seen.add(child);
          stack.push(child);
        }
      }
    }
    if (seen.size > bestSize) {
      bestSize = seen.size;
      best = asset.id;
    }
  }
  return best;
}
