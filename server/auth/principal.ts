/**
 * Who is calling: from `Authorization: Bearer`, the `vl_session` cookie or, on the sync socket
 * only, `?token=` (y-websocket's `params`). Every form is a secret looked up by its hash.
 */
import { userIdForTokenHash } from '../db/accounts';
import type { Db } from '../db/open';
import { hashSecret, looksLikeSecret } from './tokens';

export interface Principal {
  userId: string;
}

export const SESSION_COOKIE = 'vl_session';

export interface CredentialSource {
  authorization?: string | null | undefined;
  cookie?: string | null | undefined;
  /** The `token` query parameter, accepted on the sync socket where headers cannot be set. */
  queryToken?: string | null | undefined;
}

export function cookieValue(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The presented secret, bearer first; null when none was presented. */
export function presentedSecret(source: CredentialSource): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(source.authorization ?? '')?.[1];
  return bearer ?? source.queryToken ?? cookieValue(source.cookie, SESSION_COOKIE) ?? null;
}

export function principalFromSecret(
  db: Db,
  secret: string | null,
  now = new Date(),
): Principal | null {
  if (!secret || !looksLikeSecret(secret)) return null;
  const userId = userIdForTokenHash(db, hashSecret(secret), now);
  return userId ? { userId } : null;
}
