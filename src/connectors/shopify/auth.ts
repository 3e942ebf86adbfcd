/**
 * Access tokens for the Admin API: a merchant's permanent token (legacy custom app), or the
 * client-credentials grant of a Dev Dashboard app, whose token lives about 24 h. The grant's
 * token is cached and renewed before it expires, so no request ever waits on an expired one.
 */
import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { isConnectorError } from '../../core/errors.ts';
import { adminBaseUrl, type ShopifyConfig } from './config.ts';
import { errorFromHttpStatus, shopifyError } from './errors.ts';

export interface AccessTokenSource {
  getToken(): Promise<string>;
  /** Forget a token the API rejected, so the next call obtains a new one. */
  invalidate(token: string): void;
  readonly renewable: boolean;
}

export interface AuthDeps {
  config: ShopifyConfig;
  fetch: typeof globalThis.fetch;
  clock: Clock;
}

export function createAccessTokenSource(deps: AuthDeps): AccessTokenSource {
  const { auth } = deps.config;
  if (auth.kind === 'token') {
    return { getToken: async () => auth.accessToken, invalidate: () => {}, renewable: false };
  }
  return new ClientCredentialsTokenSource(deps, auth.clientId, auth.clientSecret);
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  scope: z.string().optional(),
  expires_in: z.number().positive().optional(),
});

/** Assumed lifetime when Shopify omits `expires_in`: a little under the documented 24 h. */
const defaultLifetimeMs = 23 * 60 * 60_000;

class ClientCredentialsTokenSource implements AccessTokenSource {
  readonly renewable = true;
  private cached: { token: string; renewAt: number } | undefined;
  private inFlight: Promise<string> | undefined;

  private readonly deps: AuthDeps;
  private readonly clientId: string;
  private readonly clientSecret: string;
  constructor(deps: AuthDeps, clientId: string, clientSecret: string) {
    this.deps = deps;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  async getToken(): Promise<string> {
    if (this.cached && this.deps.clock.now() < this.cached.renewAt) return this.cached.token;
    // Concurrent callers share one grant request instead of each asking for a token.
    this.inFlight ??= this.requestToken().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async requestToken(): Promise<string> {
    const url = `${adminBaseUrl(this.deps.config)}/admin/oauth/access_token`;
    const body = new URLSearchParams({ client_id: this.clientId, client_secret: this.clientSecret, grant_type: 'client_credentials' });
    let response: Response;
    try {
      response = await this.deps.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(this.deps.config.requestTimeoutMs),
      });
    } catch (error) {
      if (isConnectorError(error)) throw error;
      throw shopifyError('network', `could not reach ${url} for an access token`, { cause: error });
    }
    const text = await response.text();
    const json = safeJson(text);
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      throw shopifyError(
        'auth_failed',
        `Shopify refused the client credentials (${response.status}): check client id and secret, and that the app is installed on ${this.deps.config.shopDomain}`,
        {
          status: response.status,
          upstreamBody: json ?? text.slice(0, 500),
        },
      );
    }
    if (!response.ok) throw errorFromHttpStatus(response.status, json ?? text.slice(0, 500), undefined, false);
    const parsed = tokenResponseSchema.safeParse(json);
    if (!parsed.success) {
      throw shopifyError('upstream_unavailable', 'Shopify answered the token request without an access_token', {
        upstreamBody: json,
        retryable: true,
      });
    }
    const lifetimeMs = parsed.data.expires_in !== undefined ? parsed.data.expires_in * 1000 : defaultLifetimeMs;
    const margin = Math.min(this.deps.config.tokenRefreshMarginMs, lifetimeMs / 2);
    this.cached = { token: parsed.data.access_token, renewAt: this.deps.clock.now() + lifetimeMs - margin };
    return parsed.data.access_token;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
