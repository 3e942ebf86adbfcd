/**
 * One HTTP exchange with a deadline on the injected clock (tests expire it with a fake
 * clock instead of waiting). The body is read inside the deadline: an answer whose body
 * never arrives is as lost as one that never started.
 */
import type { Clock } from '../../../core/clock.js';
import type { Endpoint } from './endpoints.js';
import { mapTransportError } from './errors.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpExchange {
  status: number;
  headers: Headers;
  text: string;
}

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

export async function sendHttp(options: SendOptions): Promise<HttpExchange> {
  const { clock, endpoint, timeoutMs, signal } = options;
  signal?.throwIfAborted();
  const request = new AbortController();
  const timer = new AbortController();
  let timedOut = false;
  const onCallerAbort = () => request.abort(signal?.reason);
  signal?.addEventListener('abort', onCallerAbort, { once: true });
  clock.sleep(timeoutMs, timer.signal).then(
    () => {
      timedOut = true;
      request.abort(new Error(`no answer within ${timeoutMs} ms`));
    },
    () => undefined,
  );
  try {
    const response = await options.fetch(options.url, { method: endpoint.method, headers: options.headers, body: options.body, signal: request.signal });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    // The caller's own cancellation is not an upstream failure.
    if (signal?.aborted && !timedOut) throw signal.reason;
    throw mapTransportError(endpoint, error, { timedOut });
  } finally {
    timer.abort();
    signal?.removeEventListener('abort', onCallerAbort);
  }
}
