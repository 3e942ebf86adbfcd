/**
 * The store's daily upkeep, as a job: retention (docs/operations: what is kept and for how
 * long), ended dashboard sessions and throttle windows, then the store's own maintenance (the embedded engine vacuums; PostgreSQL's
 * autovacuum needs nothing).
 */
import type { LoadedConfig } from '../config/load-config.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { applyRetention } from '../ledger/retention.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import { deleteExpiredSessions } from '../server/dashboard/sessions.ts';
import { deleteEndedThrottleWindows } from '../server/throttle-counts.ts';
import type { Store } from '../store/open-store.ts';

export const storeUpkeepJob = 'store.upkeep';

export function defineStoreUpkeep(store: Store, queue: JobQueue, loaded: LoadedConfig, clock: Clock, logger: Logger): void {
  const { retention } = loaded.config.store;
  queue.define({
    name: storeUpkeepJob,
    retry: { maxAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 10 * 60_000 },
    // A large embedded store can take minutes to vacuum.
    expireInSeconds: 3_600,
    handler: async () => {
      const started = clock.now();
      const result = await applyRetention(store.db, retention, new Date(started));
      // Operator state that has ended (decision 0023); sign-ins drop ended sessions as well.
      const endedSessions = await deleteExpiredSessions(store.db, new Date(started));
      const endedThrottleWindows = await deleteEndedThrottleWindows(store.db, new Date(started));
      await store.maintain();
      logger.info(
        { ...result, endedSessions, endedThrottleWindows, seconds: Math.round((clock.now() - started) / 1000) },
        'store upkeep done',
      );
    },
  });
  queue.schedule(storeUpkeepJob, retention.cron);
}
