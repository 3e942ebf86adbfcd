import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../test/support/backends.ts';
import { FakeChannel, FakeErp, RecordingQueue, sampleOrder } from '../../test/support/fake-orders-world.ts';
import { systemClock } from '../core/clock.ts';
import { silentLogger } from '../core/logger.ts';
import { ordersFlowSchema } from '../config/schema.ts';
import { parseOrderWebhook, signWebhookBody, verifyWebhookHmac } from '../connectors/shopify/webhooks.ts';
import type { ChannelOrderRef } from '../core/domain/channel-order.ts';
import type { OrdersFlowDeps } from '../flows/orders/deps.ts';
import { takeInOrder } from '../flows/orders/intake.ts';
import { listAudit, listRecords } from '../ledger/index.ts';
import { createLocalOperations } from '../operations/local-operations.ts';
import type { Store } from '../store/open-store.ts';
import { createServer } from './create-server.ts';
import { createIntakeGate, type IntakeGate } from './intake-gate.ts';
import { createShopifyHandover, type ShopifyHandover, type WebhookTopicHandler } from './shopify-webhooks.ts';

const SECRET = 'shpss_current';
const OLD_SECRET = 'shpss_previous';

describe('Shopify webhook endpoint', () => {
  let store: Store;
  let queue: RecordingQueue;
  let app: ReturnType<typeof createServer>;
  let eventNumber = 0;

  beforeAll(async () => {
    store = await embeddedBackend().open();
  });
  afterAll(() => store.close());
  beforeEach(() => {
    queue = new RecordingQueue();
    const deps: OrdersFlowDeps = {
      db: store.db,
      channel: new FakeChannel(),
      erp: new FakeErp(),
      queue,
      config: ordersFlowSchema.parse({}),
      clock: systemClock,
      logger: silentLogger,
    };
    app = serverWith(
      Object.fromEntries(
        ['orders/create', 'orders/updated'].map((topic) => [
          topic,
          { parse: parseOrder, takeIn: (ref: unknown, name: string) => takeInOrder(deps, ref as ChannelOrderRef, `webhook:${name}`) },
        ]),
      ),
    );
  });

  const parseOrder = (raw: string) => ({ businessKey: parseOrderWebhook(raw).id, ref: parseOrderWebhook(raw) });

  function serverWith(topics: Record<string, WebhookTopicHandler>, intakeGate?: IntakeGate, handOver?: ShopifyHandover) {
    return createServer({
      store,
      operations: createLocalOperations({ store, hubName: 'test', clock: systemClock, queueCounts: async () => [], retriers: {} }),
      apiToken: undefined,
      isReady: () => true,
      logger: silentLogger,
      shopifyWebhooks: {
        maxBodyBytes: 4096,
        verify: verifyWebhookHmac,
        shops: [{ secrets: [SECRET, OLD_SECRET], topics, db: store.db, ...(handOver ? { handOver } : {}) }],
        ...(intakeGate ? { intakeGate } : {}),
      },
    });
  }

  function orderBody(number: number) {
    const order = sampleOrder({ number });
    // Shopify's numeric ids exceed 2^53; the body must be read without rounding them.
    return `{"id":${order.legacyId}987,"admin_graphql_api_id":"${order.id}987","name":"${order.name}","updated_at":"2026-11-24T09:00:00+00:00","line_items":[]}`;
  }

  function deliver(body: string, headers: Record<string, string | undefined> = {}) {
    eventNumber += 1;
    const all: Record<string, string> = {
      'content-type': 'application/json',
      'x-shopify-topic': 'orders/create',
      'x-shopify-shop-domain': 'brand.myshopify.com',
      'x-shopify-event-id': `event-${eventNumber}`,
      'x-shopify-webhook-id': `webhook-${eventNumber}`,
      'x-shopify-hmac-sha256': signWebhookBody(body, SECRET),
    };
    for (const [key, value] of Object.entries(headers)) {
      if (value === undefined) delete all[key];
      else all[key] = value;
    }
    return app.request('/webhooks/shopify', { method: 'POST', headers: all, body });
  }

  async function lastRejection() {
    const [entry] = await listAudit(store.db, { entity: 'webhook', limit: 1 });
    return entry;
  }

  it('accepts a signed order webhook, records the order and queues its import', async () => {
    const response = await deliver(orderBody(3001));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ accepted: true, duplicate: false, outcome: 'new' });
    const [record] = await listRecords(store.db, { flow: 'orders', limit: 1 });
    expect(record!.sourceId).toBe(`${sampleOrder({ number: 3001 }).id}987`);
    expect(queue.jobs).toHaveLength(1);
  });

  it('takes a burst of deliveries a few at a time, every one of them stored and answered', async () => {
    let running = 0;
    let most = 0;
    app = serverWith(
      {
        'orders/create': {
          parse: parseOrder,
          takeIn: async () => {
            running += 1;
            most = Math.max(most, running);
            await new Promise((done) => setTimeout(done, 2));
            running -= 1;
            return 'new';
          },
        },
      },
      createIntakeGate(2),
    );
    const answers = await Promise.all(Array.from({ length: 40 }, (_, index) => deliver(orderBody(3500 + index))));
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 40 }, () => 200));
    expect(most).toBe(2);
    const stored = await store.db.selectFrom('lb_inbox').select('event_id').where('event_id', 'like', 'event-%').execute();
    expect(stored.length).toBeGreaterThanOrEqual(40);
  });

  it('answers a burst once each delivery is stored, and hands every one to its flow just after', async () => {
    const taken: string[] = [];
    const topics: Record<string, WebhookTopicHandler> = {
      'orders/create': { parse: parseOrder, takeIn: async (ref) => (taken.push((ref as ChannelOrderRef).name ?? ''), 'new') },
    };
    const handover = createShopifyHandover({ topics, db: store.db }, silentLogger);
    app = serverWith(topics, undefined, handover);
    const answers = await Promise.all(Array.from({ length: 60 }, (_, index) => deliver(orderBody(3600 + index))));
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 60 }, () => 200));
    expect(await answers[0]!.json()).toMatchObject({ accepted: true, duplicate: false, outcome: 'stored' });
    // Stored, not yet handed over: the hand-over starts with the queue.
    expect(taken).toEqual([]);
    handover.start();
    await handover.idle();
    await handover.close();
    expect(taken.sort()).toEqual(Array.from({ length: 60 }, (_, index) => sampleOrder({ number: 3600 + index }).name).sort());
    // A redelivery of a delivery handed over is answered as a duplicate and handed over no more.
    const again = await deliver(orderBody(3600), { 'x-shopify-event-id': `event-${eventNumber - 59}` });
    expect(await again.json()).toMatchObject({ duplicate: true });
  });

  it('stores a delivery its flow only reads later as processed, handed to no flow, with or without the hand-over', async () => {
    const taken: string[] = [];
    const topics: Record<string, WebhookTopicHandler> = {
      'order_transactions/create': {
        parse: (raw) => ({ businessKey: JSON.parse(raw).order, ref: raw }),
        takeIn: async (ref) => (taken.push(String(ref)), 'kept'),
        storedOnly: true,
      },
    };
    const handover = createShopifyHandover({ topics, db: store.db }, silentLogger);
    for (const handOver of [undefined, handover]) {
      app = serverWith(topics, undefined, handOver);
      const answer = await deliver(`{"order":"gid://shopify/Order/77${handOver ? 2 : 1}"}`, {
        'x-shopify-topic': 'order_transactions/create',
      });
      expect(await answer.json()).toMatchObject({ accepted: true, duplicate: false, outcome: 'stored' });
    }
    handover.start();
    await handover.idle();
    await handover.close();
    expect(taken).toEqual([]);
    const rows = await store.db
      .selectFrom('lb_inbox')
      .select(['status', 'business_key'])
      .where('topic', '=', 'order_transactions/create')
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { status: 'processed', business_key: 'gid://shopify/Order/771' },
      { status: 'processed', business_key: 'gid://shopify/Order/772' },
    ]);
  });

  it('accepts a body signed with the previous secret during a rotation', async () => {
    const body = orderBody(3002);
    expect((await deliver(body, { 'x-shopify-hmac-sha256': signWebhookBody(body, OLD_SECRET) })).status).toBe(200);
  });

  it('answers a redelivery of the same event without queuing anything new', async () => {
    const body = orderBody(3003);
    const headers = { 'x-shopify-event-id': 'event-fixed-3003' };
    await deliver(body, headers);
    const again = await deliver(body, headers);
    expect(await again.json()).toMatchObject({ accepted: true, duplicate: true });
    expect(queue.jobs).toHaveLength(1);
  });

  it('treats a second event for the same order as the same record', async () => {
    const body = orderBody(3004);
    await deliver(body);
    await deliver(body, { 'x-shopify-topic': 'orders/updated' });
    const records = (await listRecords(store.db, { flow: 'orders' })).filter((record) => record.sourceRef === '#3004');
    expect(records).toHaveLength(1);
    expect(queue.jobs).toHaveLength(1);
  });

  it.each([
    [
      'a tampered body',
      (body: string) => ({ body: body.replace('#3010', '#9999'), headers: { 'x-shopify-hmac-sha256': signWebhookBody(body, SECRET) } }),
      401,
      /HMAC signature does not match/,
    ],
    [
      'a wrong secret',
      (body: string) => ({ body, headers: { 'x-shopify-hmac-sha256': signWebhookBody(body, 'not-the-secret') } }),
      401,
      /HMAC signature does not match/,
    ],
    [
      'no signature header',
      (body: string) => ({ body, headers: { 'x-shopify-hmac-sha256': undefined } }),
      401,
      /missing X-Shopify-Hmac-Sha256/,
    ],
  ])('rejects %s with 401 and an audit entry', async (_name, variant, status, reason) => {
    const { body, headers } = variant(orderBody(3010));
    const response = await deliver(body, headers);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(reason);
    const entry = await lastRejection();
    expect(entry).toMatchObject({ action: 'rejected', detail: expect.objectContaining({ status, reason: expect.stringMatching(reason) }) });
    expect(queue.jobs).toHaveLength(0);
  });

  it('rejects a malformed body naming the field, keeping the body as evidence', async () => {
    const body = '{"admin_graphql_api_id":"gid://shopify/Product/1","updated_at":"yesterday"}';
    const response = await deliver(body);
    expect(response.status).toBe(400);
    const message = ((await response.json()) as { error: { message: string } }).error.message;
    expect(message).toMatch(/admin_graphql_api_id/);
    expect(message).toMatch(/updated_at/);
    expect((await lastRejection())!.detail).toMatchObject({ body, status: 400 });
  });

  it('rejects a body that is not JSON at all', async () => {
    const response = await deliver('{"admin_graphql_api_id": "gid://shopify/Order/1", ');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/not JSON/);
  });

  it('rejects an unknown topic', async () => {
    const response = await deliver(orderBody(3011), { 'x-shopify-topic': 'products/create' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/unknown topic products\/create/);
    expect((await lastRejection())!.detail).toMatchObject({ topic: 'products/create' });
  });

  it('rejects an oversized payload with 413 and keeps serving', async () => {
    const body = `{"admin_graphql_api_id":"gid://shopify/Order/1","padding":"${'x'.repeat(5000)}"}`;
    const response = await deliver(body);
    expect(response.status).toBe(413);
    expect((await lastRejection())!.detail).toMatchObject({
      status: 413,
      reason: expect.stringMatching(/larger than the 4096-byte limit/),
    });
    expect((await deliver(orderBody(3012))).status).toBe(200);
    expect((await app.request('/health/live')).status).toBe(200);
  });

  it('serves readiness and the JSON status', async () => {
    expect(await (await app.request('/health/ready')).json()).toEqual({ ready: true, store: true, migrations: true, queue: true });
    const status = (await (await app.request('/status')).json()) as { flows: { flow: string; backlog: number }[] };
    expect(status.flows.find((flow) => flow.flow === 'orders')?.backlog).toBeGreaterThan(0);
  });
});
