/** What the stock-movements flow's steps are given, and its job names. */
import type { StockMovementsFlowConfig, StockReconciliationConfig } from '../../config/warehouse-schema.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { RetryPolicy } from '../../core/retry.js';
import type { Executor } from '../../store/open-store.js';
import type { Enqueuer } from '../orders/deps.js';
import type { StockErp, StockWarehouse } from './ports.js';

export interface StockFlowDeps {
  db: Executor;
  erp: StockErp;
  warehouse: StockWarehouse;
  queue: Enqueuer;
  config: StockMovementsFlowConfig;
  reconciliation: StockReconciliationConfig;
  /** BC location code of the warehouse: adjustments are booked there, stock is compared there. */
  locationCode: string;
  /** The 3PL's name, for journal descriptions. */
  warehouseName: string;
  retry: RetryPolicy;
  clock: Clock;
  logger: Logger;
}

export const STOCK_FLOW = 'stock-movements';

export const stockJobs = {
  /** Books every pending movement in one journal batch. */
  book: 'stock-movements.book',
  poll: 'stock-movements.poll',
  reconcile: 'stock-movements.reconcile',
  retryOpen: 'stock-movements.retry-open',
} as const;
