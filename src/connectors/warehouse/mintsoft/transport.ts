/** Mintsoft's HTTP exchange: the shared deadline-bound exchange with the adapter's error mapping. */
import type { Clock } from '../../../core/clock.ts';
import { exchangeWithDeadline, type FetchLike, type HttpExchange } from '../../shared/timed-exchange.ts';
import type { Endpoint } from './endpoints.ts';
import { mapTransportError } from './errors.ts';

export type { FetchLike, HttpExchange } from '../../shared/timed-exchange.ts';

export interface SendOptions {
  fetch: FetchLike;
  clock: Clock;
  endpoint: Endpoint;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export function sendHttp(options: SendOptions): Promise<HttpExchange> {
  return exchangeWithDeadline({
    fetch: options.fetch,
    clock: options.clock,
    url: options.url,
    init: { method: options.endpoint.method, headers: options.headers, body: options.body },
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    mapFailure: (error, timedOut) => mapTransportError(options.endpoint, error, { timedOut }),
  });
}
