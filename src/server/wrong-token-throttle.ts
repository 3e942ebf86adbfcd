/**
 * Wrong operator tokens are counted per client address, on the JSON API and the dashboard's
 * sign-in alike (one count for both): beyond 10 in 15 minutes a wrong token is answered 429
 * with Retry-After instead of 401, and the log says an address is guessing. The right token is
 * never refused, however many wrong ones its address sent: behind a proxy, or on a shared
 * network, one guesser must not lock the operators out (decision 0013). What keeps guessing
 * hopeless is the token's length (32 characters or more, checked at start). The client
 * address is the one `server.trustedProxies` decides (client-address.ts). The counts live in the
 * hub's store, so a restart keeps them and every hub process adds to the same count (decision 0023).
 */
import type { Context } from 'hono';
import type { Store as CountStore } from 'hono-rate-limiter';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { clientOf } from './client-address.ts';
import { StoredThrottleCounts } from './throttle-counts.ts';

export interface WrongTokenLimits {
  /** Wrong tokens allowed per address and window. */
  attempts: number;
  windowMs: number;
}

export const defaultWrongTokenLimits: WrongTokenLimits = { attempts: 10, windowMs: 15 * 60_000 };

export interface WrongTokenVerdict {
  /** True when the address has now sent more wrong tokens than its allowance. */
  throttled: boolean;
  /** Seconds until the address's window ends. */
  retryAfterSeconds: number;
  /** Wrong tokens from this address in the window, this one included. */
  count: number;
}

export interface WrongTokenThrottle {
  /** Counts a wrong token from this request's client. */
  countWrongToken(c: Context): Promise<WrongTokenVerdict>;
}

export interface WrongTokenThrottleOptions {
  /** Where the counts live: the hub's store (`storedWrongTokenCounts`); any hono-rate-limiter store in tests. */
  counts: CountStore;
  limits?: WrongTokenLimits;
  now?: () => number;
}

/** The counts in the hub's store, shared by every hub process on it and kept across restarts (decision 0023). */
export function storedWrongTokenCounts(db: Kysely<Database>, options: { now?: () => number } = {}): StoredThrottleCounts {
  return new StoredThrottleCounts({ db, prefix: 'wrong-token:', windowMs: defaultWrongTokenLimits.windowMs, ...options });
}

export function createWrongTokenThrottle(options: WrongTokenThrottleOptions): WrongTokenThrottle {
  const limits = options.limits ?? defaultWrongTokenLimits;
  const now = options.now ?? Date.now;
  const store = options.counts;
  store.init?.({ windowMs: limits.windowMs } as Parameters<NonNullable<CountStore['init']>>[0]);
  return {
    async countWrongToken(c) {
      const { totalHits, resetTime } = await store.increment(clientOf(c).address);
      const retryAfterSeconds = Math.max(1, Math.ceil(((resetTime?.getTime() ?? now() + limits.windowMs) - now()) / 1000));
      return { throttled: totalHits > limits.attempts, retryAfterSeconds, count: totalHits };
    },
  };
}
