/** The payouts flow as a module: each Shopify Payments payout → one balanced BC journal batch. */
import type { FlowModule } from '../shared/flow-module.ts';
import { retryPolicyOf } from '../shared/warehouse-records.ts';
import { PAYOUTS_FLOW, payoutsJobs, type PayoutsFlowDeps } from './deps.ts';
import { payoutsExceptionCatalogue } from './exceptions.ts';
import { definePayoutsJobs } from './jobs.ts';

declare module '../shared/flow-module.ts' {
  interface FlowHandles {
    payouts: PayoutsFlowDeps;
  }
}

export const payoutsModule: FlowModule<'payouts'> = {
  name: PAYOUTS_FLOW,
  enabled: (config) => config.flows.payouts.enabled,
  define({ store, queue, loaded, connectors, clock, logger }) {
    const { flows } = loaded.config;
    const deps: PayoutsFlowDeps = {
      db: store.db,
      queue,
      clock,
      logger: logger.child({ flow: PAYOUTS_FLOW }),
      channel: connectors.shopify,
      erp: connectors.bc.withLane('money'),
      config: flows.payouts,
      retry: retryPolicyOf(flows.payouts.retry),
      orderReferencePrefix: flows.orders.referencePrefix,
    };
    return { handles: deps, defineJobs: () => definePayoutsJobs(queue, deps, flows.orders.retryOpenExceptionsCron) };
  },
  retriers: ({ queue }) => ({ [PAYOUTS_FLOW]: async () => (await queue.enqueue(payoutsJobs.post, {}, { key: 'payouts' })) !== null }),
  wording: { payouts: { posted: 'journal posted in Business Central' } },
  exceptions: payoutsExceptionCatalogue,
};
