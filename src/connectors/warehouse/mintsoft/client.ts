/**
 * The long-lived Mintsoft client of one API key: paces requests, executes them through an
 * injectable `fetch` on an injectable clock, validates answers with the wire schemas, and
 * repeats a failed request only when the endpoint's `safety` says repeating is harmless.
 * The decision itself is the hub's one retry function (src/core/retry.ts).
 */
import type { z } from 'zod';
import { systemClock, type Clock } from '../../../core/clock.ts';
import { isConnectorError, type ConnectorError } from '../../../core/errors.ts';
import { silentLogger, type Logger } from '../../../core/logger.ts';
import { decideRetry, type RetryDecision } from '../../../core/retry.ts';
import { assertApiKey, authHeaders } from './auth.ts';
import type { MintsoftConfig } from './config.ts';
import { resolvePath, type Endpoint } from './endpoints.ts';
import { mapHttpError, unexpectedAnswer } from './errors.ts';
import { failureLogLevel } from '../../shared/failure-log-level.ts';
import { parseMintsoftJson, stringifyMintsoftJson } from './json.ts';
import { sendHttp, type FetchLike } from './transport.ts';

export interface MintsoftClientOptions {
  config: MintsoftConfig;
  apiKey: string;
  fetch?: FetchLike;
  clock?: Clock;
  logger?: Logger;
  /** Jitter source in [0, 1); injected so tests can pin it. */
  random?: () => number;
  /** Told once per rejected key; the composition root raises the operator alert. */
  onAuthFailed?: (error: ConnectorError) => void;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface CallOptions<T> {
  params?: Record<string, string | number>;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Validates the answer; its output is what `request` returns. */
  schema?: z.ZodType<T>;
  signal?: AbortSignal;
}

export class MintsoftClient {
  readonly config: MintsoftConfig;
  private readonly apiKey: string;
  private readonly fetch: FetchLike;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly random: () => number;
  private readonly onAuthFailed: ((error: ConnectorError) => void) | undefined;
  private nextStartAt = 0;
  private authAlerted = false;

  constructor(options: MintsoftClientOptions) {
    this.config = options.config;
    this.apiKey = assertApiKey(options.apiKey);
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.random = options.random ?? Math.random;
    this.onAuthFailed = options.onAuthFailed;
  }

  async request<T = unknown>(endpoint: Endpoint, options: CallOptions<T> = {}): Promise<T> {
    const url = this.urlOf(endpoint, options);
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.pace(options.signal);
        const result = await this.exchange(endpoint, url, options);
        this.authAlerted = false;
        return result;
      } catch (error) {
        if (!isConnectorError(error)) throw error;
        if (error.code === 'auth_failed') this.alertAuth(error);
        const decision = this.decide(endpoint, error, attempt);
        if (error.retryAfterMs !== undefined) this.pauseUntil(this.clock.now() + error.retryAfterMs);
        this.logger[failureLogLevel(error, decision.retry)](
          { endpoint: endpoint.name, safety: endpoint.safety, attempt, code: error.code, reason: decision.reason },
          'mintsoft request failed',
        );
        if (!decision.retry) throw error;
        await this.clock.sleep(decision.delayMs, options.signal);
      }
    }
  }

  /** The one place that reads `safety`: a request in doubt on an unsafe endpoint is never sent again. */
  private decide(endpoint: Endpoint, error: ConnectorError, attempt: number): RetryDecision {
    if (endpoint.safety === 'unsafe' && error.outcomeUnknown) {
      return {
        retry: false,
        delayMs: 0,
        reason: `${endpoint.name} is unsafe to repeat and its outcome is unknown (${error.code}): read before acting again`,
      };
    }
    return decideRetry({ error, attempt, policy: this.config.retry, random: this.random() });
  }

  private async exchange<T>(endpoint: Endpoint, url: string, options: CallOptions<T>): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...authHeaders(this.apiKey) };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const startedAt = this.clock.now();
    const exchange = await sendHttp({
      fetch: this.fetch,
      clock: this.clock,
      endpoint,
      url,
      headers,
      body: options.body === undefined ? undefined : stringifyMintsoftJson(options.body),
      timeoutMs: this.config.requestTimeoutMs,
      signal: options.signal,
    });
    const body = parseBody(exchange.text);
    this.logger.debug({ endpoint: endpoint.name, status: exchange.status, ms: this.clock.now() - startedAt }, 'mintsoft request');
    if (exchange.status >= 400)
      throw mapHttpError({ endpoint, status: exchange.status, body, headers: exchange.headers, now: this.clock.now() });
    if (!options.schema) return body as T;
    const parsed = options.schema.safeParse(body);
    if (!parsed.success) {
      const problems = parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
        .join('; ');
      throw unexpectedAnswer(endpoint, problems, body);
    }
    return parsed.data;
  }

  private urlOf(endpoint: Endpoint, options: CallOptions<unknown>): string {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
    }
    const query = search.toString();
    return `${this.config.baseUrl.replace(/\/+$/, '')}${resolvePath(endpoint, options.params)}${query ? `?${query}` : ''}`;
  }

  /** Keeps starts at least 1/requestsPerSecond apart, on the injected clock. */
  private async pace(signal?: AbortSignal): Promise<void> {
    const perSecond = this.config.requestsPerSecond;
    const now = this.clock.now();
    const startAt = Math.max(now, this.nextStartAt);
    this.nextStartAt = perSecond === null ? startAt : startAt + Math.ceil(1000 / perSecond);
    if (startAt > now) await this.clock.sleep(startAt - now, signal);
  }

  private pauseUntil(at: number): void {
    this.nextStartAt = Math.max(this.nextStartAt, at);
  }

  private alertAuth(error: ConnectorError): void {
    if (this.authAlerted) return;
    this.authAlerted = true;
    this.logger.error(
      { alert: 'warehouse_auth_failed', status: error.status },
      'Mintsoft rejected the API key: ask the 3PL for a static ms-apikey',
    );
    this.onAuthFailed?.(error);
  }
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return parseMintsoftJson(text);
  } catch {
    // Gateways answer with HTML now and then; keep the start as evidence.
    return { raw: text.slice(0, 2_000) };
  }
}
