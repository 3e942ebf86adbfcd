/**
 * What happens to an order after it is placed, as the emulated shop remembers it: refunds,
 * fulfilments, Shopify Payments balance transactions and payouts; plus the bookkeeping of
 * inventory writes and bulk operations. Ids are 64-bit, amounts decimal strings in the shop
 * currency, as in records.ts.
 */
import type { TransactionRecord } from './records.ts';

export type RestockType = 'RETURN' | 'CANCEL' | 'NO_RESTOCK';

export interface RefundLineRecord {
  id: bigint;
  lineId: bigint;
  quantity: number;
  restockType: RestockType;
  restocked: boolean;
  /** Where stock went back (or was released); null without restock. */
  locationId: bigint | null;
  /** One unit after discounts, as charged. */
  unitPrice: string;
  /** Refunded for the line: tax included when the order's prices include it. */
  subtotal: string;
  tax: string;
}

export interface RefundShippingRecord {
  id: bigint;
  shippingLineId: bigint;
  subtotal: string;
  tax: string;
}

export interface OrderAdjustmentRecord {
  id: bigint;
  /** An `OrderAdjustmentDiscrepancyReason`. */
  reason: 'REFUND_DISCREPANCY' | 'PENDING_REFUND_DISCREPANCY' | 'CUSTOMER' | 'DAMAGE' | 'RESTOCK';
  /** Signed: negative when less went back than the lines add up to. */
  amount: string;
  tax: string;
}

export interface RefundRecord {
  id: bigint;
  orderId: bigint;
  createdAt: string;
  processedAt: string;
  updatedAt: string;
  note: string | null;
  lines: RefundLineRecord[];
  shippingLines: RefundShippingRecord[];
  adjustments: OrderAdjustmentRecord[];
  /** Kind `REFUND`; a `PENDING` one counts in no total until it settles. */
  transactions: TransactionRecord[];
}

export interface FulfillmentRecord {
  id: bigint;
  orderId: bigint;
  fulfillmentOrderId: bigint;
  locationId: bigint;
  /** `#1001.1`, as Shopify names them. */
  name: string;
  status: 'SUCCESS' | 'CANCELLED';
  createdAt: string;
  updatedAt: string;
  notifyCustomer: boolean;
  message: string | null;
  tracking: { company: string | null; number: string | null; url: string | null }[];
  lines: { id: bigint; lineId: bigint; quantity: number }[];
}

/** A `ShopifyPaymentsSourceType`. */
export type BalanceSourceType = 'ADJUSTMENT' | 'ADJUSTMENT_REVERSAL' | 'CHARGE' | 'DISPUTE' | 'REFUND' | 'SYSTEM_ADJUSTMENT' | 'TRANSFER';

/** One movement on the Shopify Payments balance; `payoutId` null until a payout run takes it. */
export interface BalanceTransactionRecord {
  id: bigint;
  /** A `ShopifyPaymentsTransactionType`: `CHARGE`, `REFUND`, `DISPUTE_WITHDRAWAL`, `RESERVED_FUNDS_WITHDRAWAL`, `TRANSFER`, … */
  type: string;
  sourceType: BalanceSourceType;
  /** The charge, refund, dispute or adjustment (or payout, for a transfer) it comes from. */
  sourceId: bigint;
  amount: string;
  fee: string;
  net: string;
  orderId: bigint | null;
  orderName: string | null;
  orderTransactionId: bigint | null;
  processedAt: string;
  payoutId: bigint | null;
  test: boolean;
  adjustmentReason: string | null;
}

export interface PayoutRecord {
  id: bigint;
  issuedAt: string;
  status: 'SCHEDULED' | 'PAID' | 'FAILED' | 'CANCELED';
  transactionType: 'DEPOSIT' | 'WITHDRAWAL';
  /** Positive: what the bank receives (or, for a withdrawal, gives). */
  net: string;
  externalTraceId: string;
  summary: {
    chargesGross: string;
    chargesFee: string;
    refundsGross: string;
    refundsFee: string;
    adjustmentsGross: string;
    adjustmentsFee: string;
    reservedFundsGross: string;
    reservedFundsFee: string;
  };
}

export interface InventoryChangeRecord {
  itemId: bigint;
  locationId: bigint;
  name: string;
  delta: number;
  quantityAfterChange: number;
}

export interface AdjustmentGroupRecord {
  id: bigint;
  createdAt: string;
  reason: string;
  referenceDocumentUri: string | null;
  changes: InventoryChangeRecord[];
}

/** What an idempotency key was first used for, and what it answered. */
export interface IdempotencyRecord {
  /** Canonical form of the mutation's variables; another value under the same key is a mismatch. */
  fingerprint: string;
  outcome: { kind: 'applied'; group: AdjustmentGroupRecord } | { kind: 'failed' };
}

export interface BulkOperationRecord {
  id: bigint;
  query: string;
  status: 'CREATED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELED' | 'EXPIRED';
  errorCode: 'ACCESS_DENIED' | 'INTERNAL_SERVER_ERROR' | 'TIMEOUT' | null;
  createdAt: string;
  /** Emulator clock time at which the operation reports COMPLETED. */
  completesAtMs: number;
  completedAt: string | null;
  /** The JSONL result, one object per line, computed when the operation was created. */
  lines: string[];
  rootObjectCount: number;
}
