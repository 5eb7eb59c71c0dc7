/**
 * Serves the built SPA (adapter-static output in `build/`): real files as they are, every other
 * app route gets `index.html` (the client router takes over). Hashed files under
 * `/_app/immutable/` are cached for a year; the shell and the service worker are always revalidated.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** Resolves a URL path inside `root`, or null when it would leave it or is not a plain path. */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter(Boolean);
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const file = path.resolve(root, ...segments);
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

async function fileResponse(
  c: Context,
  file: string,
  cacheControl: string,
): Promise<Response | null> {
  let info;
  try {
    info = await stat(file);
  } catch {
    return null;
  }
  if (!info.isFile()) return null;
  const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers: Record<string, string> = {
    'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Cache-Control': cacheControl,
    ETag: etag,
  };
  if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers });
  const body = c.req.method === 'HEAD' ? null : await readFile(file);
  return new Response(body, {
    status: 200,
    headers: { ...headers, 'Content-Length': String(info.size) },
  });
}

export function spaHandler(buildDir: string) {
  const root = path.resolve(buildDir);
  return async (c: Context): Promise<Response> => {
    const urlPath = new URL(c.req.url).pathname;
    const file = resolveInside(root, urlPath);
    if (file === null) return c.json({ success: false, error: 'path: not allowed' }, 400);
    const immutable = urlPath.startsWith('/_app/immutable/');
    const direct = await fileResponse(c, file, immutable ? IMMUTABLE : REVALIDATE);
    if (direct) return direct;
    // A missing asset is a 404; only page routes (no file extension) fall back to the shell.
    if (immutable || path.extname(urlPath) !== '') {
      return c.json({ success: false, error: 'path: not found' }, 404);
    }
    const shell = await fileResponse(c, path.join(root, 'index.html'), REVALIDATE);
    return (
      shell ??
      c.json({ success: false, error: 'app: not built (run `npm run build` or `npm start`)' }, 503)
    );
  };
}
