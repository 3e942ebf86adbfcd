/** What the returns flow's steps are given, and its job names. */
import type { ReturnsFlowConfig } from '../../config/warehouse-schema.ts';
import type { RetryPolicy } from '../../core/retry.ts';
import type { ReturnsErp, ReturnsWarehouse } from './ports.ts';
import type { FlowBaseDeps } from '../shared/flow-deps.ts';

export interface ReturnsFlowDeps extends FlowBaseDeps {
  erp: ReturnsErp;
  warehouse: ReturnsWarehouse;
  config: ReturnsFlowConfig;
  /** BC location code of the warehouse: restocked units are credited back there unless a grade says otherwise. */
  locationCode: string;
  /** Currency BC leaves blank on documents in the local currency. */
  localCurrency: string;
  retry: RetryPolicy;
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
