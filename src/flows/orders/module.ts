/**
 * The orders flow as a module: Shopify orders → BC sales orders, from the order webhooks and
 * the listing safety net; the operator's retry may carry overrides.
 */
import { parseOrderWebhook, parseTransactionWebhook } from '../../connectors/shopify/index.ts';
import type { ChannelOrderRef } from '../../core/domain/channel-order.ts';
import { setRecordOverrides } from '../../ledger/records.ts';
import { OperatorRefusal } from '../../operations/refusal.ts';
import type { WebhookTopicHandler } from '../../server/shopify-webhooks.ts';
import type { FlowModule } from '../shared/flow-module.ts';
import { ORDERS_FLOW, ordersJobs, type ImportJob, type OrdersFlowDeps } from './deps.ts';
import { ordersExceptionCatalogue } from './exceptions.ts';
import { takeInOrder } from './intake.ts';
import { defineOrdersJobs } from './jobs.ts';
import { checkOverridePath } from './overrides.ts';
import { announcedOrderTransactions, newestOrderWebhookSnapshot, ORDER_TRANSACTIONS_TOPIC } from './webhook-snapshot.ts';

declare module '../shared/flow-module.ts' {
  interface FlowHandles {
    orders: OrdersFlowDeps;
  }
}

/** The order topics, each handed to the orders flow. */
export function orderWebhookTopics(deps: Pick<OrdersFlowDeps, 'db' | 'queue'>): Record<string, WebhookTopicHandler> {
  const order: WebhookTopicHandler = {
    parse: (raw) => {
      const ref = parseOrderWebhook(raw);
      return { businessKey: ref.id, ref };
    },
    takeIn: (ref, topic) => takeInOrder(deps, ref as ChannelOrderRef, `shopify-webhook:${topic}`),
  };
  // A payment announced is kept in the inbox under its order (stored as processed), and that is all: the order's import
  // reads it there instead of asking Shopify (announcedOrderTransactions). A payment on an order
  // already in BC changes the order, whose own webhook brings it back to the flow.
  const transaction: WebhookTopicHandler = {
    parse: (raw) => {
      const ref = parseTransactionWebhook(raw);
      return { businessKey: ref.orderId, ref };
    },
    takeIn: () => Promise.resolve('kept'),
    storedOnly: true,
  };
  return { 'orders/create': order, 'orders/updated': order, 'orders/cancelled': order, [ORDER_TRANSACTIONS_TOPIC]: transaction };
}

export const ordersModule: FlowModule<'orders'> = {
  name: ORDERS_FLOW,
  enabled: (config) => config.flows.orders.enabled,
  define({ store, queue, loaded, connectors, clock, logger }) {
    const deps: OrdersFlowDeps = {
      db: store.db,
      channel: connectors.shopify,
      erp: connectors.bcFeatures,
      queue,
      config: loaded.config.flows.orders,
      ...(loaded.config.bc.localCurrency ? { localCurrency: loaded.config.bc.localCurrency } : {}),
      clock,
      logger: logger.child({ flow: ORDERS_FLOW }),
      latestWebhookSnapshot: (orderId) => newestOrderWebhookSnapshot(store, orderId, { afterTheFirst: true }),
      announcedTransactions: (orderId) => announcedOrderTransactions(store, orderId),
    };
    return { handles: deps, defineJobs: () => defineOrdersJobs(queue, deps), webhookTopics: orderWebhookTopics(deps) };
  },
  retriers: ({ store, queue }) => ({
    [ORDERS_FLOW]: async (recordId, { by, overrides }) => {
      if (overrides) {
        const problems = Object.keys(overrides).map(checkOverridePath).filter(Boolean);
        if (problems.length > 0) throw new OperatorRefusal('invalid_request', problems.join('; '));
        await setRecordOverrides(store.db, recordId, overrides, by);
      }
      return (await queue.enqueue<ImportJob>(ordersJobs.import, { recordId }, { key: String(recordId) })) !== null;
    },
  }),
  // Customers are records the orders flow makes as it resolves an order's customer.
  otherRecordKinds: ['customers'],
  wording: {
    orders: { waiting: 'waiting for the next posting window', posted: 'in Business Central as a sales order' },
    customers: { posted: 'customer in Business Central' },
  },
  exceptions: ordersExceptionCatalogue,
};
