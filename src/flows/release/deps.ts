/** What the release flow's steps are given, and its job names. */
import type { ReleaseFlowConfig } from '../../config/warehouse-schema.js';
import type { OrdersFlowConfig } from '../../config/schema.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { RetryPolicy } from '../../core/retry.js';
import type { Executor } from '../../store/open-store.js';
import type { Enqueuer } from '../orders/deps.js';
import type { ErpSalesOrderHeader, ReleaseErp, ReleaseWarehouse } from './ports.js';

export interface ReleaseFlowDeps {
  db: Executor;
  erp: ReleaseErp;
  warehouse: ReleaseWarehouse;
  queue: Enqueuer;
  config: ReleaseFlowConfig;
  /** The orders flow's mappings: shipping methods and customs rules. */
  orders: OrdersFlowConfig;
  /** BC location code of the warehouse. */
  locationCode: string;
  retry: RetryPolicy;
  clock: Clock;
  logger: Logger;
  /** Told once an order is at the warehouse (the shipments flow re-matches early confirmations). */
  afterRelease?(reference: string): Promise<void>;
}

export const RELEASE_FLOW = 'release';

export const releaseJobs = {
  send: 'release.send',
  poll: 'release.poll',
  /** The warehouse's order statuses and splits, polled behind the callbacks. */
  warehousePoll: 'release.warehouse-poll',
  watch: 'release.watch',
  retryOpen: 'release.retry-open',
} as const;

export interface ReleaseJob {
  recordId: number;
}

/** What a release record keeps as its source: the BC order, and how the hub heard of its release. */
export interface ReleaseSource {
  salesOrderId: string;
  number: string;
  /** `hub`: the hub releases it (autoRelease); `bc`: it was released in BC. */
  releasedBy: 'hub' | 'bc';
  /** The Shopify order it came from, when the orders flow posted it. */
  channelOrderId: string | null;
  /** The header as BC's poll read it (ship-to for orders that did not come from Shopify). */
  header: ErpSalesOrderHeader | null;
}
