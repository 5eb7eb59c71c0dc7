/**
 * What the browser reads from a video file before uploading it: duration, dimensions and a poster
 * frame captured to a canvas as a JPEG thumbnail. No server-side ffmpeg involved.
 */

export interface VideoFacts {
  duration: number;
  width: number | null;
  height: number | null;
  thumbnail: Blob | null;
}

const THUMB_WIDTH = 480;

function once(target: EventTarget, ok: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no ${ok} event`)), timeoutMs);
    const onOk = () => done(null);
    const onError = () => done(new Error('the browser cannot read this video'));
    function done(error: Error | null): void {
      clearTimeout(timer);
      target.removeEventListener(ok, onOk);
      target.removeEventListener('error', onError);
      if (error) reject(error);
      else resolve();
    }
    target.addEventListener(ok, onOk);
    target.addEventListener('error', onError);
  });
}

/** Reads a video file; a file the browser cannot decode still uploads, without a poster. */
export async function probeVideo(file: Blob): Promise<VideoFacts> {
  const url = URL.createObjectURL(file);
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  video.playsInline = true;
  try {
    const loaded = once(video, 'loadeddata');
    video.src = url;
    await loaded;
    const duration = Number.isFinite(video.duration) ? Math.round(video.duration * 100) / 100 : 0;
    const width = video.videoWidth || null;
    const height = video.videoHeight || null;
    let thumbnail: Blob | null = null;
    try {
      // A frame a little way in says more than the first (often black) one.
      const seeked = once(video, 'seeked');
      video.currentTime = Math.min(1, duration / 3);
      await seeked;
      thumbnail = await captureFrame(video);
    } catch (_error) {
      thumbnail = null;
    }
    return { duration, width, height, thumbnail };
  } catch (_error) {
    return { duration: 0, width: null, height: null, thumbnail: null };
  } finally {
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  }
}

function captureFrame(video: HTMLVideoElement): Promise<Blob | null> {
  const scale = Math.min(1, THUMB_WIDTH / (video.videoWidth || THUMB_WIDTH));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(video.videoWidth * scale));
  canvas.height = Math.max(1, Math.round(video.videoHeight * scale));
  const context = canvas.getContext('2d');
  if (!context) return Promise.resolve(null);
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve) => canvas.toBlob((blob) => resolve(blob), 'image/jpeg', 0.82));
}

/** A name for the asset from the file name: `my_clip-v2.mp4` → `my clip v2`. */
export function nameFromFile(fileName: string): string {
  const base = fileName
    .replace(/\.[^.]+$/, '')
    .replace(/[_-]+/g, ' ')
    .trim();
  return (base || 'Uploaded video').slice(0, 255);
}
