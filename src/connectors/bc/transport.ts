/**
 * One HTTP exchange with a deadline measured on the injected clock, so tests can expire it
 * with a fake clock instead of waiting. The body is read inside the deadline too: a response
 * whose body never arrives is as lost as one that never started.
 */
import type { Clock } from '../../core/clock.js';
import { mapBcTransportError, type HttpMethod } from './errors.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpExchange {
  status: number;
  headers: Headers;
  text: string;
}

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

export async function sendHttp(options: SendHttpOptions): Promise<HttpExchange> {
  const { clock, method, timeoutMs, signal } = options;
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
    const response = await options.fetch(options.url, {
      method,
      headers: options.headers,
      body: options.body,
      signal: request.signal,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    // The caller's own cancellation is not an upstream failure: hand back their reason.
    if (signal?.aborted && !timedOut) throw signal.reason;
    throw mapBcTransportError(method, error, { timedOut, idempotent: options.idempotent });
  } finally {
    timer.abort();
    signal?.removeEventListener('abort', onCallerAbort);
  }
}
