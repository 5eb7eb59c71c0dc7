/**
 * Uploading video files from the browser. A dropped file becomes an asset at once (status
 * `generating`, with the duration, size and poster read in the browser), then waits in IndexedDB
 * until its bytes are stored on the server; then the asset is set `ready` with `video_sha256` and
 * `thumbnail_sha256`. Offline or with the server down the job waits ("waiting to upload") and
 * retries when the network is back. All record changes go through the library core.
 */
import { addToCollection, createAsset, trashAsset, updateAsset } from '$lib/library/ops/index';
import { newId } from '$lib/library/ids';
import { act } from '../actions';
import { toasts } from '../toasts.svelte';
import type { Workspace } from '../workspace.svelte';
import { nameFromFile, probeVideo } from './media';
import { queue, type UploadJob } from './queue';
import { putBlob, Refused, Unreachable } from './transfer';

export type UploadState = 'preparing' | 'waiting' | 'uploading' | 'done' | 'failed';

export interface UploadItem {
  id: string;
  assetId: string;
  name: string;
  loaded: number;
  total: number;
  state: UploadState;
  error: string | null;
}

const VIDEO_NAME = /\.(mp4|m4v|mov|webm)$/i;
const RETRY_MS = 3000;

export const blobUrl = (sha256: string): string => `/api/blobs/${sha256}`;

export function isVideoFile(file: File): boolean {
  return file.type.startsWith('video/') || VIDEO_NAME.test(file.name);
}

class Uploads {
  items = $state<UploadItem[]>([]);
  #workspace: Workspace | null = null;
  #pumping = false;
  #again = false;
  #retrying = false;

