/** What the items flow's steps are given, and its job names. */
import type { ItemsFlowConfig } from '../../config/warehouse-schema.js';
import type { RetryPolicy } from '../../core/retry.js';
import type { ItemsErp, ItemsWarehouse } from './ports.js';
import type { FlowBaseDeps } from '../shared/flow-deps.js';

export interface ItemsFlowDeps extends FlowBaseDeps {
  erp: ItemsErp;
  warehouse: ItemsWarehouse;
  config: ItemsFlowConfig;
  retry: RetryPolicy;
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
