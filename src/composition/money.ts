/**
 * The money flows' wiring: payouts (Shopify Payments → BC journal batches), cash application
 * (payments and refunds applied to invoices and credit memos; what the tenant's companion
 * extension allows is asked at run time), the month-end reconciliation with its schedule (the
 * operator's operations run it on demand through `reconcile`; its stock legs reuse the
 * warehouse's drift check and the inventory flow's figures), and how the operator retries
 * payout and cash records.
 */
import { systemClock, type Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import { CASH_FLOW, cashJobs, type CashApplicationDeps } from '../flows/cash-application/deps.ts';
import { takeInPayoutCash } from '../flows/cash-application/intake.ts';
import { defineCashApplicationJobs } from '../flows/cash-application/jobs.ts';
import { PAYOUTS_FLOW, payoutsJobs, type PayoutsFlowDeps } from '../flows/payouts/deps.ts';
import { definePayoutsJobs } from '../flows/payouts/jobs.ts';
import { queueInTransaction } from '../flows/shared/flow-deps.ts';
import { retryPolicyOf } from '../flows/shared/warehouse-records.ts';
import { readReconciliationOrders, reconciliationOrdersQuery } from '../connectors/shopify/reconciliation-reads.ts';
import type { InventoryFlowDeps } from '../flows/inventory/deps.ts';
import { measureChannelStock } from '../flows/reconciliation/channel-stock.ts';
import { reconciliationJobs, type ReconciliationDeps } from '../flows/reconciliation/deps.ts';
import { monthPeriod, reconcilePeriod, type Period } from '../flows/reconciliation/reconcile.ts';
import type { SavedRun } from '../flows/reconciliation/runs.ts';
import type { StockFlowDeps } from '../flows/stock-movements/deps.ts';
import { measureStockDrift } from '../flows/stock-movements/reconcile.ts';
import type { RecordRetrier } from '../operations/local-operations.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { Store } from '../store/open-store.ts';
import type { Connectors } from './connectors.ts';
import { inventoryErpOf } from './inventory.ts';

export interface MoneyFlows {
  payouts: PayoutsFlowDeps;
  cash: CashApplicationDeps;
  reconciliation: ReconciliationDeps;
  /** Reconciles a period now and stores the run. */
  reconcile(period: Period, trigger: string): Promise<SavedRun>;
}

export function defineMoneyFlows(
  store: Store,
  queue: JobQueue,
  loaded: LoadedConfig,
  connectors: Connectors,
  options: { logger: Logger; clock?: Clock },
  stock?: StockFlowDeps,
  inventory?: InventoryFlowDeps,
): MoneyFlows {
  const { flows } = loaded.config;
  const clock = options.clock ?? systemClock;
  const retry = retryPolicyOf(flows.payouts.retry);
  const cash: CashApplicationDeps = {
    db: store.db,
    queue,
    clock,
    logger: options.logger.child({ flow: CASH_FLOW }),
    erp: connectors.bc.withLane('money'),
    config: flows.cashApplication,
    shopifyPaymentsClearing: flows.payouts.accounts.clearing,
    retry,
  };
  const payouts: PayoutsFlowDeps = {
    db: store.db,
    queue,
    clock,
    logger: options.logger.child({ flow: PAYOUTS_FLOW }),
    channel: connectors.shopify,
    erp: connectors.bc.withLane('money'),
    config: flows.payouts,
    retry,
    orderReferencePrefix: flows.orders.referencePrefix,
    ...(flows.cashApplication.enabled
      ? {
          onPayoutPosted: (db, payout, transactions) =>
            takeInPayoutCash({ db, queue: queueInTransaction(queue, db) }, payout, transactions),
        }
      : {}),
  };
  const bc = connectors.bc.withLane('reconciliation');
  const reconciliation: ReconciliationDeps = {
    db: store.db,
    clock,
    logger: options.logger.child({ flow: 'reconciliation' }),
    channel: {
      listReconciliationOrders: (since) => readReconciliationOrders(connectors.shopify.runBulkQuery(reconciliationOrdersQuery(since))),
      listPayouts: (query) => connectors.shopify.listPayouts(query),
      listBalanceTransactions: (id) => connectors.shopify.listBalanceTransactions(id),
    },
    erp: bc,
    config: flows.reconciliation,
    orders: flows.orders,
    refundsReferencePrefix: flows.refunds.referencePrefix,
    payouts: flows.payouts,
    ...(stock && flows.stockReconciliation.enabled
      ? {
          stockDrift: async () => {
            const { comparison, asOf } = await measureStockDrift(stock);
            return { lines: comparison.drift, asOf };
          },
        }
      : {}),
    // Read only: the inventory flow's reads and formula, on the reconciliation's BC lane.
    ...(inventory?.config.enabled ? { channelStock: () => measureChannelStock({ ...inventory, erp: inventoryErpOf(bc) }) } : {}),
  };
  const reconcile = (period: Period, trigger: string) => reconcilePeriod(reconciliation, period, trigger);
  if (flows.payouts.enabled) definePayoutsJobs(queue, payouts, flows.orders.retryOpenExceptionsCron);
  if (flows.cashApplication.enabled) defineCashApplicationJobs(queue, cash);
  if (flows.reconciliation.enabled) {
    queue.define({
      name: reconciliationJobs.run,
      retry,
      keyOf: () => 'reconciliation',
      handler: async () => {
        for (const month of monthsToReconcile(clock.now(), flows.reconciliation.previousMonthUntilDay))
          await reconcile(monthPeriod(month), 'schedule');
      },
    });
    queue.schedule(reconciliationJobs.run, flows.reconciliation.cron);
  }
  return { payouts, cash, reconciliation, reconcile };
}

/** The month to date, and the month before while its books are still being closed. */
export function monthsToReconcile(now: number, previousMonthUntilDay: number): string[] {
  const today = new Date(now);
  const current = today.toISOString().slice(0, 7);
  if (today.getUTCDate() > previousMonthUntilDay) return [current];
  const previous = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  return [previous, current];
}

export function moneyRecordRetriers(queue: JobQueue): Record<string, RecordRetrier> {
  return {
    [PAYOUTS_FLOW]: async () => (await queue.enqueue(payoutsJobs.post, {}, { key: 'payouts' })) !== null,
    [CASH_FLOW]: async () => (await queue.enqueue(cashJobs.apply, {}, { key: 'cash' })) !== null,
  };
}
