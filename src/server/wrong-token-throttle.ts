/**
 * Wrong operator tokens are counted per client address, on the JSON API and the dashboard's
 * sign-in alike (one count for both): beyond 10 in 15 minutes a wrong token is answered 429
 * with Retry-After instead of 401, and the log says an address is guessing. The right token is
 * never refused, however many wrong ones its address sent: behind a proxy, or on a shared
 * network, one guesser must not lock the operators out (decision 0013). What keeps guessing
 * hopeless is the token's length (32 characters or more, checked at start). The client
 * address is the one `server.trustedProxies` decides (client-address.ts).
 */
import type { Context } from 'hono';
import { MemoryStore } from 'hono-rate-limiter';
import { clientOf } from './client-address.ts';

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

export function createWrongTokenThrottle(limits: WrongTokenLimits = defaultWrongTokenLimits): WrongTokenThrottle {
  const store = new MemoryStore();
  store.init({ windowMs: limits.windowMs } as Parameters<MemoryStore['init']>[0]);
  return {
    async countWrongToken(c) {
      const { totalHits, resetTime } = await store.increment(clientOf(c).address);
      const retryAfterSeconds = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + limits.windowMs) - Date.now()) / 1000));
      return { throttled: totalHits > limits.attempts, retryAfterSeconds, count: totalHits };
    },
  };
}
