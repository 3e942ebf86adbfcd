/**
 * Puts the flows together: a loop over the flow modules (src/composition/flow-modules.ts) for
 * the hub's connection set, collecting their handles, Shopify webhook topics, BC triggers and
 * warehouse event handlers, and defining the jobs of those that are enabled; and, for the
 * operator, their record retriers and monitoring figures.
 */
import { systemClock, type Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { connectionsOf, type LoadedConfig } from '../config/load-config.ts';
import type { FlowContext, FlowHandles, FlowModule } from '../flows/shared/flow-module.ts';
import type { RecordRetrier } from '../operations/local-operations.ts';
import type { MonitorFigure } from '../operations/types.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { WebhookTopicHandler } from '../server/shopify-webhooks.ts';
import type { Executor, Store } from '../store/open-store.ts';
import { getRecord } from '../ledger/records.ts';
import { connectionStore, DEFAULT_CONNECTION_ID } from '../store/connection-scope.ts';
import type { Connectors, ConnectionSet } from './connectors.ts';
import { flowModules } from './flow-modules.ts';
import {
  addWarehouseEventRoutes,
  buildWarehousePort,
  warehouseCallbacksOf,
  type WarehouseCallbacks,
  type WarehouseEventRoutes,
} from './warehouse.ts';

export interface FlowOptions {
  logger: Logger;
  clock?: Clock;
  fetch?: typeof globalThis.fetch;
  /** The hub's own address, when no public or dashboard URL is configured (alert links). */
  hubUrl?: string;
  /** The modules to define; tests give their own list. */
  modules?: readonly FlowModule[];
}

export interface Flows {
  /** Each defined flow's handles (its deps, mostly), by name. */
  handles: Partial<FlowHandles>;
  /** The Shopify topics the hub subscribes to, each handed to its flow. */
  webhookTopics: Record<string, WebhookTopicHandler>;
  /** BC entity sets the hub subscribes to, each waking the flows that read it. */
  bcTriggers: Record<string, () => Promise<unknown>>;
  /** What the HTTP server mounts for the warehouse's callbacks; absent without a warehouse. */
  warehouseCallbacks?: WarehouseCallbacks;
}

/**
 * Each connection's flows (decision 0026): the modules defined once per connection, with its
 * connectors, its warehouse, a store whose ledger calls carry its id and a queue whose job names
 * do; hub-wide modules (alerts) with the first connection only. One connection is exactly
 * `defineFlows`: its store and queue are the hub's own.
 */
export function defineConnectionFlows(
  store: Store,
  queue: JobQueue,
  sets: readonly ConnectionSet[],
  options: FlowOptions,
): ConnectionFlows[] {
  const several = sets.length > 1;
  return sets.map((set, index) => {
    const modules = (options.modules ?? flowModules).filter((module) => index === 0 || module.scope !== 'hub');
    // The hub's one default connection keeps the untagged store: exactly the single-shop hub.
    const own = several || set.id !== DEFAULT_CONNECTION_ID ? connectionStore(store, set.id) : store;
    const flows = defineFlows(own, queue.forConnection(set.id), set.loaded, set.connectors, { ...options, modules });
    return { ...set, store: own, flows };
  });
}

export interface ConnectionFlows extends ConnectionSet {
  /** The store as the connection's flows see it (its ledger calls carry the connection). */
  store: Store;
  flows: Flows;
}

/** The flows of one connection set: its shop, BC company and warehouse. */
export function defineFlows(store: Store, queue: JobQueue, loaded: LoadedConfig, connectors: Connectors, options: FlowOptions): Flows {
  const warehouse = buildWarehousePort(loaded, store.db, options);
  const context: ConnectionSetContext = {
    store,
    queue,
    loaded,
    connectors,
    ...(warehouse ? { warehouse } : {}),
    clock: options.clock ?? systemClock,
    logger: options.logger,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.hubUrl ? { hubUrl: options.hubUrl } : {}),
  };
  return defineConnectionSet(context, options.modules);
}

/** Everything the modules are defined from, for one connection set. */
export type ConnectionSetContext = Omit<FlowContext, 'flows'>;

