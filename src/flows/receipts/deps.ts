/** What the receipts flow's steps are given, and its job names. */
import type { ReceiptsFlowConfig } from '../../config/warehouse-schema.ts';
import type { RetryPolicy } from '../../core/retry.ts';
import type { ReceiptsErp, ReceiptsWarehouse } from './ports.ts';
import type { FlowBaseDeps } from '../shared/flow-deps.ts';

export interface ReceiptsFlowDeps extends FlowBaseDeps {
  erp: ReceiptsErp;
  warehouse: ReceiptsWarehouse;
  config: ReceiptsFlowConfig;
  /** BC location code of the warehouse: purchase lines delivered there become the ASN. */
  locationCode: string;
  retry: RetryPolicy;
}

export const RECEIPTS_FLOW = 'receipts';

export const receiptsJobs = {
  /** Creates the ASN of one purchase order, or receives in BC what the warehouse booked in. */
  sync: 'receipts.sync',
  poll: 'receipts.poll',
  asnPoll: 'receipts.asn-poll',
  retryOpen: 'receipts.retry-open',
} as const;

export interface ReceiptJob {
  recordId: number;
}

/** What a purchase order's record keeps as its source. */
export interface PurchaseOrderSource {
  purchaseOrderId: string;
  number: string;
  vendor: string;
}

/** Per purchase line, what BC had received before the ASN: the warehouse's count adds to it. */
export interface AsnSnapshot {
  lines: { lineId: string; sku: string; expected: number; receivedBefore: number }[];
}
