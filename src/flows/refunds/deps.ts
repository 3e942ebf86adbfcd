/** What the refunds flow's steps are given. */
import type { RefundsFlowConfig } from '../../config/orders-schema.js';
import type { OrdersFlowConfig } from '../../config/schema.js';
import type { RefundsChannel, RefundsErp } from './ports.js';
import type { FlowBaseDeps } from '../shared/flow-deps.js';

export interface RefundsFlowDeps extends FlowBaseDeps {
  channel: RefundsChannel;
  erp: RefundsErp;
  config: RefundsFlowConfig;
  /** The orders flow's settings: locations, shipping account, item matching. */
  orders: OrdersFlowConfig;
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
