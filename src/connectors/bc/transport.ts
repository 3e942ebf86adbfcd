/** BC's HTTP exchange: the shared deadline-bound exchange with BC's error mapping. */
import { mapBcTransportError, type HttpMethod } from './errors.ts';
import { exchangeWithDeadline, type FetchLike, type HttpExchange } from '../shared/timed-exchange.ts';
import type { Clock } from '../../core/clock.ts';

export type { FetchLike, HttpExchange } from '../shared/timed-exchange.ts';

export interface SendHttpOptions {
  fetch: FetchLike;
  clock: Clock;
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** A POST that is safe to repeat (the token request): never "outcome unknown". */
  idempotent?: boolean;
}

export function sendHttp(options: SendHttpOptions): Promise<HttpExchange> {
  return exchangeWithDeadline({
    fetch: options.fetch,
    clock: options.clock,
    url: options.url,
    init: { method: options.method, headers: options.headers, body: options.body },
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    mapFailure: (error, timedOut) => mapBcTransportError(options.method, error, { timedOut, idempotent: options.idempotent }),
  });
}
