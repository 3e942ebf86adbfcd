/**
 * The hub's HTTP surface: webhooks, liveness and readiness, the JSON status, the operator API
 * and dashboard. Every request passes, in order: security headers; who the client is (the
 * trusted-proxy setting decides, client-address.ts); the audit of refusals (rejections.ts,
 * which records every 4xx on its way out); the body limit of its endpoint (body-limits.ts);
 * the body read once; then its route. See docs/security.md for what each endpoint trusts.
 */
import { Hono, type Context } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { sql } from 'kysely';
import type { Logger } from '../core/logger.ts';
import type { Operations } from '../operations/types.ts';
import type { Store } from '../store/open-store.ts';
import { mountBcWebhooks, type BcWebhookOptions } from './bc-webhooks.ts';
import { defaultBodyLimits, limitBodies, type BodyLimits } from './body-limits.ts';
import { createClientResolver, identifyClients } from './client-address.ts';
import { mountDashboard } from './dashboard/index.ts';
import { problem, respondToError } from './http-errors.ts';
import { guardOperatorApi, mountOperatorApi } from './operator-api.ts';
import type { HubMetrics } from './metrics.ts';
import { migrationNames } from '../store/migrate.ts';
import { auditRejections, readBodies } from './rejections.ts';
import { mountShopifyWebhooks, type ShopifyWebhookOptions } from './shopify-webhooks.ts';
import { mountWarehouseCallbacks, type WarehouseCallbackOptions } from './warehouse-callbacks.ts';
import { createWrongTokenThrottle, storedWrongTokenCounts, type WrongTokenLimits } from './wrong-token-throttle.ts';

export interface ServerOptions {
  store: Store;
  operations: Operations;
  apiToken: string | undefined;
  shopifyWebhooks: Omit<ShopifyWebhookOptions, 'db' | 'logger'>;
  /** The warehouses' callback receivers, one per connection with a warehouse, each on its own path. */
  warehouseCallbacks?: readonly WarehouseCallbackMount[];
  /** The Business Central webhook receiver, when BC webhooks are enabled. */
  bcWebhooks?: Omit<BcWebhookOptions, 'db' | 'logger'>;
  /** True once the queue runs; readiness waits for it. */
  isReady(): boolean;
  logger: Logger;
  /** How many wrong operator tokens an address may send; 10 in 15 minutes unless a test says otherwise. */
  wrongTokenLimits?: WrongTokenLimits;
  /** Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (addresses or CIDR ranges). */
  trustedProxies?: readonly string[];
  /** Per-endpoint body limits; the webhook receivers' own `maxBodyBytes` fill in theirs. */
  bodyLimits?: Partial<BodyLimits>;
  /** Prometheus metrics, served at /metrics behind the operator checks. */
  metrics?: HubMetrics;
  /** The shop's time zone for the dashboard (hub.timeZone). */
  timeZone?: string;
  /** Every configured secret, masked wherever it could appear in evidence. */
  secrets?: readonly string[];
  /** Itemised refusal entries per client and minute (see rejections.ts). */
  rejectionsPerMinute?: number;
  /** The clock of sessions and wrong-token windows; the system's unless a test says otherwise. */
  now?: () => number;
}

/** One warehouse's callback receiver. */
export type WarehouseCallbackMount = Omit<WarehouseCallbackOptions, 'db' | 'logger'> & {
  /** The warehouse's connection's store handle, so its deliveries are kept under that connection. */
  db?: WarehouseCallbackOptions['db'];
};

/** Headers every answer carries; the dashboard sets its own page policy on top. */
const baseHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  // HSTS belongs to whoever terminates TLS (the reverse proxy), not to a plain-HTTP hub.
  strictTransportSecurity: false,
  // The dashboard's own headers are set inside; keep them.
  overwrite: false,
});

/** The readiness checks, each on its own: the store answers, its migrations have all run, the queue runs. */
export async function checkReadiness(
  store: Store,
  queueRunning: () => boolean,
): Promise<{ store: boolean; migrations: boolean; queue: boolean }> {
  let storeOk = true;
  let migrations = false;
  try {
    await sql`select 1`.execute(store.db);
    const applied = new Set((await sql<{ name: string }>`select name from lb_migration`.execute(store.db)).rows.map((row) => row.name));
    migrations = migrationNames.every((name) => applied.has(name));
  } catch {
    storeOk = false;
  }
  return { store: storeOk, migrations, queue: queueRunning() };
}

