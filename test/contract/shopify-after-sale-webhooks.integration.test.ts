import { schemaForWebhook } from 'shopify-webhook-schemas';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createShopifyConnector,
  parseInventoryLevelWebhook,
  parseOrderWebhook,
  parseRefundWebhook,
  parseTransactionWebhook,
  parseWebhookJson,
  readAnnouncedTransaction,
  verifyWebhookRequest,
} from '../../src/connectors/shopify/index.ts';
import { waitFor } from '../support/wait-for.ts';
import { startShopifyEmulator } from '../../emulators/shopify/server.ts';
import { checkJsonSchema } from '../../emulators/shopify/testing/json-schema-check.ts';
import { graphqlCaller } from '../../emulators/shopify/testing/order-create.ts';
import { startWebhookReceiver } from '../../emulators/shopify/testing/webhook-receiver.ts';

const newestCoveredVersion = '2026-07';
const topics = [
  'orders/create',
  'orders/updated',
  'orders/cancelled',
  'refunds/create',
  'inventory_levels/update',
  'order_transactions/create',
];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup() {
  const running = await startShopifyEmulator({ seed: 17, webhookRetryDelaysMs: [20, 40] });
  const receiver = await startWebhookReceiver();
  cleanups.push(
    () => running.close(),
    () => receiver.close(),
  );
  const connector = createShopifyConnector({
    shopDomain: running.shopDomain,
    adminUrl: running.url,
    auth: { kind: 'token', accessToken: running.accessToken },
  });
  for (const topic of topics) await connector.ensureWebhookSubscription(topic, receiver.url);
  const control = (path: string, body: unknown = {}) =>
    fetch(`${running.url}/_emulator${path}`, { method: 'POST', body: JSON.stringify(body) });
  const byTopic = (topic: string) => receiver.received.filter((delivery) => delivery.headers['x-shopify-topic'] === topic);
  return { running, receiver, connector, control, byTopic };
}

