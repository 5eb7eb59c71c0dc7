/** Issuing and clearing the session: a token row, the HttpOnly cookie, and the same secret in the body. */
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { insertToken } from '../db/accounts';
import type { Db } from '../db/open';
import type { Config } from '../config';
import { SESSION_COOKIE } from '../auth/principal';
import { hashSecret, newSecret } from '../auth/tokens';

export function issueSession(c: Context, db: Db, config: Config, userId: string): string {
  const secret = newSecret();
  insertToken(db, {
    userId,
    kind: 'session',
    name: 'login',
    tokenHash: hashSecret(secret),
    expiresAt: new Date(Date.now() + config.sessionTtlMs),
  });
  setCookie(c, SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: config.secureCookies,
    maxAge: Math.floor(config.sessionTtlMs / 1000),
  });
  return secret;
}

export function clearSessionCookie(c: Context, config: Config): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: config.secureCookies });
}