export function createServer(options: ServerOptions): Hono {
  const app = new Hono();
  const warehouses = options.warehouseCallbacks ?? [];
  const limits: BodyLimits = {
    ...defaultBodyLimits,
    shopify: options.shopifyWebhooks.maxBodyBytes,
    ...(warehouses.length > 0 ? { warehouse: Math.max(...warehouses.map((warehouse) => warehouse.maxBodyBytes)) } : {}),
    ...(options.bcWebhooks ? { bc: options.bcWebhooks.maxBodyBytes } : {}),
    ...options.bodyLimits,
  };
  const secrets = [
    ...(options.secrets ?? []),
    ...(options.apiToken ? [options.apiToken] : []),
    ...(options.shopifyWebhooks.secrets ?? []),
    ...(options.shopifyWebhooks.shops ?? []).flatMap((shop) => shop.secrets),
    ...(options.bcWebhooks ? [options.bcWebhooks.clientState] : []),
    ...warehouses.flatMap((warehouse) => (warehouse.secret ? [warehouse.secret] : [])),
  ];
  app.onError((error, c) => {
    const response = respondToError(c, error);
    // A user's mistake (an unknown id, a refused correction) is answered, not logged with a stack.
    if (response.status >= 500) options.logger.error({ err: error, path: c.req.path }, 'request failed');
    else options.logger.debug({ path: c.req.path, status: response.status, message: (error as Error).message }, 'request refused');
    return response;
  });
  app.notFound((c) => problem(c, 404, 'not_found', `no route ${c.req.method} ${c.req.path}`));

  app.use('*', baseHeaders);
  app.use('*', identifyClients(createClientResolver(options.trustedProxies)));
  app.use('*', auditRejections({ db: options.store.db, logger: options.logger, secrets, perMinute: options.rejectionsPerMinute }));
  app.use(
    '*',
    limitBodies(
      limits,
      warehouses.map((warehouse) => warehouse.path),
    ),
  );
  app.use('*', readBodies());

  // Liveness: the process answers. Readiness: the store answers, every migration has run and
  // the queue runs. Both need no token and say nothing about the data (docs/security.md).
  const live = (c: Context) => c.json({ live: true });
  const ready = async (c: Context) => {
    const checks = await checkReadiness(options.store, options.isReady);
    const ok = checks.store && checks.migrations && checks.queue;
    return c.json({ ready: ok, ...checks }, ok ? 200 : 503);
  };
  for (const path of ['/health/live', '/healthz', '/livez']) app.get(path, live);
  for (const path of ['/health/ready', '/health', '/ready', '/readyz']) app.get(path, ready);

  mountShopifyWebhooks(app, { ...options.shopifyWebhooks, db: options.store.db, logger: options.logger });
  for (const warehouse of warehouses) mountWarehouseCallbacks(app, { db: options.store.db, ...warehouse, logger: options.logger });
  if (options.bcWebhooks) mountBcWebhooks(app, { ...options.bcWebhooks, db: options.store.db, logger: options.logger });
  const wrongTokens = createWrongTokenThrottle({
    counts: storedWrongTokenCounts(options.store.db, options.now ? { now: options.now } : {}),
    ...(options.wrongTokenLimits ? { limits: options.wrongTokenLimits } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  mountOperatorApi(app, options.operations, options.apiToken, wrongTokens);
  if (options.metrics) {
    const registry = options.metrics.registry;
    app.use('/metrics', guardOperatorApi(options.apiToken || undefined, wrongTokens));
    app.get('/metrics', async (c) => c.body(await registry.metrics(), 200, { 'content-type': registry.contentType }));
  }
  mountDashboard(app, {
    operations: options.operations,
    apiToken: options.apiToken,
    logger: options.logger,
    wrongTokens,
    db: options.store.db,
    ...(options.now ? { now: options.now } : {}),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  });
  return app;
}
