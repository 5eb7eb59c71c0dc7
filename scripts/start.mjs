#!/usr/bin/env node
// `npm start`: builds the app when `build/` is missing or older than its sources, then runs the
// server, forwarding signals (SIGTERM/SIGINT → graceful shutdown) and the exit code.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtShell = path.join(root, 'build', 'index.html');
const SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];

/** Newest modification time under `target` (a file or a directory). */
function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const info = statSync(target);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(target)) {
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

function buildIsStale() {
  if (!existsSync(builtShell)) return true;
  const built = statSync(builtShell).mtimeMs;
  return SOURCES.some((source) => newestMtime(path.join(root, source)) > built);
}

if (process.env.SKIP_BUILD !== '1' && buildIsStale()) {
  console.error('Building the app…');
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  // Quiet unless it fails: the build's own chatter (chunk sizes, "run npm run preview") is not for
  // someone starting the server.
  const build = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (build.status !== 0) {
    process.stderr.write(build.stdout ?? '');
    process.stderr.write(build.stderr ?? '');
    console.error('The app build failed; see the output above.');
    process.exit(build.status ?? 1);
  }
  const warnings = `${build.stdout ?? ''}${build.stderr ?? ''}`
    .split('\n')
    .filter((line) => /warn|error/i.test(line) && !/PLUGIN_TIMINGS|npm run preview/.test(line));
  for (const line of warnings) console.error(line);
}

const server = spawn(process.execPath, ['--import', 'tsx', path.join('server', 'main.ts')], {
  cwd: root,
  stdio: ['inherit', 'pipe', 'inherit'],
});

// The server logs JSON lines; pass them through and add one line a person can read once it listens.
let pending = '';
let announced = false;
server.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (announced) return;
  pending += chunk.toString('utf8');
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    let entry;
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if (entry?.msg !== 'listening' || !entry.port) continue;
    const rawHost = entry.host ?? entry.address ?? process.env.HOST ?? 'localhost';
    const host = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(rawHost) ? 'localhost' : rawHost;
    console.log(`Video Library is running at http://${host}:${entry.port}`);
    announced = true;
    pending = '';
    break;
  }
});
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code) => process.exit(code ?? 1));
