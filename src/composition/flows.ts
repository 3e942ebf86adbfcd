/**
 * Puts the flows together: their dependencies, jobs and schedules on the queue, how the
 * operator retries their records, and which Shopify webhook topics feed them.
 */
import { systemClock, type Clock } from '../core/clock.ts';
import type { ChannelOrderRef } from '../core/domain/channel-order.ts';
import type { ChannelRefundRef } from '../core/domain/channel-refund.ts';
import type { Logger } from '../core/logger.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import { parseOrderWebhook, parseRefundWebhook } from '../connectors/shopify/index.ts';
import { ordersJobs, type ImportJob, type OrdersFlowDeps } from '../flows/orders/deps.ts';
import { takeInOrder } from '../flows/orders/intake.ts';
import { defineOrdersJobs } from '../flows/orders/jobs.ts';
import { checkOverridePath } from '../flows/orders/overrides.ts';
import { refundsJobs, type RefundJob, type RefundsFlowDeps } from '../flows/refunds/deps.ts';
import { takeInRefund, takeInRefundsOfListedOrder } from '../flows/refunds/intake.ts';
import { defineRefundsJobs } from '../flows/refunds/jobs.ts';
import { setRecordOverrides } from '../ledger/records.ts';
import type { RecordRetrier } from '../operations/local-operations.ts';
import { OperatorRefusal } from '../operations/refusal.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { WebhookTopicHandler } from '../server/shopify-webhooks.ts';
import type { Store } from '../store/open-store.ts';
import type { Connectors } from './connectors.ts';
import { newestOrderWebhookSnapshot } from './order-webhook-bodies.ts';
import { alertsRecordRetriers } from './alerts.ts';
import { defineInventoryFlow, inventoryRecordRetriers } from './inventory.ts';
import type { InventoryFlowDeps } from '../flows/inventory/deps.ts';
import { defineMoneyFlows, moneyRecordRetriers, type MoneyFlows } from './money.ts';
import { defineWarehouseFlows, warehouseRecordRetriers, type WarehouseFlows } from './warehouse.ts';

export interface FlowOptions {
  logger: Logger;
  clock?: Clock;
  fetch?: typeof globalThis.fetch;
}

export interface Flows {
  ordersDeps: OrdersFlowDeps;
  refundsDeps: RefundsFlowDeps;
  webhookTopics: Record<string, WebhookTopicHandler>;
  /** The warehouse flows; absent when the configuration has no warehouse. */
  warehouse?: WarehouseFlows;
  /** Payouts and cash application. */
  money: MoneyFlows;
  /** BC available-to-sell → Shopify (its jobs exist only when flows.inventory.enabled). */
  inventory: InventoryFlowDeps;
}

export function defineFlows(store: Store, queue: JobQueue, loaded: LoadedConfig, connectors: Connectors, options: FlowOptions): Flows {
  const { config } = loaded;
  const clock = options.clock ?? systemClock;
  const { retry } = config.flows.orders;
  const policy = { maxAttempts: retry.maxAttempts, baseDelayMs: retry.baseDelaySeconds * 1000, maxDelayMs: retry.maxDelaySeconds * 1000 };
  const ordersDeps: OrdersFlowDeps = {
    db: store.db,
    channel: connectors.shopify,
    erp: connectors.bcFeatures,
    queue,
    config: config.flows.orders,
    clock,
    logger: options.logger.child({ flow: 'orders' }),
    latestWebhookSnapshot: (orderId) => newestOrderWebhookSnapshot(store, orderId, { afterTheFirst: true }),
  };
  const refundsDeps: RefundsFlowDeps = {
    db: store.db,
    channel: connectors.shopify,
    erp: connectors.bc.withLane('refunds'),
    queue,
    config: config.flows.refunds,
    orders: config.flows.orders,
    clock,
    logger: options.logger.child({ flow: 'refunds' }),
  };
  // One listing of changed orders feeds both safety nets: a change costs one cost point, not two.
  const sharedListing = config.flows.orders.enabled && config.flows.refunds.enabled;
  if (sharedListing) ordersDeps.onOrderListed = async (ref) => void (await takeInRefundsOfListedOrder(refundsDeps, ref));
  if (config.flows.orders.enabled) defineOrdersJobs(queue, ordersDeps);
  if (config.flows.refunds.enabled)
    defineRefundsJobs(queue, refundsDeps, policy, config.flows.orders.retryOpenExceptionsCron, { ownPoll: !sharedListing });
  const warehouse = defineWarehouseFlows(store, queue, loaded, connectors, options);
  const inventory = defineInventoryFlow(store, queue, loaded, connectors, options, warehouse);
  const money = defineMoneyFlows(store, queue, loaded, connectors, options, warehouse?.stock, inventory);
  return {
    ordersDeps,
    refundsDeps,
    webhookTopics: shopifyWebhookHandlers(ordersDeps, refundsDeps),
    money,
    inventory,
    ...(warehouse ? { warehouse } : {}),
  };
}

/** The Shopify topics the hub subscribes to, each handed to its flow. */
export function shopifyWebhookHandlers(
  ordersDeps: Pick<OrdersFlowDeps, 'db' | 'queue'>,
  refundsDeps: Pick<RefundsFlowDeps, 'db' | 'queue'>,
): Record<string, WebhookTopicHandler> {
  const order: WebhookTopicHandler = {
    parse: (raw) => {
      const ref = parseOrderWebhook(raw);
      return { businessKey: ref.id, ref };
    },
    takeIn: (ref, topic) => takeInOrder(ordersDeps, ref as ChannelOrderRef, `shopify-webhook:${topic}`),
  };
  const refund: WebhookTopicHandler = {
    parse: (raw) => {
      const ref = parseRefundWebhook(raw);
      return { businessKey: ref.id, ref };
    },
    takeIn: (ref, topic) => takeInRefund(refundsDeps, ref as ChannelRefundRef, `shopify-webhook:${topic}`),
  };
  return { 'orders/create': order, 'orders/updated': order, 'orders/cancelled': order, 'refunds/create': refund };
}

/** How the operator's `exceptions retry` puts each flow's record back in its queue. */
export function recordRetriers(store: Store, queue: JobQueue): Record<string, RecordRetrier> {
  return {
    orders: async (recordId, { by, overrides }) => {
      if (overrides) {
        const problems = Object.keys(overrides).map(checkOverridePath).filter(Boolean);
        if (problems.length > 0) throw new OperatorRefusal('invalid_request', problems.join('; '));
        await setRecordOverrides(store.db, recordId, overrides, by);
      }
      return (await queue.enqueue<ImportJob>(ordersJobs.import, { recordId }, { key: String(recordId) })) !== null;
    },
    refunds: async (recordId, { overrides }) => {
      if (overrides) throw new OperatorRefusal('invalid_request', 'refunds take no overrides; fix the data in Shopify or BC and retry');
      return (await queue.enqueue<RefundJob>(refundsJobs.import, { recordId }, { key: String(recordId) })) !== null;
    },
    ...warehouseRecordRetriers(store, queue),
    ...moneyRecordRetriers(queue),
    ...alertsRecordRetriers(queue),
    ...inventoryRecordRetriers(store, queue),
  };
}
