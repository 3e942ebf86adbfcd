/**
 * Puts the flows together: a loop over the flow modules (src/composition/flow-modules.ts),
 * collecting their handles, Shopify webhook topics, BC triggers and warehouse event handlers,
 * defining the jobs of those that are enabled; and, for the operator, their record retriers
 * and monitoring figures.
 */
import { systemClock, type Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import type { FlowContext, FlowHandles, FlowModule } from '../flows/shared/flow-module.ts';
import type { RecordRetrier } from '../operations/local-operations.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { WebhookTopicHandler } from '../server/shopify-webhooks.ts';
import type { Store } from '../store/open-store.ts';
import type { Connectors } from './connectors.ts';
import { flowModules } from './flow-modules.ts';
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
  /** Each defined flow's handles (its deps, mostly), by name. */
  handles: Partial<FlowHandles>;
  webhookTopics: Record<string, WebhookTopicHandler>;
  /** The warehouse flows; absent when the configuration has no warehouse. */
  warehouse?: WarehouseFlows;
  /** Payouts and cash application. */
  money: MoneyFlows;
  /** BC available-to-sell → Shopify (its jobs exist only when flows.inventory.enabled). */
  inventory: InventoryFlowDeps;
}

/**
 * Defines each module in turn for the hub's one connection set. `modules` is the list by
 * default; tests give their own.
 */
export function defineFlows(
  store: Store,
  queue: JobQueue,
  loaded: LoadedConfig,
  connectors: Connectors,
  options: FlowOptions,
  modules: readonly FlowModule[] = flowModules,
): Flows {
  const context: FlowContext = {
    store,
    queue,
    loaded,
    connectors,
    clock: options.clock ?? systemClock,
    logger: options.logger,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    flows: {},
  };
  const webhookTopics: Record<string, WebhookTopicHandler> = {};
  for (const module of modules) {
    const defined = module.define(context);
    if (!defined) continue;
    Object.assign(context.flows, { [module.name]: defined.handles });
    if (module.enabled(loaded.config)) defined.defineJobs();
    for (const [topic, handler] of Object.entries(defined.webhookTopics ?? {})) {
      if (Object.hasOwn(webhookTopics, topic)) throw new Error(`two flows take the Shopify topic ${topic}`);
      webhookTopics[topic] = handler;
    }
  }
  const warehouse = defineWarehouseFlows(store, queue, loaded, connectors, options);
  const inventory = defineInventoryFlow(store, queue, loaded, connectors, options, warehouse);
  const money = defineMoneyFlows(store, queue, loaded, connectors, options, warehouse?.stock, inventory);
  return { handles: context.flows, webhookTopics, money, inventory, ...(warehouse ? { warehouse } : {}) };
}

/** How the operator's `exceptions retry` puts each flow's record back in its queue. */
export function recordRetriers(store: Store, queue: JobQueue, modules: readonly FlowModule[] = flowModules): Record<string, RecordRetrier> {
  const retriers: Record<string, RecordRetrier> = {};
  for (const module of modules) Object.assign(retriers, module.retriers({ store, queue }));
  return {
    ...retriers,
    ...warehouseRecordRetriers(store, queue),
    ...moneyRecordRetriers(queue),
    ...alertsRecordRetriers(queue),
    ...inventoryRecordRetriers(store, queue),
  };
}
