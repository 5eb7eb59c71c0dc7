/** The caller's address for rate limits: the socket peer, or the proxy's view when trusted. */
import type { Context } from 'hono';
import type { AppEnv } from './context';

export function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    // The right-most entry is the one our own proxy appended; the rest is client-supplied.
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  return c.env.incoming?.socket?.remoteAddress ?? 'unknown';
}
