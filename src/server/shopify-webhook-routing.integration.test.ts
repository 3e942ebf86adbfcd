/** Several shops (connections): each delivery goes to the connection its shop domain names. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../test/support/backends.ts';
import { FakeChannel, FakeErp, RecordingQueue, sampleOrder } from '../../test/support/fake-orders-world.ts';
import { ordersFlowSchema } from '../config/schema.ts';
import { parseOrderWebhook, signWebhookBody, verifyWebhookHmac } from '../connectors/shopify/webhooks.ts';
import { systemClock } from '../core/clock.ts';
import type { ChannelOrderRef } from '../core/domain/channel-order.ts';
import { silentLogger } from '../core/logger.ts';
import { takeInOrder } from '../flows/orders/intake.ts';
import { listRecords } from '../ledger/index.ts';
import { createLocalOperations } from '../operations/local-operations.ts';
import { connectionStore } from '../store/connection-scope.ts';
import type { Store } from '../store/open-store.ts';
import { createServer } from './create-server.ts';
import type { ShopRoute } from './shopify-webhooks.ts';

describe('Shopify webhooks of several shops', () => {
  let store: Store;
  let app: ReturnType<typeof createServer>;
  const queues = { uk: new RecordingQueue(), eu: new RecordingQueue() };
  const secrets = { uk: 'shpss_uk', eu: 'shpss_eu' };

  beforeAll(async () => {
    store = await embeddedBackend().open();
    const shop = (id: 'uk' | 'eu'): ShopRoute => {
      const own = connectionStore(store, id);
      const deps = {
        db: own.db,
        channel: new FakeChannel(),
        erp: new FakeErp(),
        queue: queues[id],
        config: ordersFlowSchema.parse({}),
        clock: systemClock,
        logger: silentLogger,
      };
      return {
        shopDomain: `brand-${id}.myshopify.com`,
        secrets: [secrets[id]],
        db: own.db,
        topics: {
          'orders/create': {
            parse: (raw) => ({ businessKey: parseOrderWebhook(raw).id, ref: parseOrderWebhook(raw) }),
            takeIn: (ref, topic) => takeInOrder(deps, ref as ChannelOrderRef, `webhook:${topic}`),
          },
        },
      };
    };
    app = createServer({
      store,
      operations: createLocalOperations({ store, hubName: 'test', clock: systemClock, queueCounts: async () => [], retriers: {} }),
      apiToken: undefined,
      isReady: () => true,
      logger: silentLogger,
      shopifyWebhooks: { maxBodyBytes: 4096, verify: verifyWebhookHmac, shops: [shop('uk'), shop('eu')] },
    });
  });
  afterAll(() => store.close());

  // The same order id and event id from both shops: two shops' orders, two deliveries.
  const order = sampleOrder({ number: 1001 });
  const body = `{"id":${order.legacyId},"admin_graphql_api_id":"${order.id}","name":"${order.name}","updated_at":"2026-11-24T09:00:00+00:00","line_items":[]}`;
  const deliver = (shopDomain: string, secret: string) =>
    app.request('/webhooks/shopify', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-shopify-topic': 'orders/create',
        'x-shopify-shop-domain': shopDomain,
        'x-shopify-event-id': 'event-1',
        'x-shopify-hmac-sha256': signWebhookBody(body, secret),
      },
      body,
    });

  it("hands each shop's delivery to its own connection: its records, inbox and queue", async () => {
    expect((await deliver('brand-uk.myshopify.com', secrets.uk)).status).toBe(200);
    expect((await deliver('brand-eu.myshopify.com', secrets.eu)).status).toBe(200);
    const records = await listRecords(store.db, { flow: 'orders' });
    expect(records.map((record) => [record.connectionId, record.sourceId]).sort()).toEqual([
      ['eu', order.id],
      ['uk', order.id],
    ]);
    expect([queues.uk.jobs.length, queues.eu.jobs.length]).toEqual([1, 1]);
    const inbox = await store.db.selectFrom('lb_inbox').select('connection_id').orderBy('connection_id').execute();
    expect(inbox.map((row) => row.connection_id)).toEqual(['eu', 'uk']);
  });

  it("refuses a delivery signed with another shop's secret, and a shop no connection serves", async () => {
    expect((await deliver('brand-uk.myshopify.com', secrets.eu)).status).toBe(401);
    const stranger = await deliver('stranger.myshopify.com', secrets.uk);
    expect(stranger.status).toBe(403);
    expect(JSON.stringify(await stranger.json())).toContain('brand-uk.myshopify.com, brand-eu.myshopify.com');
    expect((await deliver('stranger.myshopify.com', 'forged')).status).toBe(401);
  });
});
