/**
 * The caller's address for rate limits and connection caps: the socket peer, or, behind a trusted
 * reverse proxy (`TRUST_PROXY`), the right-most X-Forwarded-For entry that is not one of our own
 * proxies. Everything left of that entry is whatever the client chose to send, so it is never
 * used; without `TRUST_PROXY` the header is ignored altogether.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { Context } from 'hono';
import type { AppEnv } from './context';

/** `::ffff:10.0.0.1` → `10.0.0.1`; `[::1]:443` and `1.2.3.4:80` lose their port. */
function normalize(entry: string): string {
  let address = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  const mapped = /^::ffff:([\d.]+)$/i.exec(address);
  return (mapped ? mapped[1]! : address).toLowerCase();
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.');
}

/**
 * The client address given the peer and its X-Forwarded-For header. The peer is the proxy we
 * trust; walking the header from the right, entries equal to the peer or on loopback are proxies
 * of ours (a chain on one host), and the first other entry is the address the proxy saw. A
 * malformed entry stops the walk: the peer is answered rather than a made-up value.
 */
export function forwardedAddress(
  forwardedFor: string | string[] | undefined,
  peer: string | undefined,
): string {
  const self = peer ? normalize(peer) : 'unknown';
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const entries = header
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  let found = self;
  for (let i = entries.length - 1; i >= 0; i--) {
    const address = normalize(entries[i]!);
    if (isIP(address) === 0) return found;
    found = address;
    if (address !== self && !isLoopback(address)) return address;
  }
  return found;
}

/** For the sync server: the upgrade request's client address. */
export function requestAddress(req: IncomingMessage, trustProxy: boolean): string {
  const peer = req.socket.remoteAddress;
  if (!trustProxy) return peer ?? 'unknown';
  return forwardedAddress(req.headers['x-forwarded-for'], peer);
}

export function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string {
  const peer = c.env.incoming?.socket?.remoteAddress;
  if (!trustProxy) return peer ?? 'unknown';
  return forwardedAddress(c.req.header('x-forwarded-for'), peer);
}
