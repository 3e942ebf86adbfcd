/**
 * The Admin GraphQL transport: auth header, cost-aware pacing, retries and error mapping.
 *
 * Before a request it waits for the shop's cost bucket to hold the operation's expected
 * cost; after it mirrors `extensions.cost`. THROTTLED (HTTP 200 with an error code) and 429
 * are retried after the bucket refills; 5xx and network errors are retried for queries and
 * `@idempotent` mutations only, since any other mutation that failed that way may have run. Each wait goes through
 * src/core/retry.ts, whose reason is logged.
 */
import type { Clock } from '../../core/clock.ts';
import { isConnectorError, type ConnectorError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { decideRetry, type RetryPolicy } from '../../core/retry.ts';
import type { z } from 'zod';
import type { AccessTokenSource } from './auth.ts';
import { graphqlEndpoint, type ShopifyConfig } from './config.ts';
import type { QueryCost, ShopCostBucket } from './cost-bucket.ts';
import type { GraphqlDocument } from './documents.ts';
import { errorFromGraphqlErrors, errorFromHttpStatus, parseRetryAfter, shopifyError, type GraphqlErrorEntry } from './errors.ts';
import { graphqlResponse } from './schemas.ts';

export interface ShopifyClientDeps {
  config: ShopifyConfig;
  tokens: AccessTokenSource;
  bucket: ShopCostBucket;
  fetch: typeof globalThis.fetch;
  clock: Clock;
  logger: Logger;
  /** Injected so tests can pin the jitter. */
  random?: () => number;
}

export interface GraphqlResult<T> {
  data: T;
  cost: QueryCost | undefined;
}

export class ShopifyGraphqlClient {
  private readonly endpoint: string;
  private readonly policy: RetryPolicy;
  /** Requested cost Shopify reported per operation: a better estimate than the static one. */
  private readonly knownCost = new Map<string, number>();

  private readonly deps: ShopifyClientDeps;
  constructor(deps: ShopifyClientDeps) {
    this.deps = deps;
    this.endpoint = graphqlEndpoint(deps.config);
    this.policy = { maxAttempts: deps.config.maxAttempts, baseDelayMs: 500, maxDelayMs: 60_000 };
  }

  /** The shop's cost bucket as last reported and projected (for the hub's metrics). */
  bucketStatus(): ReturnType<ShopCostBucket['snapshot']> {
    return this.deps.bucket.snapshot();
  }

  async request<S extends z.ZodType>(
    document: GraphqlDocument,
    variables: Record<string, unknown>,
    schema: S,
  ): Promise<GraphqlResult<z.output<S>>> {
    let renewedToken = false;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.attempt(document, variables, schema);
      } catch (error) {
        if (isConnectorError(error) && error.status === 401 && this.deps.tokens.renewable && !renewedToken) {
          // A client-credentials token can be revoked early; one fresh token, then give up.
          renewedToken = true;
          continue;
        }
        const decision = decideRetry({ error, attempt, policy: this.policy, random: this.deps.random?.() });
        if (!decision.retry) throw error;
        this.deps.logger.warn({ operation: document.name, reason: decision.reason }, 'retrying Shopify request');
        await this.deps.clock.sleep(decision.delayMs);
      }
    }
  }

  private async attempt<S extends z.ZodType>(
    document: GraphqlDocument,
    variables: Record<string, unknown>,
    schema: S,
  ): Promise<GraphqlResult<z.output<S>>> {
    // A mutation with an idempotency key is as safe to resend as a query; any other is not.
    const unsafeToResend = document.kind === 'mutation' && !document.idempotent;
    const reserved = await this.deps.bucket.acquire(this.knownCost.get(document.name) ?? document.estimatedCost);
    const token = await this.deps.tokens.getToken();
    const response = await this.send(document, variables, token, unsafeToResend);
    const text = await response.text();
    const json = parseJson(text);
    const body = json === undefined ? undefined : graphqlResponse.safeParse(json);
    const cost = body?.success ? body.data.extensions?.cost : undefined;
    this.deps.bucket.settle(reserved, cost);
    if (cost) this.knownCost.set(document.name, cost.requestedQueryCost);

    if (!response.ok) {
      if (response.status === 401) this.deps.tokens.invalidate(token);
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.deps.clock.now());
      if (response.status === 429 && retryAfterMs !== undefined) this.deps.bucket.pauseFor?.(retryAfterMs);
      throw errorFromHttpStatus(response.status, json ?? text.slice(0, 500), retryAfterMs, unsafeToResend);
    }
    if (!body?.success) {
      throw shopifyError('upstream_unavailable', `Shopify ${document.name}: the answer is not a GraphQL response`, {
        status: response.status,
        upstreamBody: text.slice(0, 500),
        retryable: !unsafeToResend,
        outcomeUnknown: unsafeToResend,
      });
    }
    const errors = body.data.errors as GraphqlErrorEntry[] | undefined;
    if (errors?.length) throw this.withThrottleWait(errorFromGraphqlErrors(errors, json, document.name, unsafeToResend), cost);
    const parsed = schema.safeParse(body.data.data);
    if (!parsed.success) {
      const where = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      throw shopifyError('upstream_unavailable', `Shopify ${document.name}: unexpected answer (${where.join('; ')})`, {
        upstreamBody: body.data.data,
        retryable: false,
      });
    }
    return { data: parsed.data, cost };
  }

  private async send(
    document: GraphqlDocument,
    variables: Record<string, unknown>,
    token: string,
    unsafeToResend: boolean,
  ): Promise<Response> {
    try {
      return await this.deps.fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-shopify-access-token': token },
        body: JSON.stringify({ query: document.text, variables, operationName: document.name }),
        signal: AbortSignal.timeout(this.deps.config.requestTimeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      // Without an answer a mutation may have run: never repeat it blindly.
      return Promise.reject(
        shopifyError(
          timedOut ? 'timeout' : 'network',
          `Shopify ${document.name}: ${timedOut ? 'no answer in time' : 'could not reach the shop'}`,
          {
            cause: error,
            retryable: !unsafeToResend,
            outcomeUnknown: unsafeToResend,
          },
        ),
      );
    }
  }

  /** A throttled request waits exactly as long as the bucket needs for its requested cost. */
  private withThrottleWait(error: ConnectorError, cost: QueryCost | undefined): ConnectorError {
    if (error.code !== 'rate_limited' || !cost) return error;
    return shopifyError('rate_limited', error.message, {
      upstreamCode: error.upstreamCode,
      upstreamBody: error.upstreamBody,
      retryAfterMs: this.deps.bucket.waitMsFor(cost.requestedQueryCost),
    });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
