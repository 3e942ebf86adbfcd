/**
 * The composition root: the one place where configuration, the store, the connectors, the
 * queue, the flows and the HTTP server are put together (with the helpers in
 * src/composition/). Everything else receives what it needs as arguments.
 */
import { systemClock, type Clock } from './core/clock.ts';
import type { Logger } from './core/logger.ts';
import { allSecretValues, connectionsOf, type LoadedConfig } from './config/load-config.ts';
import { bcRoutesByCompany, bcSubscriptionsJob, defineBcSubscriptionUpkeep } from './composition/bc-webhooks.ts';
import { bcBudgetReadings, bcRegistrationsOf, buildConnectionSets } from './composition/connectors.ts';
import { defineConnectionFlows, flowMonitors, recordRetriers } from './composition/flows.ts';
import { defineStoreUpkeep } from './composition/store-upkeep.ts';
import { explainStock } from './flows/inventory/explain.ts';
import { verifyWebhookHmac } from './connectors/shopify/index.ts';
import { recordLastRun } from './operations/last-runs.ts';
import { createLocalOperations } from './operations/local-operations.ts';
import { OperatorRefusal } from './operations/refusal.ts';
import type { Operations } from './operations/types.ts';
import { JobQueue } from './queue/job-queue.ts';
import { createServer } from './server/create-server.ts';
import { createIntakeGate } from './server/intake-gate.ts';
import { createShopifyHandover, HANDED_OVER_INTAKE_CONCURRENCY } from './server/shopify-webhooks.ts';
import { createHubMetrics, type HubMetrics } from './server/metrics.ts';
import { listen } from './server/listen.ts';
import { openBudgetLedger } from './store/budget-ledger.ts';
import { openStore, type Store } from './store/open-store.ts';

export { defineFlows } from './composition/flows.ts';
export { buildConnectors } from './composition/connectors.ts';

export interface HubOptions {
  loaded: LoadedConfig;
  logger: Logger;
  clock?: Clock;
  fetch?: typeof globalThis.fetch;
  /** Queue polling interval; tests shorten it. */
  pollingIntervalSeconds?: number;
}

export interface Hub {
  url: string;
  store: Store;
  queue: JobQueue;
  operations: Operations;
  stop(): Promise<void>;
}

export function openConfiguredStore(loaded: LoadedConfig): Promise<Store> {
  const { config, secrets, dataDir } = loaded;
  return config.store.backend === 'postgres'
    ? openStore({ backend: 'postgres', url: secrets.databaseUrl! })
    : openStore({ backend: 'embedded', dataDir });
}

/** The longest a job waits for Shopify's waiting deliveries to be stored before it runs anyway. */
const JOBS_WAIT_FOR_INTAKE_MS = 1_000;

export function createQueue(
  store: Store,
  options: Pick<HubOptions, 'logger' | 'clock' | 'pollingIntervalSeconds'> & {
    listenUrl?: string | undefined;
    /** Told each run's duration (the metrics' job latency histogram). */
    observeJob?: (job: string, outcome: string, durationMs: number) => void;
    /** Waited for before each job runs (the webhook intake's turn first). */
    yieldTo?: () => Promise<void>;
  },
): JobQueue {
  const clock = options.clock ?? systemClock;
  return new JobQueue({
    store,
    clock,
    logger: options.logger,
    ...(options.pollingIntervalSeconds === undefined ? {} : { pollingIntervalSeconds: options.pollingIntervalSeconds }),
    ...(options.listenUrl ? { listenUrl: options.listenUrl } : {}),
    ...(options.yieldTo ? { yieldTo: options.yieldTo } : {}),
    onRunFinished: (job, outcome, durationMs) => {
      options.observeJob?.(job, outcome, durationMs);
      return recordLastRun(store.db, job, outcome, new Date(clock.now()));
    },
  });
}

