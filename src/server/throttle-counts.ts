/**
 * hono-rate-limiter's `Store`, kept in the hub's store (decision 0023): one row per key with its
 * count and the end of its window, counted by one upsert, so a restart forgets nothing and every
 * hub process on the same PostgreSQL adds to the same count. A window that has ended starts
 * again at 1 on the next hit; the store's daily upkeep drops ended windows.
 */
import { sql, type Kysely } from 'kysely';
import type { ClientRateLimitInfo, Store } from 'hono-rate-limiter';
import type { Database } from '../store/schema.ts';

export interface ThrottleCountsOptions {
  db: Kysely<Database>;
  /** Keeps one throttle's keys apart from another's in the shared table. */
  prefix: string;
  windowMs: number;
  now?: () => number;
}

export class StoredThrottleCounts implements Store {
  readonly prefix: string;
  /** Counts are shared between processes, not local to this one. */
  readonly localKeys = false;
  private windowMs: number;
  private readonly db: Kysely<Database>;
  private readonly now: () => number;

  constructor(options: ThrottleCountsOptions) {
    this.db = options.db;
    this.prefix = options.prefix;
    this.windowMs = options.windowMs;
    this.now = options.now ?? Date.now;
  }

  init(options: { windowMs: number }): void {
    this.windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const row = await this.db
      .selectFrom('lb_throttle')
      .select(['hits', 'reset_at'])
      .where('key', '=', this.prefix + key)
      .where('reset_at', '>', new Date(this.now()))
      .executeTakeFirst();
    return row ? { totalHits: row.hits, resetTime: row.reset_at } : undefined;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const now = new Date(this.now());
    const row = await this.db
      .insertInto('lb_throttle')
      .values({ key: this.prefix + key, hits: 1, reset_at: new Date(now.getTime() + this.windowMs) })
      .onConflict((conflict) =>
        conflict.column('key').doUpdateSet({
          // Both read the row as it was: a window that has ended starts again.
          hits: sql<number>`case when lb_throttle.reset_at <= ${now} then 1 else lb_throttle.hits + 1 end`,
          reset_at: sql<Date>`case when lb_throttle.reset_at <= ${now} then excluded.reset_at else lb_throttle.reset_at end`,
        }),
      )
      .returning(['hits', 'reset_at'])
      .executeTakeFirstOrThrow();
    return { totalHits: row.hits, resetTime: row.reset_at };
  }

  async decrement(key: string): Promise<void> {
    await this.db
      .updateTable('lb_throttle')
      .set({ hits: sql<number>`greatest(hits - 1, 0)` })
      .where('key', '=', this.prefix + key)
      .where('reset_at', '>', new Date(this.now()))
      .execute();
  }

  async resetKey(key: string): Promise<void> {
    await this.db
      .deleteFrom('lb_throttle')
      .where('key', '=', this.prefix + key)
      .execute();
  }
}

/** Drops windows that have ended; run by the store's daily upkeep. */
export async function deleteEndedThrottleWindows(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db.deleteFrom('lb_throttle').where('reset_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
