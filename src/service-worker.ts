/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />
/**
 * Keeps the app shell in the Cache Storage so the library opens with the server down (the data
 * itself comes from IndexedDB). Navigations get the server's shell unless it is slower than a few
 * seconds or unreachable, then the cached one. `/api` is network-first with the last answer as
 * fallback (a slow answer is still waited for: a stale list right after a change would mislead);
 * the sync socket is never touched.
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL = `shell-${version}`;
const API = `api-${version}`;
const SHELL_FILES = [...build, ...files, '/'];

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(SHELL_FILES))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((key) => key !== SHELL && key !== API).map((key) => caches.delete(key)),
        ),
      )
      .then(() => sw.clients.claim()),
  );
});

async function networkFirst(request: Request, cacheName: string): Promise<Response> {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) void cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw error;
  }
}

/**
 * How long a navigation waits for the server before the cached shell answers it: a slow or busy
 * server must not hold the app back (the library itself opens from IndexedDB).
 */
const NAVIGATION_TIMEOUT_MS = 3000;
/** The files of this build, to recognise a shell that belongs to it. */
const BUILD_FILES = new Set(build);

/**
 * Whether every hashed file a shell loads is one this worker has cached: a shell from a newer
 * deploy is left for that deploy's worker, else offline it would ask for files nobody cached.
 */
function belongsToThisBuild(html: string): boolean {
  for (const match of html.matchAll(/\/_app\/immutable\/[^"'`\s)]+/g)) {
    if (!BUILD_FILES.has(match[0])) return false;
  }
  return true;
}

async function keepShell(response: Response): Promise<void> {
  if (!response.ok || response.redirected || response.type !== 'basic') return;
  const copy = response.clone();
  if (!belongsToThisBuild(await response.clone().text())) return;
  // Every app route is the same SPA page: the newest answer is the shell for all of them.
  await (await caches.open(SHELL)).put('/', copy);
}

/**
 * Navigations race the network against {@link NAVIGATION_TIMEOUT_MS}: the first of the server's
 * answer and the cached shell (once the time is up, or at once when the network fails) answers.
 * A late answer from the server still replaces the cached shell for next time.
 */
function navigate(event: FetchEvent): Promise<Response> {
  const network = fetch(event.request);
  // Keeps the worker alive until the server's answer, however late, is stored.
  event.waitUntil(network.then(keepShell).catch(() => undefined));
  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    let failure: unknown = null;
    const answer = (response: Response) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(response);
    };
    // No cached shell (first visit): the network's answer or failure is the only one there is.
    const fallBack = () => {
      void caches.match('/', { cacheName: SHELL }).then((shell) => {
        if (shell) answer(shell);
        else if (failure !== null && !settled) reject(failure);
      });
    };
    const timer = setTimeout(fallBack, NAVIGATION_TIMEOUT_MS);
    network.then(answer, (error: unknown) => {
      failure = error ?? new Error('network error');
      clearTimeout(timer);
      fallBack();
    });
  });
}

async function shellFirst(request: Request): Promise<Response> {
  const cache = await caches.open(SHELL);
  const cached = await cache.match(request);
  if (cached) return cached;
  try {
    return await fetch(request);
  } catch (error) {
    // Every app route is the same SPA page: answer navigations with the cached shell.
    if (request.mode === 'navigate') {
      const shell = await cache.match('/');
      if (shell) return shell;
    }
    throw error;
  }
}

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin || url.pathname.startsWith('/sync')) return;
  // Range requests go straight to the server; who is signed in is never answered from a cache
  // (the app keeps its own copy and knows it is offline when the server cannot be reached).
  if (url.pathname.startsWith('/api/blobs/') || url.pathname.startsWith('/api/auth/')) return;
  if (url.pathname.startsWith('/api/')) {
    event.respondWith(networkFirst(request, API));
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(navigate(event));
    return;
  }
  event.respondWith(shellFirst(request));
});
