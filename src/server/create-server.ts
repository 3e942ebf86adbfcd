/** The hub's HTTP surface: webhooks, liveness and readiness, the JSON status, the operator API and dashboard. */
import { Hono } from 'hono';
import { sql } from 'kysely';
import type { Logger } from '../core/logger.ts';
import type { Operations } from '../operations/types.ts';
import type { Store } from '../store/open-store.ts';
import { mountBcWebhooks, type BcWebhookOptions } from './bc-webhooks.ts';
import { mountDashboard } from './dashboard/index.ts';
import { respondToError } from './http-errors.ts';
import { mountOperatorApi } from './operator-api.ts';
import { mountShopifyWebhooks, type ShopifyWebhookOptions } from './shopify-webhooks.ts';
import { mountWarehouseCallbacks, type WarehouseCallbackOptions } from './warehouse-callbacks.ts';
import { createWrongTokenThrottle, type WrongTokenLimits } from './wrong-token-throttle.ts';

export interface ServerOptions {
  store: Store;
  operations: Operations;
  apiToken: string | undefined;
  shopifyWebhooks: Omit<ShopifyWebhookOptions, 'db' | 'logger'>;
  /** The warehouse's callback receiver, when the hub has a warehouse. */
  warehouseCallbacks?: Omit<WarehouseCallbackOptions, 'db' | 'logger'>;
  /** The Business Central webhook receiver, when BC webhooks are enabled. */
  bcWebhooks?: Omit<BcWebhookOptions, 'db' | 'logger'>;
  /** True once the queue runs; readiness waits for it. */
  isReady(): boolean;
  logger: Logger;
  /** How many wrong operator tokens an address may send; 10 in 15 minutes unless a test says otherwise. */
  wrongTokenLimits?: WrongTokenLimits;
}

export function createServer(options: ServerOptions): Hono {
  const app = new Hono();
  app.onError((error, c) => {
    options.logger.error({ err: error, path: c.req.path }, 'request failed');
    return respondToError(c, error);
  });
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404));

  app.get('/health/live', (c) => c.json({ live: true }));
  app.get('/health/ready', async (c) => {
    let storeOk = true;
    try {
      await sql`select 1`.execute(options.store.db);
    } catch {
      storeOk = false;
    }
    const ready = storeOk && options.isReady();
    return c.json({ ready, store: storeOk, queue: options.isReady() }, ready ? 200 : 503);
  });
  // The JSON status is also served without the /api prefix for monitoring tools.
  app.get('/status', async (c) => c.json(await options.operations.status()));

  mountShopifyWebhooks(app, { ...options.shopifyWebhooks, db: options.store.db, logger: options.logger });
  if (options.warehouseCallbacks)
    mountWarehouseCallbacks(app, { ...options.warehouseCallbacks, db: options.store.db, logger: options.logger });
  if (options.bcWebhooks) mountBcWebhooks(app, { ...options.bcWebhooks, db: options.store.db, logger: options.logger });
  const wrongTokens = createWrongTokenThrottle(options.wrongTokenLimits);
  mountOperatorApi(app, options.operations, options.apiToken, wrongTokens);
  mountDashboard(app, { operations: options.operations, apiToken: options.apiToken, logger: options.logger, wrongTokens });
  return app;
}