/** The operator's operations; a record is retried by putting its flow's job back in the queue. */
export function createOperations(
  store: Store,
  loaded: LoadedConfig,
  queue: JobQueue,
  clock: Clock = systemClock,
  reconcile?: Parameters<typeof createLocalOperations>[0]['reconcile'],
  explainStock?: Parameters<typeof createLocalOperations>[0]['explainStock'],
): Operations {
  return createLocalOperations({
    ...(reconcile ? { reconcile } : {}),
    ...(explainStock ? { explainStock } : {}),
    store,
    hubName: loaded.config.hub.name,
    clock,
    queueCounts: () => queue.counts(),
    retriers: recordRetriers(store, queue),
    connections: connectionsOf(loaded).map((connection) => connection.id),
    monitors: flowMonitors(store, loaded, clock),
  });
}

export async function startHub(options: HubOptions): Promise<Hub> {
  const { loaded, logger } = options;
  const { config, secrets } = loaded;
  const store = await openConfiguredStore(loaded);
  // Several hub processes may share a PostgreSQL store, and then BC's request budget
  // (store.sharedBudgets: counted in the store, decision 0024). Embedded is one process.
  const sharedBudgets =
    config.store.backend === 'postgres' && config.store.sharedBudgets
      ? openBudgetLedger({ url: secrets.databaseUrl!, clock: options.clock, logger })
      : undefined;
  let queueRunning = false;
  try {
    // On PostgreSQL the queue also listens for jobs other hub processes queue.
    // The queue is made before the metrics it feeds; it reaches them through this holder.
    const metricsHolder: { current?: HubMetrics } = {};
    // Shopify's deliveries take their turns at this gate; while some wait, jobs wait too (at most a
    // second each), so that a burst is stored and answered within Shopify's 5 seconds first.
    const intakeGate = createIntakeGate(HANDED_OVER_INTAKE_CONCURRENCY);
    const queue = createQueue(store, {
      ...options,
      listenUrl: config.store.backend === 'postgres' ? secrets.databaseUrl : undefined,
      observeJob: (job, outcome, durationMs) => metricsHolder.current?.observeJob(job, outcome, durationMs),
      yieldTo: () => intakeGate.whenClear(JOBS_WAIT_FOR_INTAKE_MS),
    });
    const sets = await buildConnectionSets(loaded, { ...options, ...(sharedBudgets ? { sharedBudgets } : {}) });
    const connections = defineConnectionFlows(store, queue, sets, {
      ...options,
      hubUrl: `http://${config.server.host}:${config.server.port}`,
    });
    const { flows } = connections[0]!;
    const registrations = bcRegistrationsOf(connections);
    defineStoreUpkeep(store, queue, loaded, options.clock ?? systemClock, logger);
    const withBcWebhooks = connections.filter((connection) => connection.loaded.config.bc.webhooks.enabled);
    for (const connection of withBcWebhooks)
      defineBcSubscriptionUpkeep(
        connection.store,
        queue.forConnection(connection.id),
        connection.connectors.bc,
        connection.loaded,
        Object.keys(connection.flows.bcTriggers),
        logger,
      );
    const bcTriggers = config.bc.webhooks.enabled ? flows.bcTriggers : {};
    // Each connection's warehouse calls back on its own path, into its own flows and inbox (decision 0029).
    const warehouseCallbacks = connections.flatMap(({ flows: own, store: { db }, loaded: { secrets: ownSecrets } }) =>
      own.warehouseCallbacks
        ? [
            {
              ...own.warehouseCallbacks,
              db,
              maxBodyBytes: config.server.maxBodyBytes,
              ...(ownSecrets.warehouseCallbackSecret ? { secret: ownSecrets.warehouseCallbackSecret } : {}),
            },
          ]
        : [],
    );
    // The operator's reconcile and stock work on the connection they name (operations choose it).
    const connectionById = new Map(connections.map((connection) => [connection.id, connection]));
    const handlesOf = (id: string) => {
      const found = connectionById.get(id);
      if (!found) throw new OperatorRefusal('not_found', `there is no connection "${id}"`);
      return found.flows.handles;
    };
    const operations = createOperations(
      store,
      loaded,
      queue,
      options.clock,
      connections.some((connection) => connection.flows.handles.reconciliation)
        ? (period, trigger, id) => {
            const { reconciliation } = handlesOf(id);
            if (!reconciliation) throw new OperatorRefusal('invalid_request', `connection ${id} does not reconcile (its flow is off)`);
            return reconciliation.reconcile(period, trigger);
          }
        : undefined,
      connections.some((connection) => connection.flows.handles.inventory)
        ? (sku, id) => {
            const { inventory } = handlesOf(id);
            if (!inventory)
              throw new OperatorRefusal('invalid_request', `connection ${id} does not push stock (its inventory flow is off)`);
            return explainStock(inventory, sku);
          }
        : undefined,
    );
    const metrics = createHubMetrics({
      store,
      operations,
      queueCounts: () => queue.counts(),
      // Per BC app registration in use: connections on one share its limiter and budget.
      bcBudgets: () => bcBudgetReadings(registrations),
      shopifyBuckets: () =>
        connections.map((connection) => ({
          shop: connection.loaded.config.shopify.shopDomain,
          connection: connection.id,
          status: connection.connectors.shopify.client.bucketStatus(),
        })),
    });
    metricsHolder.current = metrics;
    // Each shop's webhooks are answered once stored and handed to their flows just after.
    const handovers = connections.map((connection) =>
      createShopifyHandover({ topics: connection.flows.webhookTopics, db: connection.store.db }, logger),
    );
    const app = createServer({
      store,
      operations,
      apiToken: secrets.apiToken,
      isReady: () => queueRunning,
      logger,
      timeZone: config.hub.timeZone,
      metrics,
      trustedProxies: config.server.trustedProxies,
      secrets: allSecretValues(loaded),
      shopifyWebhooks: {
        maxBodyBytes: config.server.maxBodyBytes,
        verify: verifyWebhookHmac,
        intakeGate,
        // Each shop's deliveries go to its own connection's flows and inbox.
        shops: connections.map((connection, index) => ({
          secrets: connection.loaded.secrets.shopifyWebhookSecrets,
          topics: connection.flows.webhookTopics,
          shopDomain: connection.loaded.config.shopify.shopDomain,
          db: connection.store.db,
          handOver: handovers[index]!,
        })),
      },
      ...(warehouseCallbacks.length > 0 ? { warehouseCallbacks } : {}),
      ...(withBcWebhooks.length > 0
        ? {
            bcWebhooks: {
              clientState: secrets.bcWebhookClientState!,
              triggers: bcTriggers,
              connection: connections[0]!.id,
              // Each notification goes to the connections on its company: their inboxes and flows.
              ...(connections.length > 1 ? { routesFor: bcRoutesByCompany(withBcWebhooks) } : {}),
              maxBodyBytes: config.server.bcMaxBodyBytes,
            },
          }
        : {}),
    });
    const server = await listen(app, config.server.host, config.server.port);
    store.advertiseApiUrl(server.url);
    await queue.start();
    queueRunning = true;
    for (const handover of handovers) handover.start();
    for (const connection of withBcWebhooks) await queue.forConnection(connection.id).enqueue(bcSubscriptionsJob, {});
    const callback = `${(config.server.publicUrl ?? server.url).replace(/\/+$/, '')}/webhooks/shopify`;
    for (const connection of connections) {
      if (!connection.loaded.config.shopify.registerWebhooks) continue;
      for (const topic of Object.keys(connection.flows.webhookTopics)) {
        const shop = connection.loaded.config.shopify.shopDomain;
        try {
          const { created } = await connection.connectors.shopify.ensureWebhookSubscription(topic, callback);
          if (created) logger.info({ topic, callback, shop }, 'registered Shopify webhook');
        } catch (error) {
          // Polling still brings every order and refund; say loudly that webhooks are not flowing.
          logger.error({ err: error, topic, shop }, 'could not register the Shopify webhook; this topic arrives by polling only');
        }
      }
    }
    logger.info({ url: server.url, store: store.location }, 'LedgerBridge hub is running');
    return {
      url: server.url,
      store,
      queue,
      operations,
      async stop() {
        queueRunning = false;
        await server.close();
        // What is stored but not handed over yet stays in the inbox for the next start.
        for (const handover of handovers) await handover.close();
        await queue.stop();
        await sharedBudgets?.close();
        await store.close();
      },
    };
  } catch (error) {
    await sharedBudgets?.close();
    await store.close();
    throw error;
  }
}
