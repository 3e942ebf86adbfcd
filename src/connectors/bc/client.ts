/**
 * The long-lived Business Central client of one app registration: it owns the token cache,
 * the limiter and the resolved company, executes requests through an injectable `fetch`,
 * and repeats a failed request only when repeating cannot create a second document.
 */
import { systemClock, type Clock } from '../../core/clock.ts';
import { ConnectorError, isConnectorError } from '../../core/errors.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import { decideRetry } from '../../core/retry.ts';
import type { SharedBudgets, SharedRequestLimits } from '../../core/shared-budgets.ts';
import { createTokenProvider, type TokenProvider } from './auth.ts';
import { apiRootOf, companionRootOf, type BcConfig } from './config.ts';
import { mapBcError, type HttpMethod } from './errors.ts';
import { parseBcJson, stringifyBcJson } from './json.ts';
import { RequestLimiter } from './limiter.ts';
import { buildQuery, eq } from './odata.ts';
import { sendHttp, type FetchLike } from './transport.ts';
import { failureLogLevel } from '../shared/failure-log-level.ts';

export interface BcClientOptions {
  config: BcConfig;
  clientSecret: string;
  fetch?: FetchLike;
  clock?: Clock;
  logger?: Logger;
  /** Jitter source in [0, 1); injected so tests can pin it. */
  random?: () => number;
  /**
   * The budget shared with other hub processes (PostgreSQL store, decision 0024); without it
   * this process's limiter alone guards the app registration's limits.
   */
  sharedBudgets?: SharedBudgets;
  /**
   * The limiter of another company's client on the same app registration: BC's limits are per
   * registration, so the companies of one tenant and app share one (decision 0026).
   */
  limiter?: RequestLimiter;
}

/** The standard API v2.0, or the companion extension's API (bc-extension/). */
export type BcApi = 'standard' | 'companion';

export interface BcRequest {
  method: HttpMethod;
  /** Relative to the API root (`companies(…)/items?…`), or an absolute `@odata.nextLink`. */
  path: string;
  /** Which API root a relative path is under (default `standard`). */
  api?: BcApi;
  /** Places in the rate-limit window: a `$batch` counts its operations too. */
  weight?: number;
  body?: unknown;
  /** The entity's `@odata.etag`, required by BC on PATCH and DELETE. */
  ifMatch?: string;
  headers?: Record<string, string>;
  /** Fairness lane in the limiter, normally the flow's name. */
  lane?: string;
  signal?: AbortSignal;
  /** `text` hands back the body as sent (e.g. `$metadata` XML) instead of parsing JSON. */
  responseType?: 'json' | 'text';
}

export interface BcResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export class BcClient {
  readonly config: BcConfig;
  readonly apiRoot: string;
  readonly companionRoot: string;
  readonly limiter: RequestLimiter;
  private readonly shared: { budgets: SharedBudgets; limits: SharedRequestLimits } | undefined;
  private readonly tokens: TokenProvider;
  private readonly fetch: FetchLike;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly random: () => number;
  private companyId: Promise<string> | undefined;

  constructor(options: BcClientOptions) {
    this.config = options.config;
    this.apiRoot = apiRootOf(options.config);
    this.companionRoot = companionRootOf(options.config);
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.random = options.random ?? Math.random;
    this.limiter = options.limiter ?? new RequestLimiter(options.config.limits, this.clock);
    this.shared = options.sharedBudgets && {
      budgets: options.sharedBudgets,
      limits: { name: sharedBudgetName(options.config), ...options.config.limits },
    };
    this.tokens = createTokenProvider({ config: options.config, clientSecret: options.clientSecret, fetch: this.fetch, clock: this.clock });
  }

  /** Requests started in the current window: by every hub process when the budget is shared. */
  windowCount(): number | Promise<number> {
    return this.shared ? this.shared.budgets.windowCount(this.shared.limits) : this.limiter.stats().windowCount;
  }

  async request<T = unknown>(request: BcRequest): Promise<BcResponse<T>> {
    const url = this.resolveUrl(request.path, request.api);
    const lane = request.lane ?? 'default';
    let authRetried = false;
    let rateLimitWaitMs = 0;
    for (let attempt = 1; ;) {
      const used: { token?: string } = {};
      try {
        return await this.limiter.run(
          lane,
          async () => {
            // The local limiter picked this lane's turn; the shared budget counts it across processes.
            const lease = await this.shared?.budgets.acquireRequest(this.shared.limits, request.weight ?? 1, request.signal);
            try {
              used.token = await this.tokens.getToken();
              return await this.exchange<T>(request, url, used.token);
            } finally {
              lease?.release();
            }
          },
          request.signal,
          request.weight,
        );
      } catch (error) {
        if (!isConnectorError(error)) throw error;
        if (error.status === 401 && !authRetried && used.token !== undefined) {
          // The token may have been revoked or rotated early: one fresh token, one more try.
          authRetried = true;
          this.tokens.invalidate(used.token);
          continue;
        }
        const decision = this.decide(error, attempt, rateLimitWaitMs);
        if (error.code === 'rate_limited' && decision.retry) rateLimitWaitMs += decision.delayMs;
        if (error.code === 'rate_limited' || error.retryAfterMs !== undefined) {
          // The limit is per app registration: every lane cools off, not just this request.
          const pauseMs = decision.retry ? decision.delayMs : (error.retryAfterMs ?? 0);
          this.limiter.pauseUntil(this.clock.now() + pauseMs);
          this.shared?.budgets.pauseFor(this.shared.limits.name, pauseMs).catch((pauseError: unknown) => {
            this.logger.warn({ err: pauseError }, 'could not share the BC pause with other hub processes');
          });
        }
        this.logger[failureLogLevel(error, decision.retry)](
          { method: request.method, path: pathOnly(url), attempt, reason: decision.reason },
          'bc request failed',
        );
        if (!decision.retry) throw error;
        await this.clock.sleep(decision.delayMs, request.signal);
        attempt += 1;
      }
    }
  }

