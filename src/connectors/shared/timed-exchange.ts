/**
 * One HTTP exchange with a deadline measured on the injected clock, so tests expire it with
 * a fake clock instead of waiting. The body is read inside the deadline too: an answer whose
 * body never arrives is as lost as one that never started. Each connector maps failures to
 * its own errors through `mapFailure`.
 */
import type { Clock } from '../../core/clock.ts';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpExchange {
  status: number;
  headers: Headers;
  text: string;
}

export interface TimedExchangeOptions {
  fetch: FetchLike;
  clock: Clock;
  url: string;
  init: Omit<RequestInit, 'signal'>;
  timeoutMs: number;
  /** The caller's cancellation: passed back as it is, never mapped to an upstream failure. */
  signal?: AbortSignal;
  /** Turns a failed exchange into the connector's error, knowing whether the deadline passed. */
  mapFailure(error: unknown, timedOut: boolean): unknown;
}

export async function exchangeWithDeadline(options: TimedExchangeOptions): Promise<HttpExchange> {
  const { clock, timeoutMs, signal } = options;
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
    const response = await options.fetch(options.url, { ...options.init, signal: request.signal });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    if (signal?.aborted && !timedOut) throw signal.reason;
    throw options.mapFailure(error, timedOut);
  } finally {
    timer.abort();
    signal?.removeEventListener('abort', onCallerAbort);
  }
}
