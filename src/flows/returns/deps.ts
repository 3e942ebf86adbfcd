/** What the returns flow's steps are given, and its job names. */
import type { ReturnsFlowConfig } from '../../config/warehouse-schema.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { RetryPolicy } from '../../core/retry.js';
import type { Executor } from '../../store/open-store.js';
import type { Enqueuer } from '../orders/deps.js';
import type { ReturnsErp, ReturnsWarehouse } from './ports.js';

export interface ReturnsFlowDeps {
  db: Executor;
  erp: ReturnsErp;
  warehouse: ReturnsWarehouse;
  queue: Enqueuer;
  config: ReturnsFlowConfig;
  /** BC location code of the warehouse: restocked units are credited back there unless a grade says otherwise. */
  locationCode: string;
  /** Currency BC leaves blank on documents in the local currency. */
  localCurrency: string;
  retry: RetryPolicy;
  clock: Clock;
  logger: Logger;
}

export const RETURNS_FLOW = 'returns';

export const returnsJobs = {
  credit: 'returns.credit',
  poll: 'returns.poll',
  retryOpen: 'returns.retry-open',
} as const;

export interface ReturnJob {
  recordId: number;
}
