/** What the items flow's steps are given, and its job names. */
import type { ItemsFlowConfig } from '../../config/warehouse-schema.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { RetryPolicy } from '../../core/retry.js';
import type { Executor } from '../../store/open-store.js';
import type { Enqueuer } from '../orders/deps.js';
import type { ItemsErp, ItemsWarehouse } from './ports.js';

export interface ItemsFlowDeps {
  db: Executor;
  erp: ItemsErp;
  warehouse: ItemsWarehouse;
  queue: Enqueuer;
  config: ItemsFlowConfig;
  retry: RetryPolicy;
  clock: Clock;
  logger: Logger;
}

export const ITEMS_FLOW = 'items';

export const itemsJobs = {
  sync: 'items.sync',
  poll: 'items.poll',
  retryOpen: 'items.retry-open',
} as const;

export interface ItemJob {
  recordId: number;
}
