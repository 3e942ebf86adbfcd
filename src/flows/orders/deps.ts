/** What the orders flow's steps are given: the store, the two systems, the queue and settings. */
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { OrdersFlowConfig } from '../../config/schema.js';
import type { Executor } from '../../store/open-store.js';
import type { OrdersChannel, OrdersErp } from './ports.js';

export interface Enqueuer {
  enqueue<T>(name: string, data: T, options?: { delayMs?: number; key?: string }): Promise<string | null>;
}

export interface OrdersFlowDeps {
  db: Executor;
  channel: OrdersChannel;
  erp: OrdersErp;
  queue: Enqueuer;
  config: OrdersFlowConfig;
  clock: Clock;
  logger: Logger;
}

export const ORDERS_FLOW = 'orders';
export const SHOPIFY = 'shopify';

/** Queue names of the orders flow. */
export const ordersJobs = {
  import: 'orders.import',
  poll: 'orders.poll',
  retryOpen: 'orders.retry-open',
  postWindow: 'orders.post-window',
} as const;

export interface ImportJob {
  recordId: number;
  /** Set when the posting window opened: post now even in scheduled mode. */
  windowOpen?: boolean;
}