/**
 * Defines each module in turn for one connection set: several shops later are this, once per
 * set, with each set's context.
 */
export function defineConnectionSet(base: ConnectionSetContext, modules: readonly FlowModule[] = flowModules): Flows {
  const { loaded, warehouse } = base;
  const context: FlowContext = { ...base, flows: {} };
  const webhookTopics: Record<string, WebhookTopicHandler> = {};
  const bcTriggers: Record<string, () => Promise<unknown>> = {};
  const warehouseEvents: WarehouseEventRoutes = {};
  for (const module of modules) {
    const defined = module.define(context);
    if (!defined) continue;
    Object.assign(context.flows, { [module.name]: defined.handles });
    const enabled = module.enabled(loaded.config);
    if (enabled) defined.defineJobs();
    for (const [topic, handler] of Object.entries(defined.webhookTopics ?? {})) {
      if (Object.hasOwn(webhookTopics, topic)) throw new Error(`two flows take the Shopify topic ${topic}`);
      webhookTopics[topic] = handler;
    }
    // A set several flows watch wakes them all.
    for (const [set, wake] of Object.entries(defined.bcTriggers ?? {})) {
      const other = bcTriggers[set];
      bcTriggers[set] = other ? () => Promise.all([other(), wake()]) : wake;
    }
    addWarehouseEventRoutes(warehouseEvents, defined.warehouseEvents ?? {}, enabled);
  }
  return {
    handles: context.flows,
    webhookTopics,
    bcTriggers,
    ...(warehouse && loaded.config.warehouse
      ? { warehouseCallbacks: warehouseCallbacksOf(warehouse, loaded.config.warehouse.callback.path, warehouseEvents) }
      : {}),
  };
}

/**
 * How the operator's `exceptions retry` puts each flow's record back in its queue, by record
 * kind: in its connection's queue (the record says which), so it runs with that connection's
 * connectors. The CLI needs no connectors or configured connections for it.
 */
export function recordRetriers(store: Store, queue: JobQueue, modules: readonly FlowModule[] = flowModules): Record<string, RecordRetrier> {
  const retriersOf = (connectionId: string) => {
    const own = connectionId === DEFAULT_CONNECTION_ID ? store : connectionStore(store, connectionId);
    const access = { store: own, queue: connectionId === DEFAULT_CONNECTION_ID ? queue : queue.forConnection(connectionId) };
    return Object.assign({}, ...modules.map((module) => module.retriers(access))) as Record<string, RecordRetrier>;
  };
  const byConnection = new Map<string, Record<string, RecordRetrier>>([[DEFAULT_CONNECTION_ID, retriersOf(DEFAULT_CONNECTION_ID)]]);
  const retriers = byConnection.get(DEFAULT_CONNECTION_ID)!;
  return Object.fromEntries(
    Object.keys(retriers).map((kind) => [
      kind,
      async (recordId: number, options: Parameters<RecordRetrier>[1]) => {
        const connectionId = (await getRecord(store.db, recordId))?.connectionId ?? DEFAULT_CONNECTION_ID;
        let own = byConnection.get(connectionId);
        if (!own) byConnection.set(connectionId, (own = retriersOf(connectionId)));
        return own[kind]!(recordId, options);
      },
    ]),
  );
}

/**
 * The flows' monitoring figures for `ledgerbridge status` and /status. They count every
 * connection together; the warehouse flows' figures are there when any connection has a
 * warehouse, not only the first (decision 0029).
 */
export function flowMonitors(
  db: Executor,
  loaded: LoadedConfig,
  clock: Clock = systemClock,
  modules: readonly FlowModule[] = flowModules,
): (() => Promise<MonitorFigure[]>)[] {
  const warehouse = loaded.config.warehouse ?? connectionsOf(loaded).find((connection) => connection.config.warehouse)?.config.warehouse;
  const view = warehouse === loaded.config.warehouse ? loaded : { ...loaded, config: { ...loaded.config, warehouse } };
  return modules.flatMap((module) => module.monitors?.({ db, loaded: view, clock }) ?? []);
}
