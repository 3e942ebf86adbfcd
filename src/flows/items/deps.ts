/** What the items flow's steps are given, and its job names. */
import type { ItemsFlowConfig } from '../../config/warehouse-schema.ts';
import type { RetryPolicy } from '../../core/retry.ts';
import type { ItemsErp, ItemsWarehouse } from './ports.ts';
import type { FlowBaseDeps } from '../shared/flow-deps.ts';

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
