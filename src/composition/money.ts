/**
 * The money flows' wiring: payouts (Shopify Payments → BC journal batches), cash application
 * (payments and refunds applied to invoices and credit memos), and how the operator retries
 * their records. The reconciliation is wired where the operator's operations are.
 */
import { systemClock, type Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import { CASH_FLOW, cashJobs, type CashApplicationDeps } from '../flows/cash-application/deps.ts';
import { takeInPayoutCash } from '../flows/cash-application/intake.ts';
import { defineCashApplicationJobs } from '../flows/cash-application/jobs.ts';
import { PAYOUTS_FLOW, payoutsJobs, type PayoutsFlowDeps } from '../flows/payouts/deps.ts';
import { definePayoutsJobs } from '../flows/payouts/jobs.ts';
import { retryPolicyOf } from '../flows/shared/warehouse-records.ts';
import type { RecordRetrier } from '../operations/local-operations.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { Store } from '../store/open-store.ts';
import type { Connectors } from './connectors.ts';

export interface MoneyFlows {
  payouts: PayoutsFlowDeps;
  cash: CashApplicationDeps;
}

export function defineMoneyFlows(
  store: Store,
  queue: JobQueue,
  loaded: LoadedConfig,
  connectors: Connectors,
  options: { logger: Logger; clock?: Clock },
): MoneyFlows {
  const { flows } = loaded.config;
  const clock = options.clock ?? systemClock;
  const retry = retryPolicyOf(flows.payouts.retry);
  const cash: CashApplicationDeps = {
    db: store.db,
    queue,
    clock,
    logger: options.logger.child({ flow: CASH_FLOW }),
    erp: connectors.bcFeatures.withLane('money'),
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
      ? { onPayoutPosted: (db, payout, transactions) => takeInPayoutCash({ db, queue: bindQueue(queue, db) }, payout, transactions) }
      : {}),
  };
  if (flows.payouts.enabled) definePayoutsJobs(queue, payouts, flows.orders.retryOpenExceptionsCron);
  if (flows.cashApplication.enabled) defineCashApplicationJobs(queue, cash);
  return { payouts, cash };
}

/** The queue, its jobs written in the caller's store transaction. */
function bindQueue(queue: JobQueue, transaction: Store['db']) {
  return {
    enqueue: <T>(name: string, data: T, options: { key?: string; delayMs?: number } = {}) =>
      queue.enqueue(name, data, { ...options, transaction }),
  };
}

export function moneyRecordRetriers(queue: JobQueue): Record<string, RecordRetrier> {
  return {
    [PAYOUTS_FLOW]: async () => (await queue.enqueue(payoutsJobs.post, {}, { key: 'payouts' })) !== null,
    [CASH_FLOW]: async () => (await queue.enqueue(cashJobs.apply, {}, { key: 'cash' })) !== null,
  };
}
