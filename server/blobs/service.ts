/**
 * Blobs as the server uses them: upload into a team (type by magic bytes, size limit, expected
 * hash), who may read a blob and which team may reference it, and a per-hash lock that keeps garbage collection from deleting a blob whose upload
 * is committing at that moment.
 */
import type * as Y from 'yjs';
import type { Db } from '../db/open';
import { teamsOf } from '../db/accounts';
import { forbidden, invalid, LibraryError } from '../../src/lib/library/errors';
import {
  parseRoomName,
  privateRoom,
  publicRoom,
  sharedRoom,
  teamRoom,
} from '../../src/lib/library/rooms';
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
  /**
   * The source rooms (`team/T`, `private/T/U`) the projector copied an asset of a projection room
   * from; tells which team a `shared/<user>` copy belongs to. Without it shared copies grant
   * nothing beyond the grantee's own teams.
   */
  projectionSources?: (projectionRoom: string, assetId: string) => Promise<string[]>;
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
  readonly #projectionSources: (projectionRoom: string, assetId: string) => Promise<string[]>;
  readonly #locks = new Map<string, Promise<unknown>>();

  constructor(deps: BlobServiceDeps) {
    this.store = deps.store;
    this.meta = new BlobMeta(deps.db);
    this.maxBytes = deps.maxBytes;
    this.#db = deps.db;
    this.#views = deps.views;
    this.#now = deps.now ?? (() => new Date());
    this.#projectionSources = deps.projectionSources ?? (() => Promise.resolve([]));
  }

  /**
   * The teams an upload by `userId` goes into: `teamId` when given (FORBIDDEN unless they write
   * there), else every team where they are a writer (FORBIDDEN when none).
   */
  uploadTeams(userId: string, teamId: string | undefined): string[] {
    const writable = teamsOf(this.#db, userId)
      .filter((team) => ROLE_CAN_WRITE[team.role])
      .map((team) => team.id);
    if (teamId === undefined) {
      if (writable.length === 0) {
        throw forbidden('uploading needs a writer (owner, admin or editor) in some team');
      }
      return writable;
    }
    if (!writable.includes(teamId)) {
      throw forbidden(
        `team_id: you are not a writer (owner, admin or editor) in team ${JSON.stringify(teamId)}`,
        'team_id',
      );
    }
    return [teamId];
  }

  /**
   * Refuses (INVALID naming `path`) a hash an asset of `teamId` may not reference: one never
   * uploaded into that team, unless `userId` uploaded it themselves (they have the bytes; call
   * `attach` once the write succeeded). So an asset cannot be made to reference a file the
   * writer never had. A blob that does not exist answers the same, so the refusal tells nothing
   * about other teams' files.
   */
  assertUsable(sha256: string, teamId: string, userId: string, path: string): void {
    if (this.meta.inTeam(sha256, teamId) || this.meta.isUploader(sha256, userId)) return;
    throw invalid(
      path,
      `no file with this SHA-256 was uploaded to this team (upload it with PUT /api/blobs?team_id=${teamId})`,
    );
  }

  /** Records that an asset of `teamId` now references the blob (after `assertUsable`). */
  attach(sha256: string, teamId: string): void {
    this.meta.addTeams(sha256, [teamId], this.#now());
  }

  /**
   * Streams `source` into the store. UNSUPPORTED unless its first bytes are one of `allowed`,
   * TOO_LARGE past the limit, INVALID when `expectedSha256` is given and differs; nothing is kept
   * in any of these cases.
   */
  async upload(
    source: ByteSource,
    options: {
      userId: string;
      /** The teams it goes into (see `uploadTeams`). */
      teamIds: readonly string[];
      allowed: ReadonlySet<string>;
      expectedSha256?: string;
    },
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
      this.meta.recordUpload(result, options.userId, this.#now(), options.teamIds);
    });
    return result;
  }

  get(sha256: string): BlobRecord | null {
    return this.meta.get(sha256);
  }

  /**
   * Readable by its uploaders; by anyone else only through a team it was uploaded into: a member
   * of that team whose team or private room references it, a user whose `shared/<user>` room holds
   * a copy of that team's asset referencing it, and anyone (no login needed) when that team's
   * public room references it. A reference alone grants nothing: writing a known hash into an
   * asset of another team does not make the file readable there.
   */
  async canRead(userId: string | null, sha256: string): Promise<boolean> {
    if (userId && this.meta.isUploader(sha256, userId)) return true;
    const teams = new Set(this.meta.teamsOf(sha256));
    if (teams.size === 0) return false;
    if (userId && (await this.#readableByMember(userId, sha256, teams))) return true;
    for (const teamId of teams) {
      const view = await this.#views.view([publicRoom(teamId)]);
      if (this.#refers(view.docs.get(publicRoom(teamId)), sha256)) return true;
    }
    return false;
  }

  async #readableByMember(
    userId: string,
    sha256: string,
    teams: ReadonlySet<string>,
  ): Promise<boolean> {
    const caller = { userId, teams: teamsOf(this.#db, userId) };
    // The same room sets as the REST reads (team, private, shared), so their cached views serve both.
    const roomSet = (teamId: string | null) =>
      roomsOf(scopeOf(caller, teamId)).map((spec) => spec.name);
    for (const team of caller.teams) {
      if (!teams.has(team.id)) continue;
      const view = await this.#views.view(roomSet(team.id));
      for (const name of [teamRoom(team.id), privateRoom(team.id, userId)]) {
        if (this.#refers(view.docs.get(name), sha256)) return true;
      }
    }
    const sharedDoc = (await this.#views.view(roomSet(caller.teams[0]?.id ?? null))).docs.get(
      sharedRoom(userId),
    );
    if (!sharedDoc) return false;
    // A shared copy counts for the team the projector copied it from, whatever its fields say.
    for (const assetId of blobRefsOf(sharedDoc).assetsOf(sha256)) {
      for (const source of await this.#projectionSources(sharedRoom(userId), assetId)) {
        const room = parseRoomName(source);
        if (room.kind !== 'shared' && teams.has(room.teamId)) return true;
      }
    }
    return false;
  }

  #refers(doc: Y.Doc | undefined, sha256: string): boolean {
    return doc !== undefined && blobRefsOf(doc).has(sha256);
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
