/**
 * The cash application flow as a module: payments and refunds applied to BC invoices and credit
 * memos (what the tenant's companion extension allows is asked at run time), taken in from
 * each payout the payouts flow posts.
 */
import type { FlowModule } from '../shared/flow-module.ts';
import { queueInTransaction } from '../shared/flow-deps.ts';
import { retryPolicyOf } from '../shared/warehouse-records.ts';
import { CASH_FLOW, cashJobs, type CashApplicationDeps } from './deps.ts';
import { cashExceptionCatalogue } from './exceptions.ts';
import { takeInPayoutCash } from './intake.ts';
import { defineCashApplicationJobs } from './jobs.ts';
import { moneyMonitors } from './monitors.ts';

declare module '../shared/flow-module.ts' {
  interface FlowHandles {
    'cash-application': CashApplicationDeps;
  }
}

export const cashApplicationModule: FlowModule<'cash-application'> = {
  name: CASH_FLOW,
  enabled: (config) => config.flows.cashApplication.enabled,
  define({ store, queue, loaded, connectors, clock, logger, flows: defined }) {
    const { flows } = loaded.config;
    const deps: CashApplicationDeps = {
      db: store.db,
      queue,
      clock,
      logger: logger.child({ flow: CASH_FLOW }),
      erp: connectors.bc.withLane('money'),
      config: flows.cashApplication,
      shopifyPaymentsClearing: flows.payouts.accounts.clearing,
      localCurrency: loaded.config.bc.localCurrency ?? flows.payouts.currency,
      // The payouts flow's policy: cash moves with the payouts.
      retry: retryPolicyOf(flows.payouts.retry),
    };
    // Each payout's charges and refunds are taken in within the transaction that records it as
    // posted. The payouts module is defined before this one, so its deps are here to link to.
    if (flows.cashApplication.enabled && defined.payouts)
      defined.payouts.onPayoutPosted = (db, payout, transactions) =>
        takeInPayoutCash({ db, queue: queueInTransaction(queue, db) }, payout, transactions);
    return { handles: deps, defineJobs: () => defineCashApplicationJobs(queue, deps) };
  },
  retriers: ({ queue }) => ({ [CASH_FLOW]: async () => (await queue.enqueue(cashJobs.apply, {}, { key: 'cash' })) !== null }),
  // The payouts' and the cash figures, both from this folder's monitors.
  monitors: ({ db, clock }) => [() => moneyMonitors(db, clock.now())],
  wording: { 'cash-application': { posted: 'applied in Business Central' } },
  exceptions: cashExceptionCatalogue,
};
