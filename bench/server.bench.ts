/**
 * `npm run bench:server`: N clients (100, 1,000) in one room on loopback, one writer sending small
 * updates at a steady rate; p50/p99 delivery latency to every other client, updates delivered (and
 * for ours persisted first) per second under a burst, and the server's peak RSS. The same load runs,
 * alternating, against our real server (server/main.ts: auth on every socket, SQLite append before
 * broadcast), the stock @y/websocket-server and Hocuspocus. Each server runs in its own process;
 * all clients run in this one. Figures go to BENCHMARKS.md, "Sync server".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashSecret, newSecret } from '../server/auth/tokens';
import { insertTeam, insertToken, insertUser, upsertMembership } from '../server/db/accounts';
import { openDatabase } from '../server/db/open';
import { hocuspocusClient, yWebsocketClient, type BenchClient } from './server-clients';

/** `sync` (our sync layer alone, see server-targets.ts) runs only when named in BENCH_TARGETS. */
type Target = 'ours' | 'sync' | 'stock' | 'hocuspocus';
const ALL_TARGETS: Target[] = ['ours', 'stock', 'hocuspocus'];
const TARGETS = (process.env.BENCH_TARGETS?.split(',') as Target[] | undefined) ?? ALL_TARGETS;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const SIZES = (process.env.BENCH_SIZES ?? '100,1000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RATE_PER_SECOND = 10;
const STEADY_UPDATES = 100;
const BURST_WRITERS = 10;
const BURST_PER_WRITER = 200;

interface RunResult {
  target: Target;
  clients: number;
  p50: number;
  p99: number;
  missed: number;
  burstPerSecond: number;
  idleRssMiB: number;
  peakRssMiB: number;
}

interface Started {
  child: ChildProcess;
  url: string;
  room: string;
  /** Where the burst writers and their one reader meet, beside the crowded room. */
  burstRoom: string;
  tokens: string[];
  cleanup(): void;
}

function waitForLine(child: ChildProcess, match: (line: string) => number | null): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let log = '';
    const timer = setTimeout(() => reject(new Error(`no port from server:\n${log}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      log += chunk.toString();
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const port = match(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        if (port !== null) {
          clearTimeout(timer);
          resolve(port);
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${log}`)));
  });
}

function parsePort(line: string): number | null {
  try {
    const entry = JSON.parse(line) as { port?: unknown; msg?: unknown };
    if (typeof entry.port === 'number' && (entry.msg === undefined || entry.msg === 'listening')) {
      return entry.port;
    }
  } catch {
    // not a JSON line
  }
  return null;
}

/** A fresh data directory with one team and one user (with an API token) per client. */
function seedAccounts(count: number): {
  dataDir: string;
  teamId: string;
  burstTeamId: string;
  tokens: string[];
} {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vl-bench-'));
  const db = openDatabase(path.join(dataDir, 'library.db'));
  const tokens: string[] = [];
  let teamId = '';
  let burstTeamId = '';
  db.transaction(() => {
    teamId = insertTeam(db, 'bench').id;
    burstTeamId = insertTeam(db, 'bench-burst').id;
    for (let i = 0; i < count; i++) {
      const user = insertUser(db, {
        username: `user${i}`,
        displayName: `User ${i}`,
        passwordHash: 'unused',
      });
      upsertMembership(db, teamId, user.id, 'editor');
      if (i <= BURST_WRITERS + 1) upsertMembership(db, burstTeamId, user.id, 'editor');
      const token = newSecret();
      insertToken(db, {
        userId: user.id,
        kind: 'api',
        name: 'bench',
        tokenHash: hashSecret(token),
        expiresAt: null,
      });
      tokens.push(token);
    }
  })();
  db.close();
  return { dataDir, teamId, burstTeamId, tokens };
}

async function startTarget(target: Target, clients: number): Promise<Started> {
  if (target === 'ours') {
    const { dataDir, teamId, burstTeamId, tokens } = seedAccounts(clients);
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const port = await waitForLine(child, parsePort);
    return {
      child,
      url: `ws://127.0.0.1:${port}/sync`,
      room: `team/${teamId}`,
      burstRoom: `team/${burstTeamId}`,
      tokens,
      cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/server-targets.ts', target], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await waitForLine(child, parsePort);
  if (target === 'sync') {
    return {
      child,
      url: `ws://127.0.0.1:${port}/sync`,
      room: 'team/bench',
      burstRoom: 'team/bench-burst',
      tokens: Array.from({ length: clients + BURST_WRITERS + 1 }, (_, i) => `user${i}`),
      cleanup: () => {},
    };
  }
  return {
    child,
    url: `ws://127.0.0.1:${port}`,
    room: 'team/bench',
    burstRoom: 'team/bench-burst',
    tokens: [],
    cleanup: () => {},
  };
}

function rssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) return false;
    await sleep(5);
  }
  return true;
}

