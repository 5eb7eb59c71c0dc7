/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />
/**
 * Keeps the app shell in the Cache Storage so the library opens with the server down (the data
 * itself comes from IndexedDB). `/api` is network-first with the last answer as fallback; the sync
 * socket is never touched.
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
    // Online, navigations fetch the newest shell; offline they get the cached one.
    event.respondWith(
      fetch(request).catch(
        async () => (await caches.match('/', { cacheName: SHELL })) ?? Response.error(),
      ),
    );
    return;
  }
  event.respondWith(shellFirst(request));
});
