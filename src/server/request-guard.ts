/**
 * Who may ask the operator surface (the JSON API, /status and the dashboard) for what, in one
 * place for both. Without an operator token the hub answers operator requests only from this
 * machine, addressed by loopback or an IP address (so a web page cannot reach a hub on
 * 127.0.0.1 through a rebound DNS name); with or without one, a state-changing request that
 * the browser says another site started (Fetch Metadata, or Origin) is refused.
 */
import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { Context } from 'hono';
import { clientOf, isLoopbackAddress } from './client-address.ts';

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

export function isStateChanging(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method);
}

export interface Refusal {
  status: 403 | 415;
  code: string;
  message: string;
}

/** The checks every operator request passes before its token (or session) is looked at. */
export function checkOperatorRequest(c: Context, apiToken: string | undefined): Refusal | undefined {
  const url = new URL(c.req.url);
  if (!apiToken) {
    if (!isLoopbackAddress(clientOf(c).address))
      return {
        status: 403,
        code: 'token_required',
        message:
          'Without an operator token the hub answers operator requests only from this machine. Set LEDGERBRIDGE_API_TOKEN on the hub to reach it from elsewhere.',
      };
    if (!isLoopbackOrAddress(url.hostname))
      return {
        status: 403,
        code: 'host_refused',
        message: `The hub was addressed as ${url.hostname}. Without an operator token it answers only at 127.0.0.1, [::1] or localhost, so that a web page cannot reach it through a rebound DNS name. Set LEDGERBRIDGE_API_TOKEN to use a host name.`,
      };
  }
  if (isStateChanging(c.req.method) && isCrossSite(c.req.raw.headers, url.host))
    return {
      status: 403,
      code: 'cross_site',
      message:
        'This request was started by another site (its Origin or Sec-Fetch-Site header says so), so it was refused. Nothing was changed.',
    };
  return undefined;
}

/** The media type of a request without its parameters, e.g. `application/json`. */
export function mediaTypeOf(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}
