/**
 * The month-end reconciliation as a module, with its schedule (the operator's operations run it
 * on demand through `reconcile`). Its stock legs reuse the stock movements flow's drift check
 * and the inventory flow's figures, which is why it comes after both in the list.
 */
import { readReconciliationOrders, reconciliationOrdersQuery } from '../../connectors/shopify/reconciliation-reads.ts';
import { inventoryErpOf } from '../inventory/module.ts';
import type { FlowModule } from '../shared/flow-module.ts';
import { retryPolicyOf } from '../shared/warehouse-records.ts';
import { measureStockDrift } from '../stock-movements/reconcile.ts';
import { measureChannelStock } from './channel-stock.ts';
import { RECONCILIATION_FLOW, reconciliationJobs, type ReconciliationDeps } from './deps.ts';
import { monthPeriod, reconcilePeriod, type Period } from './reconcile.ts';
import type { SavedRun } from './runs.ts';

export interface ReconciliationFlow {
  deps: ReconciliationDeps;
  /** Reconciles a period now and stores the run. */
  reconcile(period: Period, trigger: string): Promise<SavedRun>;
}

declare module '../shared/flow-module.ts' {
  interface FlowHandles {
    reconciliation: ReconciliationFlow;
  }
}

/** The month to date, and the month before while its books are still being closed. */
export function monthsToReconcile(now: number, previousMonthUntilDay: number): string[] {
  const today = new Date(now);
  const current = today.toISOString().slice(0, 7);
  if (today.getUTCDate() > previousMonthUntilDay) return [current];
  const previous = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  return [previous, current];
}

export const reconciliationModule: FlowModule<'reconciliation'> = {
  name: RECONCILIATION_FLOW,
  enabled: (config) => config.flows.reconciliation.enabled,
  define({ store, queue, loaded, connectors, clock, logger, flows: defined }) {
    const { flows } = loaded.config;
    const bc = connectors.bc.withLane('reconciliation');
    const stock = defined['stock-movements'];
    const inventory = defined.inventory;
    const deps: ReconciliationDeps = {
      db: store.db,
      clock,
      logger: logger.child({ flow: RECONCILIATION_FLOW }),
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
    const reconcile = (period: Period, trigger: string) => reconcilePeriod(deps, period, trigger);
    return {
      handles: { deps, reconcile },
      defineJobs() {
        queue.define({
          name: reconciliationJobs.run,
          // The payouts flow's policy, as before the reconciliation was a module of its own.
          retry: retryPolicyOf(flows.payouts.retry),
          keyOf: () => 'reconciliation',
          handler: async () => {
            for (const month of monthsToReconcile(clock.now(), flows.reconciliation.previousMonthUntilDay))
              await reconcile(monthPeriod(month), 'schedule');
          },
        });
        queue.schedule(reconciliationJobs.run, flows.reconciliation.cron);
      },
    };
  },
  // Its runs are reports, not records an operator retries.
  retriers: () => ({}),
  exceptions: {},
};
