/**
 * Collection item notes are searchable text of the asset they annotate ("why this video is in
 * this collection"). Kept per asset and collection, so a changed collection re-indexes only the
 * assets whose notes changed.
 */
import type { CollectionItem } from '../records/collection';

export class CollectionNotes {
  private readonly byAsset = new Map<string, Map<string, string>>();

  /** Records a collection's new items; returns the assets whose notes changed. */
  update(
    collectionId: string,
    before: readonly CollectionItem[],
    after: readonly CollectionItem[],
  ): string[] {
    const changed: string[] = [];
    const next = new Map(after.map((item) => [item.asset_id, item.notes]));
    for (const item of before) {
      if (next.has(item.asset_id)) continue;
      this.set(item.asset_id, collectionId, '');
      if (item.notes) changed.push(item.asset_id);
    }
    for (const [assetId, text] of next) {
      const previous = this.byAsset.get(assetId)?.get(collectionId) ?? '';
      this.set(assetId, collectionId, text);
      if (previous !== text) changed.push(assetId);
    }
    return changed;
  }

  /** All notes on an asset, in collection id order. */
  textOf(assetId: string): string {
    const notes = this.byAsset.get(assetId);
    if (!notes) return '';
    return [...notes.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, text]) => text)
      .join('\n');
  }

  private set(assetId: string, collectionId: string, text: string): void {
    let notes = this.byAsset.get(assetId);
    if (text) {
      if (!notes) this.byAsset.set(assetId, (notes = new Map()));
      notes.set(collectionId, text);
    } else if (notes) {
      notes.delete(collectionId);
      if (notes.size === 0) this.byAsset.delete(assetId);
    }
  }
}
