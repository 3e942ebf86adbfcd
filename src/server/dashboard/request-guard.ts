/**
 * Checks on who may post what: forms must come from the dashboard's own pages (the browser's
 * Fetch Metadata or Origin says so, and the form carries the session's token), and without an
 * operator token the dashboard answers only requests addressed to loopback or an IP address,
 * so a web page cannot reach a hub on 127.0.0.1 through a rebound DNS name.
 */
import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

export function secretsMatch(presented: unknown, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** True when the browser says the request was started by another site. */
export function isCrossSite(headers: { get(name: string): string | null }, ownHost: string): boolean {
  const site = headers.get('sec-fetch-site');
  if (site) return site !== 'same-origin' && site !== 'none';
  const origin = headers.get('origin');
  if (!origin) return false;
  if (origin === 'null') return true;
  try {
    return new URL(origin).host !== ownHost;
  } catch {
    return true;
  }
}

/** Names a loopback-bound hub without a token is addressed by: localhost or an IP address. */
export function isLoopbackOrAddress(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare.endsWith('.localhost') || isIP(bare) !== 0;
}