async function run(target: Target, clientCount: number): Promise<RunResult> {
  const started = await startTarget(target, clientCount);
  const pid = started.child.pid!;
  const idleRss = rssMiB(pid);
  let peakRss = idleRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(pid))), 200);
  const clients: BenchClient[] = [];
  const connectAs = (room: string, index: number) =>
    target === 'hocuspocus'
      ? hocuspocusClient(started.url, room)
      : yWebsocketClient(started.url, room, started.tokens[index]);
  try {
    for (let i = 0; i < clientCount; i += 100) {
      const batch: BenchClient[] = [];
      for (let j = i; j < Math.min(clientCount, i + 100); j++) {
        batch.push(connectAs(started.room, j));
      }
      clients.push(...batch);
      await Promise.all(batch.map((client) => client.synced));
    }

    const sentAt: number[] = [];
    const latencies: number[] = [];
    clients.forEach((client, index) => {
      if (index === 0) return;
      const map = client.doc.getMap<number>('bench');
      map.observe(() => latencies.push(performance.now() - sentAt[map.get('s')!]!));
    });
    await sleep(500);

    // Steady phase: one writer, small updates at a fixed rate.
    const writer = clients[0]!.doc.getMap<number | string>('bench');
    for (let seq = 0; seq < STEADY_UPDATES; seq++) {
      sentAt[seq] = performance.now();
      writer.set('s', seq);
      await sleep(1000 / RATE_PER_SECOND);
    }
    const expected = STEADY_UPDATES * (clientCount - 1);
    await until(() => latencies.length >= expected, 10_000);
    const missed = expected - latencies.length;

    // Burst phase, with the crowd still connected: ten writers in a second room each make their
    // changes at once; updates per second until that room's reader has them all (ours appends
    // each to SQLite before sending it on).
    const burstClients = Array.from({ length: BURST_WRITERS + 1 }, (_, i) =>
      connectAs(started.burstRoom, i),
    );
    clients.push(...burstClients);
    await Promise.all(burstClients.map((client) => client.synced));
    let burstReceived = 0;
    burstClients[0]!.doc.getMap('burst').observe(() => burstReceived++);
    const total = BURST_WRITERS * BURST_PER_WRITER;
    const burstStart = performance.now();
    for (let w = 1; w <= BURST_WRITERS; w++) {
      const map = burstClients[w]!.doc.getMap<string>('burst');
      for (let i = 0; i < BURST_PER_WRITER; i++) map.set('t', `${w}:${i}`);
    }
    await until(() => burstReceived >= total, 60_000);
    const burstSeconds = (performance.now() - burstStart) / 1000;

    latencies.sort((a, b) => a - b);
    return {
      target,
      clients: clientCount,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      missed,
      burstPerSecond: burstReceived / burstSeconds,
      idleRssMiB: idleRss,
      peakRssMiB: peakRss,
    };
  } finally {
    clearInterval(sampler);
    for (const client of clients) client.destroy();
    started.child.kill('SIGTERM');
    await new Promise((resolve) => {
      if (started.child.exitCode !== null) resolve(null);
      else started.child.once('exit', resolve);
    });
    started.cleanup();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// Every y-websocket provider registers a process 'exit' handler.
process.setMaxListeners(0);
const results: RunResult[] = [];
const benchStart = performance.now();
const loadBefore = loadavg()[0]!;
for (const size of SIZES) {
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order so no server always runs first (or after the heaviest one).
    const order = TARGETS.map((_, i) => TARGETS[(i + round) % TARGETS.length]!);
    for (const target of order) {
      let result: RunResult;
      try {
        result = await run(target, size);
      } catch (error) {
        // A shared machine sometimes kills or starves a process; one retry, then give up.
        console.log(`${target} at ${size} clients failed (${String(error).slice(0, 200)}); again`);
        result = await run(target, size);
      }
      results.push(result);
      console.log(
        `${String(size).padStart(5)} clients  ${target.padEnd(10)}  p50 ${result.p50.toFixed(1)} ms` +
          `  p99 ${result.p99.toFixed(1)} ms  missed ${result.missed}` +
          `  burst ${result.burstPerSecond.toFixed(0)}/s  RSS ${result.idleRssMiB.toFixed(0)}` +
          ` → ${result.peakRssMiB.toFixed(0)} MiB`,
      );
    }
  }
}

