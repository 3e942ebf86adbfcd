/**
 * The one place that decides whether failed work is tried again, and when.
 *
 * Backoff is capped exponential with "full jitter" over the upper half of the window:
 *   window(attempt) = min(maxDelayMs, baseDelayMs * 2^(attempt - 1))
 *   delay = window/2 + random * window/2
 * An upstream `Retry-After` wins when it is longer. Pure: randomness is passed in.
 */
import { isConnectorError } from './errors.ts';
import { describeTransientStoreError } from './store-errors.ts';

export interface RetryPolicy {
  /** Total attempts including the first; the attempt after the last one never happens. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RetryDecision {
  retry: boolean;
  delayMs: number;
  reason: string;
  /**
   * Why the work stops, when it does: `exhausted` (a passing failure that outlasted every
   * attempt), `refused` (an upstream said no; asking again gets the same answer) or `defect`
   * (an unexpected error in the hub itself, not repeated).
   */
  stop?: 'exhausted' | 'refused' | 'defect';
}

export interface RetryInput {
  error: unknown;
  /** The attempt that just failed, starting at 1. */
  attempt: number;
  policy: RetryPolicy;
  /** A number in [0, 1); injected so tests can pin it. */
  random?: number;
}

export function computeBackoffMs(attempt: number, policy: RetryPolicy, random: number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.round(window / 2 + (window / 2) * random);
}

export function decideRetry({ error, attempt, policy, random = Math.random() }: RetryInput): RetryDecision {
  const storeTrouble = describeTransientStoreError(error);
  if (storeTrouble !== undefined) return decidePassingFailure(`the store: ${storeTrouble}`, attempt, policy, random);
  if (!isConnectorError(error)) {
    // A programming error or bad data: repeating it changes nothing.
    return { retry: false, delayMs: 0, reason: `not retried, an unexpected error in the hub: ${describe(error)}`, stop: 'defect' };
  }
  if (!error.retryable) {
    return { retry: false, delayMs: 0, reason: `not retryable: ${error.system} ${error.code}`, stop: 'refused' };
  }
  return decidePassingFailure(`${error.system} ${error.code}`, attempt, policy, random, error.retryAfterMs);
}

function decidePassingFailure(what: string, attempt: number, policy: RetryPolicy, random: number, retryAfterMs?: number): RetryDecision {
  if (attempt >= policy.maxAttempts) {
    return { retry: false, delayMs: 0, reason: `gave up after ${attempt} attempts: ${what}`, stop: 'exhausted' };
  }
  const backoff = computeBackoffMs(attempt, policy, random);
  const delayMs = Math.max(backoff, retryAfterMs ?? 0);
  const source = retryAfterMs !== undefined && retryAfterMs >= backoff ? 'retry-after' : 'backoff';
  return { retry: true, delayMs, reason: `${what}, attempt ${attempt + 1} in ${delayMs} ms (${source})` };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
