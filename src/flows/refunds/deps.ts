/** What the refunds flow's steps are given. */
import type { RefundsFlowConfig } from '../../config/orders-schema.ts';
import type { OrdersFlowConfig } from '../../config/schema.ts';
import type { RefundsChannel, RefundsErp } from './ports.ts';
import type { FlowBaseDeps } from '../shared/flow-deps.ts';

export interface RefundsFlowDeps extends FlowBaseDeps {
  channel: RefundsChannel;
  erp: RefundsErp;
  config: RefundsFlowConfig;
  /** The orders flow's settings: locations, shipping account, item matching. */
  orders: OrdersFlowConfig;
  /** The BC company's currency (bc.localCurrency): a refund in another currency carries its code. */
  localCurrency?: string;
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
