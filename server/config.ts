/**
 * Server configuration from the environment and an optional `.env` file. Every value is validated
 * once at start; a bad one stops the process with a message naming the variable.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const intInRange = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .default(fallback);

const optionalInt = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional();

const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .transform((value) => value === 'true' || value === '1' || value === 'yes')
    .default(fallback);

const envSchema = z.object({
  PORT: intInRange(0, 65535, 5000),
  HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
  DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./data'),
  BUILD_DIR: z.string().trim().min(1, 'must not be empty').default('./build'),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' })
    .optional(),
  TRUST_PROXY: booleanFlag(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: intInRange(1, 24 * 365, 24 * 30),
  MAX_BODY_BYTES: intInRange(1024, 100 * 1024 * 1024, 1024 * 1024),
  LOGIN_MAX_FAILURES_PER_USER: intInRange(1, 1000, 5),
  LOGIN_MAX_FAILURES_PER_IP: intInRange(1, 10_000, 20),
  LOGIN_WINDOW_SECONDS: intInRange(1, 24 * 3600, 15 * 60),
  // Sync limits: unset means the sync server's own default (server/sync/limits.ts).
  MAX_MESSAGE_BYTES: optionalInt(1024, 64 * 1024 * 1024),
  MAX_UPDATE_BYTES: optionalInt(1024, 1024 * 1024 * 1024),
  MAX_CONNECTIONS_PER_USER: optionalInt(1, 100_000),
  MAX_ANONYMOUS_PER_ADDRESS: optionalInt(1, 100_000),
  MAX_AWARENESS_PER_SECOND: optionalInt(1, 10_000),
  REVALIDATE_INTERVAL_MS: intInRange(50, 60_000, 500),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  dbPath: string;
  buildDir: string;
  publicUrl: string | null;
  /** Cookies get `Secure` when the public URL is https (TLS ends at a reverse proxy). */
  secureCookies: boolean;
  /**
   * Take the client address (login limits, the signed-out sync socket cap) from X-Forwarded-For:
   * only behind a proxy that sets it (server/http/client-address.ts).
   */
  trustProxy: boolean;
  logLevel: string;
  sessionTtlMs: number;
  maxBodyBytes: number;
  login: { maxFailuresPerUser: number; maxFailuresPerIp: number; windowMs: number };
  /** Overrides of the sync server's limits; only the ones set in the environment. */
  limits: {
    maxMessageBytes?: number;
    maxUpdateBytes?: number;
    maxConnectionsPerPrincipal?: number;
    maxAnonymousConnectionsPerAddress?: number;
    awarenessPerSecond?: number;
  };
  revalidateIntervalMs: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Loads `.env` from `cwd` (values already in the environment win), like dotenv. */
export function loadDotEnv(cwd: string): void {
  const file = path.join(cwd, '.env');
  if (!existsSync(file)) return;
  try {
    // process.loadEnvFile never overrides variables that are already set.
    process.loadEnvFile(file);
  } catch (error) {
    throw new ConfigError(`.env: cannot be read (${(error as Error).message})`);
  }
}

/** Validates the environment; throws {@link ConfigError} naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): Config {
  const known: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    // An empty value (`PORT=`) means "not set", as in most tools.
    known[key] = value === '' ? undefined : value;
  }
  const parsed = envSchema.safeParse(known);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    const given = known[name];
    const shown = given === undefined ? '' : ` (got ${JSON.stringify(given.slice(0, 100))})`;
    throw new ConfigError(`${name}: ${issue?.message ?? 'invalid'}${shown}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.DATA_DIR);
  const publicUrl = e.PUBLIC_URL ?? null;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    dbPath: path.join(dataDir, 'library.db'),
    buildDir: path.resolve(cwd, e.BUILD_DIR),
    publicUrl,
    secureCookies: publicUrl?.startsWith('https:') ?? false,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600 * 1000,
    maxBodyBytes: e.MAX_BODY_BYTES,
    login: {
      maxFailuresPerUser: e.LOGIN_MAX_FAILURES_PER_USER,
      maxFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
      windowMs: e.LOGIN_WINDOW_SECONDS * 1000,
    },
    limits: Object.fromEntries(
      Object.entries({
        maxMessageBytes: e.MAX_MESSAGE_BYTES,
        maxUpdateBytes: e.MAX_UPDATE_BYTES,
        maxConnectionsPerPrincipal: e.MAX_CONNECTIONS_PER_USER,
        maxAnonymousConnectionsPerAddress: e.MAX_ANONYMOUS_PER_ADDRESS,
        awarenessPerSecond: e.MAX_AWARENESS_PER_SECOND,
      }).filter(([, value]) => value !== undefined),
    ),
    revalidateIntervalMs: e.REVALIDATE_INTERVAL_MS,
  };
}
