/**
 * Which blobs a room's assets reference: SHA-256 → asset ids, per live room doc, built once when
 * a doc is first asked about and kept current from its Y events (only the assets an event touched
 * are re-read). So "may this caller read this blob" looks up a few maps instead of scanning every
 * asset of every room per request.
 */
import * as Y from 'yjs';
import { assetsOf } from '../../src/lib/library/schema';
import { isSha256 } from './types';

const BLOB_FIELDS = ['video_sha256', 'thumbnail_sha256'] as const;

export class RoomBlobRefs {
  readonly #byAsset = new Map<string, string[]>();
  readonly #bySha = new Map<string, Set<string>>();

  constructor(doc: Y.Doc) {
    const assets = assetsOf(doc);
    for (const [id, value] of assets) this.#set(id, value);
    assets.observeDeep((events) => {
      const touched = new Set<string>();
      for (const event of events) {
        if (event.target === assets) {
          for (const key of event.changes.keys.keys()) touched.add(key);
        } else {
          const first = event.path[0];
          if (typeof first === 'string') touched.add(first);
        }
      }
      for (const id of touched) this.#set(id, assets.get(id));
    });
  }

  has(sha256: string): boolean {
    return (this.#bySha.get(sha256)?.size ?? 0) > 0;
  }

  /** Asset ids referencing the blob. */
  assetsOf(sha256: string): string[] {
    return [...(this.#bySha.get(sha256) ?? [])];
  }

  shas(): IterableIterator<string> {
    return this.#bySha.keys();
  }

  #set(id: string, value: unknown): void {
    for (const sha of this.#byAsset.get(id) ?? []) {
      const ids = this.#bySha.get(sha);
      ids?.delete(id);
      if (ids && ids.size === 0) this.#bySha.delete(sha);
    }
    this.#byAsset.delete(id);
    if (!(value instanceof Y.Map)) return;
    const shas = BLOB_FIELDS.map((field) => value.get(field)).filter(isSha256);
    if (shas.length === 0) return;
    this.#byAsset.set(id, shas);
    for (const sha of shas) {
      let ids = this.#bySha.get(sha);
      if (!ids) this.#bySha.set(sha, (ids = new Set()));
      ids.add(id);
    }
  }
}

const cache = new WeakMap<Y.Doc, RoomBlobRefs>();

/** The blob references of a live doc (indexed on first use, then kept current). */
export function blobRefsOf(doc: Y.Doc): RoomBlobRefs {
  let refs = cache.get(doc);
  if (!refs) cache.set(doc, (refs = new RoomBlobRefs(doc)));
  return refs;
}
