/**
 * Microsoft Entra ID client-credentials tokens for the BC API: one form POST to the tenant's
 * token endpoint, cached until shortly before expiry. Concurrent callers share one request,
 * and a token BC rejected is dropped so the next caller fetches a fresh one.
 */
import type { Clock } from '../../core/clock.ts';
import { ConnectorError } from '../../core/errors.ts';
import { bcTokenScope, tokenUrlOf, type BcConfig } from './config.ts';
import { parseRetryAfter } from './errors.ts';
import { sendHttp, type FetchLike } from './transport.ts';

export interface TokenProviderOptions {
  config: Pick<BcConfig, 'authorityHost' | 'tenantId' | 'clientId' | 'tokenRefreshMarginMs' | 'requestTimeoutMs'>;
  clientSecret: string;
  fetch: FetchLike;
  clock: Clock;
}

export interface TokenProvider {
  /** A bearer token valid for at least the refresh margin. */
  getToken(): Promise<string>;
  /** Forget `token` (BC answered 401 with it); a newer token already cached is kept. */
  invalidate(token: string): void;
}

interface CachedToken {
  value: string;
  expiresAt: number;
}

export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const { config, clock } = options;
  let cached: CachedToken | undefined;
  let pending: Promise<CachedToken> | undefined;

  const fresh = (token: CachedToken | undefined): token is CachedToken =>
    token !== undefined && clock.now() < token.expiresAt - config.tokenRefreshMarginMs;

  async function getToken(): Promise<string> {
    if (fresh(cached)) return cached.value;
    // Shared by every waiting caller, so no single caller's cancellation may abort it.
    pending ??= requestToken(options).finally(() => {
      pending = undefined;
    });
    cached = await pending;
    return cached.value;
  }

  function invalidate(token: string): void {
    if (cached?.value === token) cached = undefined;
  }

  return { getToken, invalidate };
}

async function requestToken(options: TokenProviderOptions): Promise<CachedToken> {
  const { config, clock } = options;
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: config.clientId,
    client_secret: options.clientSecret,
    scope: bcTokenScope,
  });
  const startedAt = clock.now();
  const exchange = await sendHttp({
    fetch: options.fetch,
    clock,
    method: 'POST',
    url: tokenUrlOf(config),
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
    timeoutMs: Math.min(config.requestTimeoutMs, 30_000),
    idempotent: true,
  });
  const body = parseJson(exchange.text);
  if (exchange.status !== 200) throw tokenError(exchange.status, body, exchange.headers, clock.now());
  const token = body?.access_token;
  const expiresIn = Number(body?.expires_in);
  if (typeof token !== 'string' || !token || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new ConnectorError({
      system: 'bc',
      code: 'auth_failed',
      message: 'Entra token endpoint answered without a usable access_token/expires_in',
      status: exchange.status,
    });
  }
  // Count expiry from when we asked, not when we heard back: the earlier of the two is safe.
  return { value: token, expiresAt: startedAt + expiresIn * 1000 };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function tokenError(status: number, body: Record<string, unknown> | undefined, headers: Headers, now: number): ConnectorError {
  const error = typeof body?.error === 'string' ? body.error : `HTTP ${status}`;
  // Entra puts AADSTS codes and a trace id in the first line; the rest is boilerplate.
  const description = typeof body?.error_description === 'string' ? body.error_description.split(/\r?\n/)[0] : '';
  const code = status === 429 ? 'rate_limited' : status >= 500 ? 'upstream_unavailable' : 'auth_failed';
  return new ConnectorError({
    system: 'bc',
    code,
    message: `Entra token request failed (${status}) ${error}${description ? `: ${description}` : ''}`,
    status,
    upstreamCode: error,
    upstreamBody: body,
    retryAfterMs: parseRetryAfter(headers.get('retry-after'), now),
  });
}
