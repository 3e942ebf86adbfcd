/**
 * What the reconciliation is given: Shopify and BC reads, the ledger, the stock drift check when
 * there is a warehouse, and the Shopify stock check when the inventory flow is on.
 */
import type { OrderMappings } from '../../config/orders-schema.ts';
import type { PayoutsFlowConfig, ReconciliationConfig } from '../../config/money-schema.ts';
import type { ChannelBalanceTransaction, ChannelPayout } from '../../core/domain/channel-payout.ts';
import type { ErpSalesCreditMemo, ErpSalesInvoice, ErpSalesOrder } from '../../core/domain/erp.ts';
import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import type { Executor } from '../../store/open-store.ts';
import type { DriftLine } from '../stock-movements/compare-stock.ts';
import type { ChannelStockCheck } from './channel-stock.ts';

export interface ReconciliationOrder {
  id: string;
  name: string;
  createdAt: string;
  cancelledAt: string | null;
  test: boolean;
  total: string;
  refunds: { id: string; legacyId: string; createdAt: string; refunded: string }[];
}

export interface ReconciliationChannel {
  /** Orders changed since `since` (created or refunded since then), with their refunds. */
  listReconciliationOrders(since: string): AsyncIterable<ReconciliationOrder>;
  listPayouts(options: { since: string }): AsyncIterable<ChannelPayout>;
  listBalanceTransactions(payoutId: string): AsyncIterable<ChannelBalanceTransaction>;
}

export interface ReconciliationErp {
  /** Sales orders by number, many a request (a run compares every order of the month, every hour). */
  findSalesOrdersByNumbers(numbers: string[]): Promise<ErpSalesOrder[]>;
  findSalesInvoicesByOrderNumbers(orderNumbers: string[]): Promise<ErpSalesInvoice[]>;
  findSalesCreditMemosByExternalDocumentNumbers(references: string[]): Promise<ErpSalesCreditMemo[]>;
  listGeneralLedgerEntries(documentNumbers: string[]): Promise<{ documentNumber: string; debitAmount: string }[]>;
  findJournalByCode(code: string): Promise<{ id: string } | undefined>;
  listJournalLines(journalId: string): Promise<{ documentNumber: string; amount: string }[]>;
}

export interface ReconciliationDeps {
  db: Executor;
  clock: Clock;
  logger: Logger;
  channel: ReconciliationChannel;
  erp: ReconciliationErp;
  config: ReconciliationConfig;
  orders: OrderMappings & { referencePrefix: string };
  refundsReferencePrefix: string;
  payouts: Pick<PayoutsFlowConfig, 'journalBatch' | 'post'>;
  /** The existing warehouse-against-BC drift check, now; absent without a warehouse. */
  stockDrift?: () => Promise<{ lines: DriftLine[]; asOf: string }>;
  /** Shopify's stock against the inventory flow's figure, now (read only); absent when that flow is off. */
  channelStock?: () => Promise<ChannelStockCheck>;
}

export const RECONCILIATION_FLOW = 'reconciliation';
export const reconciliationJobs = { run: 'reconciliation.run' } as const;

export const differenceCategories = [
  'order_missing_in_bc',
  'order_amount_differs',
  'refund_without_credit_memo',
  'payout_not_posted',
  'payout_journal_differs',
  'payout_transactions_differ',
  'stock_drift',
  'stock_channel_drift',
] as const;
export type DifferenceCategory = (typeof differenceCategories)[number];

export interface Difference {
  category: DifferenceCategory;
  reference: string;
  /** Stable across runs of the period: how a report is compared with the one before. */
  fingerprint: string;
  message: string;
  shopifyAmount: string | null;
  bcAmount: string | null;
  recordId: number | null;
  linkGroup: string | null;
  detail: Record<string, unknown>;
}

export const categoryWords: Record<DifferenceCategory, string> = {
  order_missing_in_bc: 'Shopify orders missing in Business Central',
  order_amount_differs: 'Orders whose amounts differ',
  refund_without_credit_memo: 'Refunds without a credit memo',
  payout_not_posted: 'Payouts not posted',
  payout_journal_differs: 'Payouts whose journal differs',
  payout_transactions_differ: 'Payouts that do not add up to their transactions',
  stock_drift: 'Stock drift (warehouse against Business Central)',
  stock_channel_drift: "Shopify stock that differs from the hub's figure (Business Central less open orders and buffers)",
};
