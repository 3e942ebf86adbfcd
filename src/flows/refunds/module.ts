/**
 * The refunds flow as a module: Shopify refunds → BC credit memos, from the refund webhook and
 * a safety net that shares the orders flow's listing when both run.
 */
import { parseRefundWebhook } from '../../connectors/shopify/index.ts';
import type { ChannelRefundRef } from '../../core/domain/channel-refund.ts';
import { OperatorRefusal } from '../../operations/refusal.ts';
import type { WebhookTopicHandler } from '../../server/shopify-webhooks.ts';
import type { FlowModule } from '../shared/flow-module.ts';
import { REFUNDS_FLOW, refundsJobs, type RefundJob, type RefundsFlowDeps } from './deps.ts';
import { refundsExceptionCatalogue } from './exceptions.ts';
import { takeInRefund, takeInRefundsOfListedOrder } from './intake.ts';
import { defineRefundsJobs } from './jobs.ts';

declare module '../shared/flow-module.ts' {
  interface FlowHandles {
    refunds: RefundsFlowDeps;
  }
}

export function refundWebhookTopics(deps: Pick<RefundsFlowDeps, 'db' | 'queue'>): Record<string, WebhookTopicHandler> {
  const refund: WebhookTopicHandler = {
    parse: (raw) => {
      const ref = parseRefundWebhook(raw);
      return { businessKey: ref.id, ref };
    },
    takeIn: (ref, topic) => takeInRefund(deps, ref as ChannelRefundRef, `shopify-webhook:${topic}`),
  };
  return { 'refunds/create': refund };
}

export const refundsModule: FlowModule<'refunds'> = {
  name: REFUNDS_FLOW,
  enabled: (config) => config.flows.refunds.enabled,
  define({ store, queue, loaded, connectors, clock, logger, flows }) {
    const { orders, refunds } = loaded.config.flows;
    const deps: RefundsFlowDeps = {
      db: store.db,
      channel: connectors.shopify,
      erp: connectors.bc.withLane('refunds'),
      queue,
      config: refunds,
      orders,
      ...(loaded.config.bc.localCurrency ? { localCurrency: loaded.config.bc.localCurrency } : {}),
      clock,
      logger: logger.child({ flow: REFUNDS_FLOW }),
    };
    // One listing of changed orders feeds both safety nets: a change costs one cost point, not
    // two. The orders module is defined before this one, so its deps are here to link to.
    const sharedListing = orders.enabled && refunds.enabled && flows.orders !== undefined;
    if (sharedListing) flows.orders!.onOrderListed = async (ref) => void (await takeInRefundsOfListedOrder(deps, ref));
    const { retry } = orders;
    const policy = { maxAttempts: retry.maxAttempts, baseDelayMs: retry.baseDelaySeconds * 1000, maxDelayMs: retry.maxDelaySeconds * 1000 };
    return {
      handles: deps,
      defineJobs: () => defineRefundsJobs(queue, deps, policy, orders.retryOpenExceptionsCron, { ownPoll: !sharedListing }),
      webhookTopics: refundWebhookTopics(deps),
    };
  },
  retriers: ({ queue }) => ({
    [REFUNDS_FLOW]: async (recordId, { overrides }) => {
      if (overrides) throw new OperatorRefusal('invalid_request', 'refunds take no overrides; fix the data in Shopify or BC and retry');
      return (await queue.enqueue<RefundJob>(refundsJobs.import, { recordId }, { key: String(recordId) })) !== null;
    },
  }),
  wording: { refunds: { waiting: 'waiting for the refunded money to settle', posted: 'booked in Business Central as a credit memo' } },
  exceptions: refundsExceptionCatalogue,
};
