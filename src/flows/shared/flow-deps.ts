/** What every flow's step receives besides its own ports and settings. */
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { Executor } from '../../store/open-store.js';

export interface Enqueuer {
  enqueue<T>(name: string, data: T, options?: { delayMs?: number; key?: string }): Promise<string | null>;
}

export interface FlowBaseDeps {
  db: Executor;
  queue: Enqueuer;
  clock: Clock;
  logger: Logger;
}
