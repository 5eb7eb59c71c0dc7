/**
 * Files waiting to upload, kept in IndexedDB so they survive a reload or the server being away:
 * the asset record exists at once (it syncs like any edit), the bytes follow when the server is
 * back. One object store, keyed by job id; written by hand on the IndexedDB API.
 */

export interface UploadJob {
  id: string;
  /** Whose queue (a shared browser must not upload someone else's files under their name). */
  userId: string;
  teamId: string;
  assetId: string;
  /** `new`: the asset was made for this file; `render`: a video for an existing draft. */
  kind: 'new' | 'render';
  name: string;
  video: Blob;
  thumbnail: Blob | null;
  duration: number;
  width: number | null;
  height: number | null;
  createdAt: string;
}

const DB_NAME = 'vl-uploads';
const STORE = 'jobs';

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => {
      opening = null;
      reject(request.error ?? new Error('IndexedDB unavailable'));
    };
  });
  return opening;
}

function run<T>(
  mode: IDBTransactionMode,
  fn: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const request = fn(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(request.result);
        tx.onerror = () => reject(tx.error ?? request.error);
        tx.onabort = () => reject(tx.error ?? new Error('aborted'));
      }),
  );
}

export const queue = {
  put: (job: UploadJob): Promise<IDBValidKey> => run('readwrite', (store) => store.put(job)),
  delete: (id: string): Promise<undefined> => run('readwrite', (store) => store.delete(id)),
  /** Drops every job of `userId` (signing out: their files must not wait on a shared browser). */
  async clear(userId: string): Promise<void> {
    const all = (await run('readonly', (store) => store.getAll())) as UploadJob[];
    const ids = all.filter((job) => job.userId === userId).map((job) => job.id);
    if (ids.length === 0) return;
    await open().then(
      (db) =>
        new Promise<void>((resolve, reject) => {
          const tx = db.transaction(STORE, 'readwrite');
          const store = tx.objectStore(STORE);
          for (const id of ids) store.delete(id);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error ?? new Error('IndexedDB error'));
          tx.onabort = () => reject(tx.error ?? new Error('aborted'));
        }),
    );
  },
  async list(userId: string): Promise<UploadJob[]> {
    const all = (await run('readonly', (store) => store.getAll())) as UploadJob[];
    return all
      .filter((job) => job.userId === userId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  },
};
