import { schemaForWebhook } from 'shopify-webhook-schemas';
import { afterEach, describe, expect, it } from 'vitest';
import { createShopifyConnector, parseOrderWebhook, parseWebhookJson, verifyWebhookRequest } from '../../src/connectors/shopify/index.ts';
import { waitFor } from '../support/wait-for.ts';
import { startShopifyEmulator, type RunningShopifyEmulator } from '../../emulators/shopify/server.ts';
import { checkJsonSchema } from '../../emulators/shopify/testing/json-schema-check.ts';
import { startWebhookReceiver } from '../../emulators/shopify/testing/webhook-receiver.ts';

const newestCoveredVersion = '2026-07';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(options: { status?: (index: number) => number } = {}) {
  const running: RunningShopifyEmulator = await startShopifyEmulator({ seed: 11, webhookRetryDelaysMs: [20, 40, 80] });
  const receiver = await startWebhookReceiver(options);
  cleanups.push(
    () => running.close(),
    () => receiver.close(),
  );
  const connector = createShopifyConnector({
    shopDomain: running.shopDomain,
    adminUrl: running.url,
    auth: { kind: 'token', accessToken: running.accessToken },
  });
  await connector.ensureWebhookSubscription('orders/create', receiver.url);
  await connector.ensureWebhookSubscription('orders/updated', receiver.url);
  return { running, receiver, connector };
}

describe('webhooks from the emulator', () => {
  it('are signed with the app secret over the raw body and carry Shopify’s headers', async () => {
    const { running, receiver } = await setup();
    const order = running.placeOrder();
    await waitFor(() => receiver.received.length === 1, { what: 'orders/create delivery' });
    const [delivery] = receiver.received;
    const headers = verifyWebhookRequest({ rawBody: delivery!.rawBody, headers: delivery!.headers, secrets: [running.appSecret] });
    expect(headers).toMatchObject({ topic: 'orders/create', shopDomain: running.shopDomain, apiVersion: '2026-10' });
    expect(headers.eventId).toBeTruthy();
    expect(headers.triggeredAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(() => verifyWebhookRequest({ rawBody: delivery!.rawBody, headers: delivery!.headers, secrets: ['not-the-secret'] })).toThrow(
      /HMAC/,
    );
    expect(parseOrderWebhook(delivery!.rawBody)).toMatchObject({
      id: order.id,
      legacyId: order.legacyId,
      name: order.name,
      updatedAt: order.updatedAt,
      // The body is an order the hub can read as is: the REST form Shopify sends.
      snapshot: { id: order.id, name: order.name, updatedAt: order.updatedAt },
    });
    // Emulator ids are above 2^53: JSON.parse would have rounded this one.
    expect(String((parseWebhookJson(delivery!.rawBody) as { id: bigint }).id)).toBe(order.legacyId);
    expect(String((JSON.parse(delivery!.rawBody.toString()) as { id: number }).id)).not.toBe(order.legacyId);
  });

  it(`validate against shopify-webhook-schemas ${newestCoveredVersion} for orders/create and orders/updated`, async () => {
    const { running, receiver } = await setup();
    const mix = {
      giftCardRedemptionRate: 0.5,
      lineDiscountRate: 0.5,
      orderDiscountRate: 0.4,
      freeShippingCodeRate: 0.3,
      unknownSkuRate: 0.3,
      knownCustomerRate: 0.5,
    };
    const orders = Array.from({ length: 25 }, () => running.placeOrder(undefined, mix));
    await fetch(`${running.url}/_emulator/orders/${orders[0]!.legacyId}/tags`, { method: 'POST', body: '{"tags":["vip"]}' });
    await waitFor(() => receiver.received.length === 26, { what: '26 deliveries' });
    for (const delivery of receiver.received) {
      const topic = String(delivery.headers['x-shopify-topic']);
      const problems = checkJsonSchema(schemaForWebhook(newestCoveredVersion, topic), parseWebhookJson(delivery.rawBody));
      expect(problems, `${topic}: ${problems.slice(0, 5).join('; ')}`).toEqual([]);
    }
    expect(receiver.received.filter((delivery) => delivery.headers['x-shopify-topic'] === 'orders/updated')).toHaveLength(1);
  });

  it('the schema check catches a payload that drifts from Shopify’s shape', () => {
    const schema = schemaForWebhook(newestCoveredVersion, 'orders/create');
    expect(checkJsonSchema(schema, { admin_graphql_api_id: 'gid://shopify/Order/1', line_items: [{ sku: null }] })).toEqual(
      expect.arrayContaining(['$.id: required', '$.line_items[0].sku: expected string, got null']),
    );
  });

  it('retries a failed delivery until the endpoint accepts it', async () => {
    const { running, receiver } = await setup({ status: (attempt) => (attempt < 2 ? 503 : 200) });
    running.placeOrder();
    await waitFor(() => receiver.received.length === 1, { what: 'delivery after retries' });
    expect(receiver.attempts).toBe(3);
    expect(running.emulator.dispatcher.deliveries[0]).toMatchObject({ status: 'delivered', attempts: 3 });
  });

  it('drops and duplicates deliveries on request, keeping ids so the hub can tell', async () => {
    const { running, receiver } = await setup();
    running.emulator.setFaults({ webhooks: { dropNext: 1 } });
    running.placeOrder();
    running.emulator.setFaults({ webhooks: { duplicateRate: 1 } });
    running.placeOrder();
    await waitFor(() => receiver.received.length === 2, { what: 'duplicated delivery' });
    await running.emulator.dispatcher.idle();
    const ids = receiver.received.map((delivery) => delivery.headers['x-shopify-webhook-id']);
    expect(ids[0]).toBe(ids[1]);
    expect(running.emulator.dispatcher.deliveries.map((delivery) => delivery.status)).toEqual(['dropped', 'delivered', 'delivered']);
  });

  it('can deliver out of order when given a reorder window', async () => {
    const { running, receiver } = await setup();
    running.emulator.setFaults({ webhooks: { reorderWindowMs: 200 } });
    const placed = Array.from({ length: 12 }, () => running.placeOrder().name);
    await waitFor(() => receiver.received.length === 12, { what: '12 deliveries' });
    const arrived = receiver.received.map((delivery) => parseOrderWebhook(delivery.rawBody).name);
    expect(new Set(arrived)).toEqual(new Set(placed));
    expect(arrived).not.toEqual(placed);
  });
});
