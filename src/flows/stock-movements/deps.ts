/** What the stock-movements flow's steps are given, and its job names. */
import type { StockMovementsFlowConfig, StockReconciliationConfig } from '../../config/warehouse-schema.ts';
import type { RetryPolicy } from '../../core/retry.ts';
import type { StockErp, StockWarehouse } from './ports.ts';
import type { FlowBaseDeps } from '../shared/flow-deps.ts';

export interface StockFlowDeps extends FlowBaseDeps {
  erp: StockErp;
  warehouse: StockWarehouse;
  config: StockMovementsFlowConfig;
  reconciliation: StockReconciliationConfig;
  /** BC location code of the warehouse: adjustments are booked there, stock is compared there. */
  locationCode: string;
  /** The 3PL's name, for journal descriptions. */
  warehouseName: string;
  retry: RetryPolicy;
  /** Told after adjustments are booked in BC (the inventory flow's fast path pushes the new stock). */
  onBooked?(itemNumbers: string[]): Promise<unknown>;
}

export const STOCK_FLOW = 'stock-movements';

export const stockJobs = {
  /** Books every pending movement in one journal batch. */
  book: 'stock-movements.book',
  poll: 'stock-movements.poll',
  reconcile: 'stock-movements.reconcile',
  retryOpen: 'stock-movements.retry-open',
} as const;
