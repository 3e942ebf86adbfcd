/**
 * The composition root: the one place where configuration, the store, the connectors, the
 * queue, the flows and the HTTP server are put together. Everything else receives what it
 * needs as arguments.
 */
import { systemClock, type Clock } from './core/clock.js';
import type { Logger } from './core/logger.js';
import type { LoadedConfig } from './config/load-config.js';
import { createBcConnector } from './connectors/bc/index.js';
import { createShopifyConnector, parseOrderWebhook, verifyWebhookHmac } from './connectors/shopify/index.js';
import { ordersJobs, type ImportJob, type OrdersFlowDeps } from './flows/orders/deps.js';
import { takeInOrder } from './flows/orders/intake.js';
import { defineOrdersJobs } from './flows/orders/jobs.js';
import { checkOverridePath } from './flows/orders/overrides.js';
import { setRecordOverrides } from './ledger/records.js';
import { recordLastRun } from './operations/last-runs.js';
import { createLocalOperations } from './operations/local-operations.js';
import type { Operations } from './operations/types.js';
import { JobQueue } from './queue/job-queue.js';
import { createServer } from './server/create-server.js';
import { listen } from './server/listen.js';
import { openStore, type Store } from './store/open-store.js';

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

const shopifyWebhookTopics = ['orders/create', 'orders/updated', 'orders/cancelled'];

export function openConfiguredStore(loaded: LoadedConfig): Promise<Store> {
  const { config, secrets, dataDir } = loaded;
  return config.store.backend === 'postgres'
    ? openStore({ backend: 'postgres', url: secrets.databaseUrl! })
    : openStore({ backend: 'embedded', dataDir });
}

export function createQueue(store: Store, options: Pick<HubOptions, 'logger' | 'clock' | 'pollingIntervalSeconds'>): JobQueue {
  const clock = options.clock ?? systemClock;
  return new JobQueue({
    store,
    clock,
    logger: options.logger,
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
    onRunFinished: (job, outcome) => recordLastRun(store.db, job, outcome, new Date(clock.now())),
  });
}

/** The operator's operations; a record is retried by putting its flow's job back in the queue. */
export function createOperations(store: Store, loaded: LoadedConfig, queue: JobQueue, clock: Clock = systemClock): Operations {
  return createLocalOperations({
    store,
    hubName: loaded.config.hub.name,
    clock,
    queueCounts: () => queue.counts(),
    retriers: {
      orders: async (recordId, { by, overrides }) => {
        if (overrides) {
          const problems = Object.keys(overrides).map(checkOverridePath).filter(Boolean);
          if (problems.length > 0) throw new Error(problems.join('; '));
          await setRecordOverrides(store.db, recordId, overrides, by);
        }
        return (await queue.enqueue<ImportJob>(ordersJobs.import, { recordId }, { key: String(recordId) })) !== null;
      },
    },
  });
}

/** Builds the connectors and defines every enabled flow's jobs on the queue. */
export function defineFlows(store: Store, queue: JobQueue, loaded: LoadedConfig, options: Omit<HubOptions, 'loaded'>) {
  const { config, secrets } = loaded;
  const clock = options.clock ?? systemClock;
  const logger = options.logger;
  const fetch = options.fetch ?? globalThis.fetch;
  const shopify = createShopifyConnector({
    shopDomain: config.shopify.shopDomain,
    ...(config.shopify.adminUrl ? { adminUrl: config.shopify.adminUrl } : {}),
    auth:
      config.shopify.auth === 'token'
        ? { kind: 'token', accessToken: secrets.shopifyAccessToken! }
        : { kind: 'client_credentials', clientId: config.shopify.clientId!, clientSecret: secrets.shopifyClientSecret! },
    fetch,
    clock,
    logger: logger.child({ connector: 'shopify' }),
  });
  const bc = createBcConnector({
    config: {
      baseUrl: config.bc.baseUrl,
      authorityHost: config.bc.authorityHost,
      tenantId: config.bc.tenantId,
      environment: config.bc.environment,
      company: config.bc.company,
      clientId: config.bc.clientId,
    },
    clientSecret: secrets.bcClientSecret!,
    fetch,
    clock,
    logger: logger.child({ connector: 'bc' }),
  });
  const ordersDeps: OrdersFlowDeps = {
    db: store.db,
    channel: shopify,
    erp: bc,
    queue,
    config: config.flows.orders,
    clock,
    logger: logger.child({ flow: 'orders' }),
  };
  if (config.flows.orders.enabled) defineOrdersJobs(queue, ordersDeps);
  return { shopify, bc, ordersDeps };
}

export async function startHub(options: HubOptions): Promise<Hub> {
  const { loaded, logger } = options;
  const { config, secrets } = loaded;
  const store = await openConfiguredStore(loaded);
  let queueRunning = false;
  try {
    const queue = createQueue(store, options);
    const { shopify, ordersDeps } = defineFlows(store, queue, loaded, options);
    const operations = createOperations(store, loaded, queue, options.clock);
    const app = createServer({
      store,
      operations,
      apiToken: secrets.apiToken,
      isReady: () => queueRunning,
      logger,
      shopifyWebhooks: {
        secrets: secrets.shopifyWebhookSecrets,
        maxBodyBytes: config.server.maxBodyBytes,
        codec: { verify: verifyWebhookHmac, parseOrderRef: parseOrderWebhook },
        takeInOrder: (ref, topic) => takeInOrder(ordersDeps, ref, `shopify-webhook:${topic}`),
      },
    });
    const server = await listen(app, config.server.host, config.server.port);
    store.advertiseApiUrl(server.url);
    await queue.start();
    queueRunning = true;
    if (config.shopify.registerWebhooks) {
      const callback = `${(config.server.publicUrl ?? server.url).replace(/\/+$/, '')}/webhooks/shopify`;
      for (const topic of shopifyWebhookTopics) {
        try {
          const { created } = await shopify.ensureWebhookSubscription(topic, callback);
          if (created) logger.info({ topic, callback }, 'registered Shopify webhook');
        } catch (error) {
          // Polling still brings every order; say loudly that webhooks are not flowing.
          logger.error({ err: error, topic }, 'could not register the Shopify webhook; orders arrive by polling only');
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
        await queue.stop();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