  /** Binds the queue to the signed-in workspace and resumes what waited from last time. */
  attach(workspace: Workspace): void {
    if (this.#workspace === workspace) return;
    this.#workspace = workspace;
    this.items = [];
    if (typeof window === 'undefined') return;
    if (!this.#retrying) {
      this.#retrying = true;
      window.addEventListener('online', () => void this.pump());
      setInterval(() => {
        if (this.items.some((item) => item.state === 'waiting')) void this.pump();
      }, RETRY_MS);
    }
    void queue
      .list(workspace.me.user.id)
      .then((jobs) => {
        for (const job of jobs) {
          if (job.teamId !== workspace.teamId || this.#item(job.id)) continue;
          this.items.push(itemOf(job, 'waiting'));
        }
        void this.pump();
      })
      .catch((error: unknown) => toasts.error(error, 'Uploads'));
  }

  /** The newest upload of an asset (for its card's badge). */
  of(assetId: string): UploadItem | undefined {
    for (let i = this.items.length - 1; i >= 0; i--) {
      if (this.items[i]!.assetId === assetId) return this.items[i];
    }
    return undefined;
  }

  /** New assets from video files; added to `collectionId` too when given. */
  async addFiles(
    workspace: Workspace,
    files: Iterable<File>,
    collectionId?: string,
  ): Promise<string[]> {
    this.attach(workspace);
    const ids: string[] = [];
    for (const file of files) {
      if (!isVideoFile(file)) {
        toasts.error(new Error(`${file.name}: not a video file (MP4, MOV or WebM)`), 'Upload');
        continue;
      }
      const facts = await probeVideo(file);
      const created = act(workspace, 'Upload', (ctx) =>
        createAsset(ctx, {
          name: nameFromFile(file.name),
          status: 'generating',
          duration: facts.duration,
          width: facts.width,
          height: facts.height,
          generation_params: { source: 'upload', file_name: file.name.slice(0, 200) },
        }),
      );
      if (!created) continue;
      if (collectionId) {
        act(workspace, 'Add to collection', (ctx) =>
          addToCollection(ctx, { collection_id: collectionId, asset_id: created.asset_id }),
        );
      }
      await this.#enqueue(workspace, created.asset_id, 'new', file, facts);
      ids.push(created.asset_id);
    }
    void this.pump();
    return ids;
  }

  /** A rendered video for an existing asset (a remix draft): it turns ready once stored. */
  async addRender(workspace: Workspace, assetId: string, file: File): Promise<void> {
    this.attach(workspace);
    if (!isVideoFile(file)) {
      toasts.error(new Error(`${file.name}: not a video file (MP4, MOV or WebM)`), 'Upload');
      return;
    }
    const facts = await probeVideo(file);
    await this.#enqueue(workspace, assetId, 'render', file, facts);
    void this.pump();
  }

  async #enqueue(
    workspace: Workspace,
    assetId: string,
    kind: UploadJob['kind'],
    file: File,
    facts: Awaited<ReturnType<typeof probeVideo>>,
  ): Promise<void> {
    const job: UploadJob = {
      id: newId(),
      userId: workspace.me.user.id,
      teamId: workspace.teamId,
      assetId,
      kind,
      name: file.name,
      video: file,
      thumbnail: facts.thumbnail,
      duration: facts.duration,
      width: facts.width,
      height: facts.height,
      createdAt: new Date().toISOString(),
    };
    this.items.push(itemOf(job, 'waiting'));
    try {
      await queue.put(job);
    } catch (error) {
      // No IndexedDB (private mode): upload now, nothing survives a reload.
      this.#memory.set(job.id, job);
      void error;
    }
  }

  readonly #memory = new Map<string, UploadJob>();
  #abort = new AbortController();

  /**
   * Signing out: stops the transfer under way and drops every file `userId` left waiting, in
   * IndexedDB and in memory, so the next person on this browser neither sees nor uploads them.
   * Call before the session's local copies are deleted.
   */
  async signOut(userId: string): Promise<void> {
    this.#workspace = null;
    this.#abort.abort();
    this.#abort = new AbortController();
    this.items = [];
    for (const [id, job] of this.#memory) if (job.userId === userId) this.#memory.delete(id);
    await queue.clear(userId).catch(() => undefined);
  }

  /** Uploads every waiting job, one at a time; stops at the first one the server cannot take. */
  async pump(): Promise<void> {
    const workspace = this.#workspace;
    if (!workspace) return;
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = true;
    try {
      const stored = await queue.list(workspace.me.user.id).catch(() => [] as UploadJob[]);
      const jobs = [...stored, ...this.#memory.values()].filter(
        (job) => job.teamId === workspace.teamId,
      );
      for (const job of jobs) {
        if (!(await this.#upload(workspace, job))) break;
      }
    } finally {
      this.#pumping = false;
      if (this.#again) {
        this.#again = false;
        void this.pump();
      }
    }
  }

  /** False when the server could not be reached (the job waits). */
  async #upload(workspace: Workspace, job: UploadJob): Promise<boolean> {
    let item = this.#item(job.id);
    if (!item) {
      this.items.push(itemOf(job, 'waiting'));
      item = this.#item(job.id)!;
    }
    item.state = 'uploading';
    item.error = null;
    try {
      const signal = this.#abort.signal;
      const thumbnail = job.thumbnail
        ? await putBlob(job.thumbnail, job.teamId, () => undefined, signal)
        : null;
      const video = await putBlob(
        job.video,
        job.teamId,
        (loaded, total) => {
          item.loaded = loaded;
          item.total = total;
        },
        signal,
      );
      // Signed out (or switched away) meanwhile: the record is no longer this queue's to write.
      if (this.#workspace !== workspace) return false;
      act(workspace, 'Upload', (ctx) =>
        updateAsset(ctx, {
          asset_id: job.assetId,
          status: 'ready',
          video_sha256: video.sha256,
          video_url: blobUrl(video.sha256),
          ...(thumbnail
            ? { thumbnail_sha256: thumbnail.sha256, thumbnail_url: blobUrl(thumbnail.sha256) }
            : {}),
          ...(job.duration > 0 ? { duration: job.duration } : {}),
          ...(job.width !== null ? { width: job.width, height: job.height } : {}),
        }),
      );
      item.loaded = item.total = job.video.size;
      item.state = 'done';
      await this.#forget(job);
      return true;
    } catch (error) {
      if (error instanceof Unreachable) {
        item.state = 'waiting';
        return false;
      }
      item.state = 'failed';
      item.error = error instanceof Refused ? error.message : String(error);
      if (job.kind === 'new' && error instanceof Refused) {
        // The server refused the file itself (not a video it can store): the clip made for it
        // holds nothing, so it goes to the trash rather than staying as a "failed" card.
        act(workspace, 'Upload', (ctx) => trashAsset(ctx, { asset_id: job.assetId }));
        toasts.show(
          'error',
          `${job.name} was not added: the server could not store it as a video (MP4, MOV or WebM).`,
        );
      } else {
        toasts.error(error, `Upload of ${job.name}`);
        if (job.kind === 'new') {
          act(workspace, 'Upload', (ctx) =>
            updateAsset(ctx, { asset_id: job.assetId, status: 'failed' }),
          );
        }
      }
      await this.#forget(job);
      return true;
    }
  }

  async #forget(job: UploadJob): Promise<void> {
    this.#memory.delete(job.id);
    await queue.delete(job.id).catch(() => undefined);
  }

  #item(id: string): UploadItem | undefined {
    return this.items.find((item) => item.id === id);
  }
}

function itemOf(job: UploadJob, state: UploadState): UploadItem {
  return {
    id: job.id,
    assetId: job.assetId,
    name: job.name,
    loaded: 0,
    total: job.video.size,
    state,
    error: null,
  };
}

export const uploads = new Uploads();
