/**
 * Blobs as the server uses them: upload (type by magic bytes, size limit, expected hash), who may
 * read a blob, and a per-hash lock that keeps garbage collection from deleting a blob whose upload
 * is committing at that moment.
 */
import type { Db } from '../db/open';
import { teamsOf } from '../db/accounts';
import { invalid, LibraryError } from '../../src/lib/library/errors';
import { publicRoom, sharedRoom } from '../../src/lib/library/rooms';
import { ROLE_CAN_WRITE } from '../../src/lib/library/context';
import { roomsOf, scopeOf } from '../api/scope';
import type { LibraryViews } from '../api/views';
import type { ByteSource } from './hashing';
import { BlobMeta, type BlobRecord } from './meta';
import { blobRefsOf } from './refs';
import { sniffContentType, SNIFF_BYTES } from './sniff';
import type { BlobStore } from './types';

export interface BlobServiceDeps {
  db: Db;
  store: BlobStore;
  views: Pick<LibraryViews, 'view'>;
  maxBytes: number;
  now?: () => Date;
}

export interface UploadResult {
  sha256: string;
  size: number;
  content_type: string;
}

export function unsupported(message: string): LibraryError {
  return new LibraryError('UNSUPPORTED', `(body): ${message}`, '(body)');
}

/** Passes `source` through, failing as soon as its first bytes are none of `allowed`. */
async function* sniffing(
  source: ByteSource,
  allowed: ReadonlySet<string>,
): AsyncIterable<Uint8Array> {
  let head = Buffer.alloc(0);
  let checked = false;
  for await (const chunk of source as AsyncIterable<Uint8Array>) {
    if (!checked) {
      head = Buffer.concat([head, Buffer.from(chunk)]).subarray(0, 64);
      if (head.length >= SNIFF_BYTES) {
        checkType(head, allowed);
        checked = true;
      }
    }
    yield chunk;
  }
}

function checkType(head: Uint8Array, allowed: ReadonlySet<string>): string {
  const type = sniffContentType(head);
  if (!type || !allowed.has(type)) {
    throw unsupported(`not one of ${[...allowed].join(', ')} (judged by its first bytes)`);
  }
  return type;
}

export class BlobService {
  readonly store: BlobStore;
  readonly meta: BlobMeta;
  readonly maxBytes: number;
  readonly #db: Db;
  readonly #views: Pick<LibraryViews, 'view'>;
  readonly #now: () => Date;
  readonly #locks = new Map<string, Promise<unknown>>();

  constructor(deps: BlobServiceDeps) {
    this.store = deps.store;
    this.meta = new BlobMeta(deps.db);
    this.maxBytes = deps.maxBytes;
    this.#db = deps.db;
    this.#views = deps.views;
    this.#now = deps.now ?? (() => new Date());
  }

  /** Whether the user may upload at all: a writer (owner, admin, editor) in some team. */
  canUpload(userId: string): boolean {
    return teamsOf(this.#db, userId).some((team) => ROLE_CAN_WRITE[team.role]);
  }

  /**
   * Streams `source` into the store. UNSUPPORTED unless its first bytes are one of `allowed`,
   * TOO_LARGE past the limit, INVALID when `expectedSha256` is given and differs; nothing is kept
   * in any of these cases.
   */
  async upload(
    source: ByteSource,
    options: { userId: string; allowed: ReadonlySet<string>; expectedSha256?: string },
  ): Promise<UploadResult> {
    const staged = await this.store.stage(sniffing(source, options.allowed), {
      maxBytes: this.maxBytes,
    });
    let contentType: string;
    try {
      if (staged.size === 0) throw invalid('(body)', 'empty');
      contentType = checkType(staged.head, options.allowed);
      if (options.expectedSha256 !== undefined && options.expectedSha256 !== staged.sha256) {
        throw invalid('x-content-sha256', `the body's SHA-256 is ${staged.sha256}`);
      }
    } catch (error) {
      await staged.discard();
      throw error;
    }
    const result = { sha256: staged.sha256, size: staged.size, content_type: contentType };
    await this.exclusive(staged.sha256, async () => {
      await staged.commit();
      this.meta.recordUpload(result, options.userId, this.#now());
    });
    return result;
  }

  get(sha256: string): BlobRecord | null {
    return this.meta.get(sha256);
  }

  /**
   * Readable by its uploaders, and by whoever can read a room (team rooms they are a member of,
   * their private and shared rooms, any public room) holding an asset that references it.
   */
  async canRead(userId: string | null, sha256: string): Promise<boolean> {
    if (userId && this.meta.isUploader(sha256, userId)) return true;
    const roomSets: string[][] = [];
    if (userId) {
      const caller = { userId, teams: teamsOf(this.#db, userId) };
      if (caller.teams.length === 0) roomSets.push([sharedRoom(userId)]);
      for (const team of caller.teams) {
        roomSets.push(roomsOf(scopeOf(caller, team.id)).map((spec) => spec.name));
      }
    }
    const teams = this.#db.prepare('SELECT id FROM teams ORDER BY id').all() as { id: string }[];
    for (const team of teams) roomSets.push([publicRoom(team.id)]);
    for (const names of roomSets) {
      const view = await this.#views.view(names);
      for (const doc of view.docs.values()) {
        if (blobRefsOf(doc).has(sha256)) return true;
      }
    }
    return false;
  }

  /** Runs `fn` while no other `exclusive` call on the same hash runs (commit vs. collection). */
  async exclusive<T>(sha256: string, fn: () => Promise<T>): Promise<T> {
    const before = this.#locks.get(sha256) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const settled = run.catch(() => undefined);
    this.#locks.set(sha256, settled);
    try {
      return await run;
    } finally {
      if (this.#locks.get(sha256) === settled) this.#locks.delete(sha256);
    }
  }
}