  /**
   * Never repeat what may have been done; ride out 429s (BC did nothing) within a time budget
   * rather than an attempt count, so a storm delays work instead of failing it.
   */
  private decide(error: ConnectorError, attempt: number, rateLimitWaitMs: number) {
    if (error.outcomeUnknown)
      return { retry: false, delayMs: 0, reason: `outcome unknown: look the document up before repeating (${error.code})` };
    const policy = this.config.retry;
    if (error.code !== 'rate_limited') return decideRetry({ error, attempt, policy, random: this.random() });
    const capped = Math.min(attempt, policy.maxAttempts - 1);
    const decision = decideRetry({
      error,
      attempt: Math.max(1, capped),
      policy: { ...policy, maxAttempts: Math.max(2, policy.maxAttempts) },
      random: this.random(),
    });
    if (rateLimitWaitMs + decision.delayMs > policy.maxRateLimitWaitMs) {
      return { retry: false, delayMs: 0, reason: `rate limited for ${rateLimitWaitMs} ms in all: handing back to the job queue` };
    }
    return decision;
  }

  /** `companies(<id>)/<path>` for the configured company, resolving a name once. */
  async companyPath(path: string, lane?: string): Promise<string> {
    return `companies(${await this.resolveCompanyId(lane)})/${path}`;
  }

  resolveCompanyId(lane?: string): Promise<string> {
    const company = this.config.company;
    if ('id' in company) return Promise.resolve(company.id);
    this.companyId ??= this.lookupCompany(company.name, lane).catch((error: unknown) => {
      this.companyId = undefined;
      throw error;
    });
    return this.companyId;
  }

  private async lookupCompany(name: string, lane?: string): Promise<string> {
    const query = buildQuery({ filter: eq('name', name), select: ['id', 'name'] });
    const { body } = await this.request<{ value: { id: string }[] }>({ method: 'GET', path: `companies${query}`, lane });
    const found = body.value[0];
    if (!found) {
      throw new ConnectorError({
        system: 'bc',
        code: 'not_found',
        message: `No Business Central company named "${name}" in environment "${this.config.environment}"; check the company name in the configuration`,
      });
    }
    return found.id;
  }

  private resolveUrl(path: string, api: BcApi = 'standard'): string {
    if (/^https?:\/\//i.test(path)) {
      // A nextLink is followed verbatim, but the bearer token never goes to another host.
      if (new URL(path).origin !== new URL(this.apiRoot).origin)
        throw new Error(`refusing to follow a link to another host: ${pathOnly(path)}`);
      return path;
    }
    return `${api === 'companion' ? this.companionRoot : this.apiRoot}/${path.replace(/^\/+/, '')}`;
  }

  private async exchange<T>(request: BcRequest, url: string, token: string): Promise<BcResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${token}`, ...request.headers };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (request.ifMatch !== undefined) headers['if-match'] = request.ifMatch;
    const startedAt = this.clock.now();
    const exchange = await sendHttp({
      fetch: this.fetch,
      clock: this.clock,
      method: request.method,
      url,
      headers,
      body: request.body === undefined ? undefined : stringifyBcJson(request.body),
      timeoutMs: this.config.requestTimeoutMs,
      signal: request.signal,
    });
    const body = request.responseType === 'text' && exchange.status < 400 ? exchange.text : parseBody(exchange.text);
    this.logger.debug(
      { method: request.method, path: pathOnly(url), status: exchange.status, ms: this.clock.now() - startedAt },
      'bc request',
    );
    if (exchange.status >= 400) {
      throw mapBcError({ method: request.method, status: exchange.status, body, headers: exchange.headers, now: this.clock.now() });
    }
    return { status: exchange.status, headers: exchange.headers, body: body as T };
  }
}

/** BC counts limits per user, and an app registration is one user of one tenant. */
export function sharedBudgetName(config: Pick<BcConfig, 'tenantId' | 'clientId'>): string {
  return `bc:${config.tenantId.toLowerCase()}:${config.clientId.toLowerCase()}`;
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return parseBcJson(text);
  } catch {
    // Gateways answer with HTML now and then; keep the start as evidence.
    return { raw: text.slice(0, 2_000) };
  }
}

/** Queries can carry e-mail addresses: logs get the path only. */
function pathOnly(url: string): string {
  const index = url.indexOf('?');
  return index < 0 ? url : url.slice(0, index);
}
