/**
 * Starts the real server (`node --import tsx server/main.ts`) on a free port with a temporary data
 * directory, and drives the admin command against the same database. For integration tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { adminFailure, runAdmin } from '../../server/admin/commands';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface StartOptions {
  /** Extra environment for the server (e.g. limits); PORT/HOST/DATA_DIR are set by the harness. */
  env?: Record<string, string>;
  /** Reuse a data directory (default: a fresh temporary one, removed by `stop()`). */
  dataDir?: string;
  /** Milliseconds to wait for the "listening" line. */
  timeoutMs?: number;
}

export interface AdminResult {
  code: number | null;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  stdout: string;
  stderr: string;
}

export interface TestServer {
  url: string;
  wsUrl: string;
  port: number;
  dataDir: string;
  /** The server's output so far (JSON log lines and stderr), for failure messages. */
  output(): string;
  /**
   * Runs an admin command (`team create --name N`, …) on this server's database and resolves to
   * its one JSON object. Runs the command's code in this process (fast; another connection to the
   * same file, so the server notices it exactly as it notices the CLI).
   */
  admin(...args: string[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Spawns the real CLI (`server/admin.ts <args>`): exit code, raw output and its JSON. */
  adminRaw(...args: string[]): Promise<AdminResult>;
  /** Creates the user (and the team, when no team has that id or name) and the membership. */
  createUser(
    username: string,
    password: string,
    teamIdOrName: string,
    role: 'owner' | 'admin' | 'editor' | 'viewer',
  ): Promise<{ userId: string; teamId: string }>;
  login(username: string, password: string): Promise<{ token: string; cookie: string }>;
  /** SIGKILL, no flush: what a crash looks like. */
  kill9(): Promise<void>;
  /** SIGTERM and wait; resolves to the exit code. The data directory stays (for `restart()`). */
  stop(): Promise<number | null>;
  /** Starts the server again on the same port and data directory (after kill9 or stop). */
  restart(): Promise<void>;
}

// An absolute loader path, so the server also runs from another working directory (`.env` tests).
const TSX = ['--import', pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href];

// Temporary data directories are removed when the test process ends (after every restart).
const temporaryDirs = new Set<string>();
process.on('exit', () => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

function runNode(
  args: string[],
  env: Record<string, string>,
  cwd = ROOT,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TSX, ...args], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs the server entry with the given environment until it exits (for start-up failures), in
 * `cwd` (default: the repository), where it reads `.env`.
 */
export function runServerToExit(
  env: Record<string, string>,
  cwd = ROOT,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runNode([path.join(ROOT, 'server/main.ts')], env, cwd);
}

export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'vl-test-'));
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let port = 0;
  let child: ChildProcess | null = null;
  let exited: Promise<number | null> = Promise.resolve(null);
  let log = '';

  async function launch(wantedPort: number): Promise<void> {
    log = '';
    const proc = spawn(process.execPath, [...TSX, 'server/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        LOG_LEVEL: 'info',
        ...opts.env,
        PORT: String(wantedPort),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    exited = new Promise((resolve) =>
      proc.on('exit', (code, signal) => resolve(code ?? (signal ? null : 0))),
    );
    port = await new Promise<number>((resolve, reject) => {
      let buffered = '';
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), timeoutMs);
      proc.stdout!.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        log += text;
        buffered += text;
        let newline;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          if (!line.includes('"listening"')) continue;
          try {
            const entry = JSON.parse(line) as { msg?: string; port?: number };
            if (entry.msg === 'listening' && typeof entry.port === 'number') {
              clearTimeout(timer);
              resolve(entry.port);
            }
          } catch {
            // not a log line
          }
        }
      });
      proc.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
      proc.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code} before listening:\n${log}`));
      });
    });
  }

  if (ownDir) temporaryDirs.add(dataDir);
  await launch(0);

  const adminRaw = async (...args: string[]): Promise<AdminResult> => {
    const result = await runNode(['server/admin.ts', ...args], { DATA_DIR: dataDir });
    let json: unknown;
    try {
      json = JSON.parse(result.stdout);
    } catch {
      json = null;
    }
    return { ...result, json };
  };

  const server: TestServer = {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get wsUrl() {
      return `ws://127.0.0.1:${port}/sync`;
    },
    get port() {
      return port;
    },
    dataDir,
    output: () => log,
    adminRaw,
    async admin(...args) {
      try {
        return await runAdmin(args, { DATA_DIR: dataDir });
      } catch (error) {
        return adminFailure(error);
      }
    },
    async createUser(username, password, teamIdOrName, role) {
      // `--flag=value`: a value starting with `-` is never read as an option.
      const user = await server.admin(
        'user',
        'create',
        `--username=${username}`,
        `--password=${password}`,
      );
      if (!user.success) throw new Error(`user create: ${user.error}`);
      const addMember = (team: string) =>
        server.admin('member', 'add', `--team=${team}`, `--user=${username}`, `--role=${role}`);
      let member = await addMember(teamIdOrName);
      if (!member.success && /not found/.test(member.error)) {
        const team = await server.admin('team', 'create', `--name=${teamIdOrName}`);
        if (!team.success) throw new Error(`team create: ${team.error}`);
        member = await addMember(team.team.id);
      }
      if (!member.success) throw new Error(`member add: ${member.error}`);
      return { userId: user.user.id as string, teamId: member.team.id as string };
    },
    async login(username, password) {
      const response = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      const body = (await response.json()) as { success: boolean; token?: string; error?: string };
      if (!response.ok || !body.token)
        throw new Error(`login ${username}: ${response.status} ${body.error}`);
      const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      return { token: body.token, cookie };
    },
    async kill9() {
      child?.kill('SIGKILL');
      await exited;
      child = null;
    },
    async stop() {
      if (!child) return null;
      child.kill('SIGTERM');
      const code = await exited;
      child = null;
      return code;
    },
    async restart() {
      if (child) {
        child.kill('SIGTERM');
        await exited;
      }
      await launch(port);
    },
  };
  return server;
}
