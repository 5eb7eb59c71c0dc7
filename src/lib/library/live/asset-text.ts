/**
 * The text side of the index kept in step with the assets. Indexing an asset's text (postings,
 * vocabulary, MiniSearch) is the costliest part of reading it, and none of it is needed to show
 * the library. So, when asked to defer, a large batch only marks its assets' text stale; the
 * stale text is indexed in slices under a time budget ({@link AssetText.indexSlice}, run from
 * idle time) — or all at once the moment anything reads the text index ({@link
 * AssetText.complete}), so no answer ever comes from a partial one.
 */
import type { CollectionItem } from '../records/collection';
import { TextIndex } from '../search/text-index';
import { CollectionNotes } from './collection-notes';
import type { IndexedAsset } from './indexed-asset';

/** Batches re-indexing more texts than this are deferred (when deferring at all). */
const DEFER_OVER = 256;
/** Texts indexed between two looks at the clock (each takes tens of microseconds). */
const CLOCK_EVERY = 4;

export class AssetText {
  private readonly index = new TextIndex();
  private readonly notes = new CollectionNotes();
  /** Ids of assets whose indexed text may be out of date, oldest first. */
  private readonly stale = new Set<string>();

  constructor(
    private readonly entryOf: (id: string) => IndexedAsset | undefined,
    private readonly defer: boolean,
  ) {}

  /** The text index, brought up to date first. */
  get complete(): TextIndex {
    this.finish();
    return this.index;
  }

  /** How many assets' text is waiting to be indexed. */
  get pending(): number {
    return this.stale.size;
  }

  /** Re-indexes the text of the assets `ids`: now, or later for a large batch when deferring. */
  update(ids: ReadonlySet<string>): void {
    if (this.defer && ids.size > DEFER_OVER) {
      for (const id of ids) this.stale.add(id);
      return;
    }
    for (const id of ids) {
      this.stale.delete(id);
      this.reindex(id);
    }
  }

  /** Drops the text of a slot given up (its asset is gone or hidden). */
  free(slot: number): void {
    this.index.remove(slot);
  }

  /** Records a collection's shown items; returns the assets whose searchable notes changed. */
  updateNotes(
    collectionId: string,
    before: readonly CollectionItem[],
    after: readonly CollectionItem[],
  ): string[] {
    return this.notes.update(collectionId, before, after);
  }

  /**
   * Indexes stale text until about `budgetMs` have passed (at least one asset). Returns whether
   * none is left.
   */
  indexSlice(budgetMs: number, now: () => number = () => performance.now()): boolean {
    const end = now() + budgetMs;
    let done = 0;
    for (const id of this.stale) {
      this.stale.delete(id);
      this.reindex(id);
      if (++done % CLOCK_EVERY === 0 && now() >= end) break;
    }
    return this.stale.size === 0;
  }

  /** Indexes every stale text now. */
  finish(): void {
    if (this.stale.size === 0) return;
    for (const id of this.stale) this.reindex(id);
    this.stale.clear();
  }

  private reindex(id: string): void {
    const entry = this.entryOf(id);
    if (!entry) return;
    const { asset } = entry;
    this.index.upsert(entry.slot, id, {
      name: asset.name,
      prompt: asset.prompt,
      tags: asset.tags,
      category: asset.category,
      notes: this.notes.textOf(id),
      evolution_note: asset.metadata.evolution_note,
    });
  }
}
