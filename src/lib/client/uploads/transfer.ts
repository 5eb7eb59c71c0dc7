/** One blob to `PUT /api/blobs` with upload progress (XHR: fetch cannot report upload progress). */

export interface PutResult {
  sha256: string;
  size: number;
  content_type: string;
}

/** The server could not be reached (offline, server down): the job waits and retries. */
export class Unreachable extends Error {}

/** The server refused the file (type, size, rights): retrying will not help. */
export class Refused extends Error {}

/**
 * Uploads into `teamId`: the server lets only that team's members (and whoever its clips are
 * shared with or published to) read the file. `signal` aborts the transfer (signing out).
 */
export function putBlob(
  blob: Blob,
  teamId: string,
  onProgress: (loaded: number, total: number) => void,
  signal?: AbortSignal,
): Promise<PutResult> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Unreachable('the upload was interrupted'));
    const xhr = new XMLHttpRequest();
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.open('PUT', '/api/blobs');
    xhr.setRequestHeader('X-Team-Id', teamId);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.total || blob.size);
    xhr.onerror = () => reject(new Unreachable('the server cannot be reached'));
    xhr.onabort = () => reject(new Unreachable('the upload was interrupted'));
    xhr.onload = () => {
      const body = xhr.response as { success?: boolean; error?: string } & Partial<PutResult>;
      if (xhr.status === 200 && body?.success && body.sha256) {
        resolve(body as PutResult);
      } else if (xhr.status >= 500 || xhr.status === 0 || xhr.status === 429) {
        reject(new Unreachable(body?.error ?? `server answered ${xhr.status}`));
      } else {
        reject(new Refused(body?.error ?? `server answered ${xhr.status}`));
      }
    };
    xhr.send(blob);
  });
}
