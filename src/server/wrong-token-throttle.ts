/**
 * Wrong operator tokens are throttled per client address, on the JSON API and the dashboard's
 * sign-in alike (one count for both): after 10 wrong tokens in 15 minutes every attempt from
 * that address is refused with 429 until its window ends, even one with the right token, so
 * the token cannot be guessed at network speed. Right tokens never count. Behind a reverse
 * proxy every client shares the proxy's address; see docs/configuration.md.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { MemoryStore, rateLimiter } from 'hono-rate-limiter';

export interface WrongTokenLimits {
  /** Wrong tokens allowed per address and window. */
  attempts: number;
  windowMs: number;
}

export const defaultWrongTokenLimits: WrongTokenLimits = { attempts: 10, windowMs: 15 * 60_000 };

/** What to answer a throttled client, told how many seconds remain. */
export type Refusal = (c: Context, retryAfterSeconds: number) => Response | Promise<Response>;

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // not served by the Node server (in-process tests)
  }
}

export interface WrongTokenThrottle {
  /** A middleware for a route that checks the token; `refuse` answers a throttled client. */
  guard(refuse: Refusal): MiddlewareHandler;
}

export function createWrongTokenThrottle(limits: WrongTokenLimits = defaultWrongTokenLimits): WrongTokenThrottle {
  const store = new MemoryStore();
  return {
    guard(refuse) {
      return rateLimiter({
        windowMs: limits.windowMs,
        limit: limits.attempts,
        standardHeaders: false,
        keyGenerator: (c) => clientAddress(c),
        // Only a refused token counts against the address.
        skipSuccessfulRequests: true,
        requestWasSuccessful: (c) => c.res.status !== 401,
        store,
        handler: async (c) => {
          const info = await store.get(clientAddress(c));
          const seconds = Math.max(1, Math.ceil(((info?.resetTime?.getTime() ?? Date.now() + limits.windowMs) - Date.now()) / 1000));
          c.header('retry-after', String(seconds));
          return refuse(c, seconds);
        },
      });
    },
  };
}