interface Summary {
  p50: number;
  p99: number;
  missed: number;
  burst: number;
  idle: number;
  rss: number;
}
const summary = new Map<string, Summary>();
for (const size of SIZES) {
  for (const target of TARGETS) {
    const runs = results.filter((r) => r.clients === size && r.target === target);
    summary.set(`${size} ${target}`, {
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
      missed: runs.reduce((sum, r) => sum + r.missed, 0),
      burst: median(runs.map((r) => r.burstPerSecond)),
      idle: median(runs.map((r) => r.idleRssMiB)),
      rss: median(runs.map((r) => r.peakRssMiB)),
    });
  }
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const lines: string[] = [
  '## Sync server',
  '',
  `\`npm run bench:server\`, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores ` +
    `(${cpu}), Node ${process.version}, ${ROUNDS} alternating rounds per size ` +
    `(median shown), ${((performance.now() - benchStart) / 1000).toFixed(0)} s in all. ` +
    `Load average ${loadBefore.toFixed(1)} before and ${loadavg()[0]!.toFixed(1)} after: ` +
    'the machine was shared with other work, so single runs vary by up to 2×; compare the ' +
    'alternating medians, not one row.',
  '',
  'One room on loopback. Every client is a real provider in the bench process (y-websocket for ' +
    'ours and the stock server, @hocuspocus/provider for Hocuspocus, one socket each, no awareness ' +
    'state); each server runs in its own process. **ours** is the real `server/main.ts`: every ' +
    'socket authenticated with its own user’s API token and checked against the team, each ' +
    'update appended to SQLite (WAL) before it is broadcast, log compaction on. **stock** is ' +
    '`@y/websocket-server` 0.1.1 `setupWSConnection` and **Hocuspocus** is `@hocuspocus/server` ' +
    '3.4.3, both without auth or persistence.',
  '',
  `- latency: one writer sets a map key ${RATE_PER_SECOND} times a second ` +
    `(${STEADY_UPDATES} updates); time from the writer’s local change to each other client’s ` +
    'observer, over every (update, client) pair. "missed" counts deliveries that never arrived.',
  `- burst: with the crowd still connected, ${BURST_WRITERS} writers in a second room each make ` +
    `${BURST_PER_WRITER} changes at once (one message each); updates per second until that ` +
    'room’s reader has them all. For ours every one of them was on disk before it was sent, so ' +
    'this is also its rate of updates persisted per second.',
  '- RSS: the server process once listening (idle), and its peak, sampled every 200 ms to the ' +
    'end of the run. Ours idles higher because the same process also carries the HTTP API, ' +
    'accounts and SQLite; the difference between the two columns is what the clients cost.',
  '',
  '| clients | server | p50 ms | p99 ms | missed | burst updates/s | idle RSS MiB | peak RSS MiB |',
  '|---:|---|---:|---:|---:|---:|---:|---:|',
];
for (const size of SIZES) {
  for (const target of TARGETS) {
    const s = summary.get(`${size} ${target}`)!;
    lines.push(
      `| ${size} | ${target} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${s.missed} | ${fmt(s.burst, 0)} | ` +
        `${fmt(s.idle, 0)} | ${fmt(s.rss, 0)} |`,
    );
  }
}
lines.push(
  '',
  'Ratios (ours ÷ other; below 1 is better for latency and RSS, above 1 for burst):',
  '',
);
lines.push(
  '| clients | vs | p50 | p99 | burst | peak RSS | RSS growth |',
  '|---:|---|---:|---:|---:|---:|---:|',
);
for (const size of SIZES) {
  const ours = summary.get(`${size} ours`);
  for (const other of ['stock', 'hocuspocus'] as const) {
    const s = summary.get(`${size} ${other}`);
    if (!ours || !s) continue;
    lines.push(
      `| ${size} | ${other} | ${fmt(ours.p50 / s.p50, 2)} | ${fmt(ours.p99 / s.p99, 2)} | ` +
        `${fmt(ours.burst / s.burst, 2)} | ${fmt(ours.rss / s.rss, 2)} | ` +
        `${fmt((ours.rss - ours.idle) / (s.rss - s.idle), 2)} |`,
    );
  }
}
const largest = Math.max(...SIZES);
const oursAtLargest = summary.get(`${largest} ours`);
const stockAtLargest = summary.get(`${largest} stock`);
const hocusAtLargest = summary.get(`${largest} hocuspocus`);
if (oursAtLargest && stockAtLargest && hocusAtLargest) {
  const verdict = (ratio: number, bar: number) => (ratio <= bar ? 'met' : 'not met in this run');
  lines.push(
    '',
    `Goal (issue 3), p99 at ${largest} clients: no worse than stock — ` +
      `${fmt(oursAtLargest.p99 / stockAtLargest.p99, 2)}×, ` +
      `${verdict(oursAtLargest.p99 / stockAtLargest.p99, 1)}; clearly better (≤ 0.9×) than ` +
      `Hocuspocus — ` +
      `${fmt(oursAtLargest.p99 / hocusAtLargest.p99, 2)}×, ` +
      `${verdict(oursAtLargest.p99 / hocusAtLargest.p99, 0.9)}.`,
  );
}
const section = lines.join('\n') + '\n';
console.log(`\n${section}`);

const outDir = path.join(ROOT, 'bench', 'out');
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'server.json'), JSON.stringify(results, null, 2));

// Replace only our section; the rest of BENCHMARKS.md belongs to other benchmarks.
if (process.env.BENCH_WRITE !== '0') {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const pattern = /## Sync server\n[\s\S]*?(?=\n## |$)/;
  const next = pattern.test(current)
    ? current.replace(pattern, section.trimEnd() + '\n')
    : `${current.trimEnd()}\n\n${section}`;
  writeFileSync(file, next);
}
process.exit(0);
