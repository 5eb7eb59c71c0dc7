import { createServer, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { assetCard, screenshot, useE2E } from './harness';

const e2e = useE2E({
  team: {
    name: 'Harbour',
    members: { ada: 'owner' },
    assets: [
      {
        name: 'Harbour at Dawn',
        prompt: 'Boats in a quiet harbour',
        mood: 'calm',
        status: 'ready',
      },
    ],
  },
});

/**
 * Listens on the server's port in its place and answers nothing until told: what a busy server
 * looks like from the browser (connections accepted, no answer). Navigations are kept so the test
 * can answer them late; everything else, the sync socket included, just hangs.
 */
function busyServer(port: number) {
  const navigations: ServerResponse[] = [];
  const sockets = new Set<Socket>();
  const http = createServer((request, response) => {
    if (request.url === '/' && request.headers['sec-fetch-mode'] === 'navigate') {
      navigations.push(response);
    }
  });
  http.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  http.on('upgrade', (_request, socket: Socket) => sockets.add(socket));
  return {
    listening: new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve)),
    navigations,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        http.close(() => resolve());
      }),
  };
}

async function cachedShellMarker(page: Page): Promise<string | null> {
  return page.evaluate(async () => {
    const name = (await caches.keys()).find((key) => key.startsWith('shell-'));
    if (!name) return null;
    const shell = await caches.match('/', { cacheName: name });
    return shell ? (shell.headers.get('x-shell') ?? 'install') : null;
  });
}

test('a busy server does not hold the app back: the cached shell opens the library, the late answer is kept', async () => {
  const page = await e2e.signIn('ada');
  const card = assetCard(page, 'Harbour at Dawn');
  await card.waitFor();
  // The worker has installed (the shell is cached) and controls the page.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  expect(await cachedShellMarker(page)).toBe('install');
  const shell = await (await fetch(`${e2e.server.url}/`)).text();

  // The server stops answering: connections are accepted, nothing comes back.
  await e2e.server.stop();
  const busy = busyServer(e2e.server.port);
  await busy.listening;
  try {
    // The reload's navigation is held by the busy server for as long as the test likes: the page
    // can only open if the worker answers it from its cache.
    await page.reload({ timeout: 30_000 });
    await card.waitFor({ timeout: 30_000 });
    expect(busy.navigations.length).toBeGreaterThan(0);
    await screenshot(page, 'service-worker-busy-server');

    // The server's answer arrives after all: the worker keeps it as the shell for next time.
    for (const response of busy.navigations) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-shell': 'late' });
      response.end(shell);
    }
    while ((await cachedShellMarker(page)) !== 'late') await page.waitForTimeout(100);
  } finally {
    await busy.close();
  }

  // Back online, the server's shell answers navigations as before.
  await e2e.server.restart();
  await page.reload();
  await card.waitFor();
});
