/** What the refunds flow's steps are given. */
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { RefundsFlowConfig } from '../../config/orders-schema.js';
import type { OrdersFlowConfig } from '../../config/schema.js';
import type { Executor } from '../../store/open-store.js';
import type { Enqueuer } from '../orders/deps.js';
import type { RefundsChannel, RefundsErp } from './ports.js';

export interface RefundsFlowDeps {
  db: Executor;
  channel: RefundsChannel;
  erp: RefundsErp;
  queue: Enqueuer;
  config: RefundsFlowConfig;
  /** The orders flow's settings: locations, shipping account, item matching. */
  orders: OrdersFlowConfig;
  clock: Clock;
  logger: Logger;
}

export const REFUNDS_FLOW = 'refunds';

export const refundsJobs = {
  import: 'refunds.import',
  poll: 'refunds.poll',
  retryOpen: 'refunds.retry-open',
} as const;

export interface RefundJob {
  recordId: number;
}
