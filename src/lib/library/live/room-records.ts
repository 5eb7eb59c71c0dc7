/**
 * The validated records of every room indexed, by kind, each id resolved to the copy queries see
 * (`records-by-room.ts`), with the shares of each asset and the purge tombstones that hide ids.
 */
import type { VideoAsset } from '../records/asset';
import type { VideoCollection } from '../records/collection';
import type { VideoLineage } from '../records/lineage';
import type { VideoShare } from '../records/share';
import type { Tombstone } from '../records/tombstone';
import { RecordsByRoom, type Placed } from './records-by-room';
import type { Pending } from './room-watch';

export class RoomRecords {
  readonly assets = new RecordsByRoom<VideoAsset>();
  readonly collections = new RecordsByRoom<VideoCollection>();
  readonly shares = new RecordsByRoom<VideoShare>();
  readonly edges = new RecordsByRoom<VideoLineage>();
  /** Purged ids: an id tombstoned in any room is hidden from every query, in every room. */
  readonly tombstones = new RecordsByRoom<Tombstone>();
  private readonly sharesByAsset = new Map<string, Set<string>>();

  /** Whether a purge tombstone for this asset or collection id sits in any room indexed. */
  isTombstoned(id: string): boolean {
    return this.tombstones.get(id) !== undefined;
  }

  /** The asset queries see for `id`: none when purged. */
  asset(id: string): Placed<VideoAsset> | undefined {
    return this.isTombstoned(id) ? undefined : this.assets.get(id);
  }

  /** The collection queries see for `id`: none when purged. */
  collection(id: string): Placed<VideoCollection> | undefined {
    return this.isTombstoned(id) ? undefined : this.collections.get(id);
  }

  *liveCollections(): IterableIterator<Placed<VideoCollection>> {
    for (const placed of this.collections.values()) {
      if (!this.isTombstoned(placed.value.id)) yield placed;
    }
  }

  /** Sets or removes a share of `room`; returns whether the share queries see changed. */
  setShare(room: string, id: string, value: VideoShare | undefined): boolean {
    const before = this.shares.get(id)?.value;
    if (!this.shares.set(room, id, value)) return false;
    const after = this.shares.get(id)?.value;
    if (before) this.sharesByAsset.get(before.asset_id)?.delete(id);
    if (after) {
      let set = this.sharesByAsset.get(after.asset_id);
      if (!set) this.sharesByAsset.set(after.asset_id, (set = new Set()));
      set.add(id);
    }
    return true;
  }

  sharesOf(assetId: string): VideoShare[] {
    const shares: VideoShare[] = [];
    for (const id of this.sharesByAsset.get(assetId) ?? []) {
      const share = this.shares.get(id);
      if (share) shares.push(share.value);
    }
    return shares;
  }

  /** Every record id `room` holds, as a batch that removes them when re-read as absent. */
  idsIn(room: string): Pending {
    return {
      assets: new Set(this.assets.idsIn(room)),
      collections: new Set(this.collections.idsIn(room)),
      shares: new Set(this.shares.idsIn(room)),
      lineage: new Set(this.edges.idsIn(room)),
      tombstones: new Set(this.tombstones.idsIn(room)),
    };
  }
}
