/** What the release flow's steps are given, and its job names. */
import type { ReleaseFlowConfig } from '../../config/warehouse-schema.ts';
import type { OrdersFlowConfig } from '../../config/schema.ts';
import type { RetryPolicy } from '../../core/retry.ts';
import type { ErpSalesOrderHeader, ReleaseErp, ReleaseWarehouse } from './ports.ts';
import type { FlowBaseDeps } from '../shared/flow-deps.ts';

export interface ReleaseFlowDeps extends FlowBaseDeps {
  erp: ReleaseErp;
  warehouse: ReleaseWarehouse;
  config: ReleaseFlowConfig;
  /** The orders flow's mappings: shipping methods and customs rules. */
  orders: OrdersFlowConfig;
  /** BC location code of the warehouse. */
  locationCode: string;
  retry: RetryPolicy;
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