describe('refund, cancellation and stock webhooks from the emulator', () => {
  it(`validate against shopify-webhook-schemas ${newestCoveredVersion} for every topic, and the hub's parsers read them`, async () => {
    const { running, receiver, connector, control, byTopic } = await setup();
    const orders = Array.from({ length: 6 }, () => running.placeOrder(undefined, { giftCardRedemptionRate: 0.5, orderDiscountRate: 0.5 }));
    await control(`/orders/${orders[0]!.legacyId}/refunds`, { shipping: true, withhold: '1.00' });
    await control(`/orders/${orders[1]!.legacyId}/refunds`, { lines: [{ quantity: 1, restockType: 'NO_RESTOCK' }], pending: true });
    await control(`/orders/${orders[2]!.legacyId}/fulfill`, { company: 'Royal Mail', number: 'RM1' });
    await control(`/orders/${orders[2]!.legacyId}/refunds`, { lines: [{ quantity: 1, restockType: 'RETURN' }] });
    await control(`/orders/${orders[3]!.legacyId}/cancel`, { reason: 'INVENTORY', refund: true });
    const tee = await connector.findInventoryItemsBySku('TEE-ORG-S');
    const [location] = await connector.listLocations();
    await connector.setInventoryQuantities({
      name: 'available',
      reason: 'correction',
      referenceDocumentUri: 'gid://ledgerbridge/SyncJob/1',
      idempotencyKey: 'k1',
      quantities: [{ inventoryItemId: tee.items[0]!.id, locationId: location!.id, quantity: 5, changeFromQuantity: null }],
    });
    await waitFor(() => topics.every((topic) => byTopic(topic).length > 0) && byTopic('refunds/create').length === 4, {
      what: 'a delivery of every topic',
    });
    await running.emulator.dispatcher.idle();

    for (const delivery of receiver.received) {
      const topic = String(delivery.headers['x-shopify-topic']);
      verifyWebhookRequest({ rawBody: delivery.rawBody, headers: delivery.headers, secrets: [running.appSecret] });
      const problems = checkJsonSchema(schemaForWebhook(newestCoveredVersion, topic), parseWebhookJson(delivery.rawBody));
      expect(problems, `${topic}: ${problems.slice(0, 5).join('; ')}`).toEqual([]);
    }
    const refundRefs = byTopic('refunds/create').map((delivery) => parseRefundWebhook(delivery.rawBody));
    // Deliveries run side by side: they arrive in any order, as Shopify's do.
    expect(refundRefs.map((ref) => ref.orderId).sort()).toEqual(
      orders
        .slice(0, 4)
        .map((order) => order.id)
        .sort(),
    );
    const refund = await connector.getRefund(refundRefs.find((ref) => ref.orderId === orders[3]!.id)!.id);
    expect(refund!.lines.every((line) => line.restockType === 'CANCEL')).toBe(true);
    expect(byTopic('orders/cancelled').map((delivery) => parseOrderWebhook(delivery.rawBody).id)).toEqual([orders[3]!.id]);
    const levels = byTopic('inventory_levels/update').map((delivery) => parseInventoryLevelWebhook(delivery.rawBody));
    expect(levels).toContainEqual(expect.objectContaining({ inventoryItemId: tee.items[0]!.id, locationId: location!.id, available: 5 }));

    // Every payment and refund is announced, and reads as the order's transactions read by GraphQL.
    const announced = byTopic('order_transactions/create').map((delivery) => readAnnouncedTransaction(delivery.rawBody)!);
    expect(announced.every((entry) => entry !== undefined)).toBe(true);
    for (const delivery of byTopic('order_transactions/create'))
      expect(orders.map((order) => order.id)).toContain(parseTransactionWebhook(delivery.rawBody).orderId);
    for (const placed of orders.slice(0, 4)) {
      const read = (await connector.getOrder(placed.id))!.transactions.filter((transaction) => transaction.status !== 'PENDING');
      const ofOrder = announced.filter((entry) => entry.orderId === placed.id).map((entry) => entry.transaction);
      expect(new Map(ofOrder.map((transaction) => [transaction.id, transaction]))).toEqual(
        new Map(read.map((transaction) => [transaction.id, transaction])),
      );
    }
  });

  it('sends only the fields a subscription includes, and drops every delivery when told to', async () => {
    const { running, receiver, control } = await setup();
    const call = graphqlCaller((path, init) => fetch(`${running.url}${path}`, init), running.emulator.graphqlPath, running.accessToken);
    const created = await call(
      'mutation S($uri: String!) { webhookSubscriptionCreate(topic: REFUNDS_CREATE, webhookSubscription: { uri: $uri, format: JSON, includeFields: ["id", "admin_graphql_api_id", "order_id"] }) { userErrors { message } } }',
      { uri: `${receiver.url}?trimmed` },
    );
    expect(created.body.data.webhookSubscriptionCreate.userErrors).toEqual([]);
    const order = running.placeOrder();
    await control(`/orders/${order.legacyId}/refunds`);
    await waitFor(() => receiver.received.filter((delivery) => delivery.headers['x-shopify-topic'] === 'refunds/create').length === 2, {
      what: 'two refund deliveries',
    });
    const bodies = receiver.received
      .filter((delivery) => delivery.headers['x-shopify-topic'] === 'refunds/create')
      .map((delivery) => Object.keys(parseWebhookJson(delivery.rawBody) as object).sort());
    expect(bodies).toContainEqual(['admin_graphql_api_id', 'id', 'order_id']);

    const before = receiver.received.length;
    await control('/faults', { webhooks: { dropRate: 1 } });
    const dropped = running.placeOrder();
    await control(`/orders/${dropped.legacyId}/refunds`);
    await running.emulator.dispatcher.idle();
    expect(receiver.received).toHaveLength(before);
    expect(
      running.emulator.dispatcher.deliveries.filter((delivery) => delivery.status === 'dropped').map((delivery) => delivery.topic),
    ).toEqual(expect.arrayContaining(['orders/create', 'refunds/create', 'orders/updated']));
  });
});
