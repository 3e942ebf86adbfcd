/**
 * An order read from its webhook body plus the batched supplements is the order `getOrder`
 * reads whole, for the generator's whole mix (addresses, discounts, gift cards, international
 * orders, several locations). The reads are batched — a burst of orders costs a few queries,
 * not four per order — and an out-of-date body is read whole instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRestOrder, serializeWebhookBody } from '../../../emulators/shopify/rest-payload.ts';
import { buildRestTransaction } from '../../../emulators/shopify/rest-refund-payload.ts';
import { startShopifyEmulator, type RunningShopifyEmulator } from '../../../emulators/shopify/server.ts';
import { systemClock } from '../../core/clock.ts';
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import { createShopifyConnector, type ShopifyConnector } from './index.ts';
import { readAnnouncedTransaction } from './webhook-payloads.ts';
import { parseOrderWebhook } from './webhooks.ts';

let running: RunningShopifyEmulator;
let connector: ShopifyConnector;
const operations: string[] = [];
let points = 0;
/** The connector's clock runs this far ahead of the real one: a test moves past the shared fresh reads. */
let ahead = 0;

beforeAll(async () => {
  running = await startShopifyEmulator({ seed: 7, plan: { maximumAvailable: 1_000_000, restoreRate: 1_000_000 } });
  connector = createShopifyConnector({
    shopDomain: running.shopDomain,
    adminUrl: running.url,
    auth: { kind: 'client_credentials', clientId: running.clientId, clientSecret: running.appSecret },
    clock: { ...systemClock, now: () => Date.now() + ahead },
    fetch: async (input: string | URL | Request, init?: RequestInit) => {
      const response = await fetch(input, init);
      if (String(input).includes('graphql.json')) {
        operations.push(/(?:query|mutation)\s+(\w+)/.exec(String(init?.body ?? ''))?.[1] ?? '?');
        points +=
          ((await response.clone().json()) as { extensions?: { cost?: { actualQueryCost?: number } } }).extensions?.cost?.actualQueryCost ??
          0;
      }
      return response;
    },
  });
});
afterAll(async () => {
  await running.close();
});

/** What the webhook for this order carries, through the hub's own parser. */
function snapshotOf(id: string): unknown {
  const numeric = BigInt(id.slice('gid://shopify/Order/'.length));
  const body = serializeWebhookBody(buildRestOrder(running.emulator.shop, running.emulator.shop.orders.get(numeric)!));
  return parseOrderWebhook(body).snapshot;
}

/** What the order's `order_transactions/create` webhooks carry, through the hub's own reader. */
function announcedOf(id: string) {
  const order = running.emulator.shop.orders.get(BigInt(id.slice('gid://shopify/Order/'.length)))!;
  return order.transactions.map((transaction) => readAnnouncedTransaction(serializeWebhookBody(buildRestTransaction(order, transaction)))!);
}

/** FO line ids are not read for a single fulfilment order: compare what the flows use of them. */
function comparable(order: ChannelOrder) {
  return {
    ...order,
    fulfillmentOrders: order.fulfillmentOrders.map(({ id, status, locationId, lines }) => ({
      id,
      status,
      locationId,
      lines: lines.map(({ lineItemId, sku, totalQuantity }) => ({ lineItemId, sku, totalQuantity })),
    })),
  };
}

describe('orders read from their webhook body', () => {
  it('are the orders read whole, across the generator mix', async () => {
    const placed = Array.from({ length: 40 }, () => running.emulator.placeOrder());
    for (const summary of placed) {
      const whole = await connector.getOrder(summary.id);
      const fromBody = await connector.getOrder(summary.id, snapshotOf(summary.id));
      expect(comparable(fromBody!), summary.name).toEqual(comparable(whole!));
    }
  });

  it('share their reads: a burst of orders costs a few queries and under 10 points each', async () => {
    const placed = Array.from({ length: 20 }, () => running.emulator.placeOrder(undefined, { incompleteInternationalRate: 0 }));
    const snapshots = placed.map((summary) => snapshotOf(summary.id));
    // Variants seen before are cached; start this burst with the cache as a steady state has it.
    operations.length = 0;
    points = 0;
    const orders = await Promise.all(placed.map((summary, index) => connector.getOrder(summary.id, snapshots[index])));
    expect(orders.every((order) => order !== undefined)).toBe(true);
    expect(operations.filter((name) => name === 'OrderSupplements')).toHaveLength(1);
    expect(operations.filter((name) => ['OrderHeader', 'OrderLineItems', 'OrderFulfillmentOrders'].includes(name))).toEqual([]);
    expect(operations.length).toBeLessThanOrEqual(3);
    expect(points / placed.length).toBeLessThan(10);
  });

  it('leave out the transactions their webhooks announced: the same orders, 3 points a payment less', async () => {
    // Gift cards too: an order paid partly with one has two payments, both announced.
    const placed = Array.from({ length: 20 }, () =>
      running.emulator.placeOrder(undefined, { incompleteInternationalRate: 0, giftCardRedemptionRate: 0.5 }),
    );
    const snapshots = placed.map((summary) => snapshotOf(summary.id));
    const read = async (announced: boolean) => {
      operations.length = 0;
      points = 0;
      const orders = await Promise.all(
        placed.map((summary, index) =>
          connector.getOrder(summary.id, snapshots[index], announced ? { announcedTransactions: announcedOf(summary.id) } : undefined),
        ),
      );
      return { orders, operations: [...operations], points };
    };
    const asked = await read(false);
    const announced = await read(true);
    expect(announced.orders.map((order) => comparable(order!))).toEqual(asked.orders.map((order) => comparable(order!)));
    expect(announced.operations).toEqual(['OrderSupplementsWithoutTransactions']);
    const payments = asked.orders.reduce((count, order) => count + order!.transactions.length, 0);
    expect(payments).toBeGreaterThan(placed.length);
    expect(asked.points - announced.points).toBeGreaterThanOrEqual(3 * payments);
    expect(announced.points / placed.length).toBeLessThanOrEqual(5);
  });

  it('ask for the transactions when the webhooks announced only some of the money', async () => {
    const summary = running.emulator.placeOrder(undefined, { incompleteInternationalRate: 0, giftCardRedemptionRate: 1 });
    const all = announcedOf(summary.id);
    expect(all.length).toBe(2);
    operations.length = 0;
    const order = await connector.getOrder(summary.id, snapshotOf(summary.id), { announcedTransactions: all.slice(0, 1) });
    expect(operations).toEqual(['OrderSupplements']);
    expect(order!.transactions.map((transaction) => transaction.id)).toEqual(all.map((entry) => entry.transaction.id));
  });

  it('are read whole when Shopify changed the order after the webhook', async () => {
    const summary = running.emulator.placeOrder();
    const snapshot = snapshotOf(summary.id) as { updatedAt: string };
    const older = { ...snapshot, updatedAt: new Date(Date.parse(snapshot.updatedAt) - 60_000).toISOString() };
    operations.length = 0;
    const order = await connector.getOrder(summary.id, older);
    expect(order?.updatedAt).toBe(snapshot.updatedAt);
    expect(operations).toContain('OrderHeader');
  });

  it('stand in for a held order retried from the read the ledger kept, with product details read afresh', async () => {
    const summary = running.emulator.placeOrder(undefined, { incompleteInternationalRate: 0 });
    const stored = await connector.getOrder(summary.id, snapshotOf(summary.id));
    const line = stored!.lines.find((candidate) => candidate.inventoryItemId)!;
    // The fix a held order waits for: a customs code set on the product in the admin.
    const item = running.emulator.shop.inventoryItems.get(BigInt(line.inventoryItemId!.split('/').pop()!))!;
    item.harmonizedSystemCode = '6109100010';
    operations.length = 0;
    points = 0;
    const cached = await connector.getOrder(summary.id, stored);
    expect(cached!.lines.find((candidate) => candidate.id === line.id)!.harmonizedSystemCode).toBe(line.harmonizedSystemCode);
    const retried = await connector.getOrder(summary.id, stored, { freshDetails: true });
    expect(retried!.lines.find((candidate) => candidate.id === line.id)!.harmonizedSystemCode).toBe('6109100010');
    expect(comparable({ ...retried!, lines: stored!.lines })).toEqual(comparable(stored!));
    expect(operations).not.toContain('OrderHeader');
    expect(operations).toContain('VariantDetails');
    expect(points).toBeLessThan(30);
  });

  it("give a held order's first look on a retry: the kept order with product details afresh, for the variants' points alone", async () => {
    const summary = running.emulator.placeOrder(undefined, { incompleteInternationalRate: 0 });
    const stored = await connector.getOrder(summary.id, snapshotOf(summary.id));
    const line = stored!.lines.find((candidate) => candidate.inventoryItemId)!;
    const item = running.emulator.shop.inventoryItems.get(BigInt(line.inventoryItemId!.split('/').pop()!))!;
    item.harmonizedSystemCode = '6109100020';
    item.countryCodeOfOrigin = 'PT';
    // Past the minute in which fresh reads are shared (the test before read these products afresh).
    ahead += 61_000;
    operations.length = 0;
    points = 0;
    const looked = await connector.withFreshProductDetails(stored!);
    const fresh = looked.lines.find((candidate) => candidate.id === line.id)!;
    expect([fresh.harmonizedSystemCode, fresh.countryOfOrigin]).toEqual(['6109100020', 'PT']);
    // Everything but the product details is the kept order, unread.
    expect(comparable({ ...looked, lines: stored!.lines })).toEqual(comparable(stored!));
    expect(operations).toEqual(['VariantDetails']);
    const variants = new Set(stored!.lines.map((candidate) => candidate.variantId).filter(Boolean)).size;
    expect(points).toBeLessThanOrEqual(2 * variants);
  });

  it('share a fresh read of a product for a minute between the held orders retried together', async () => {
    const summary = running.emulator.placeOrder(undefined, { incompleteInternationalRate: 0 });
    const stored = (await connector.getOrder(summary.id, snapshotOf(summary.id)))!;
    ahead += 61_000;
    operations.length = 0;
    await connector.withFreshProductDetails(stored);
    await connector.withFreshProductDetails(stored);
    expect(operations).toEqual(['VariantDetails']);
    const line = stored.lines.find((candidate) => candidate.inventoryItemId)!;
    running.emulator.shop.inventoryItems.get(BigInt(line.inventoryItemId!.split('/').pop()!))!.harmonizedSystemCode = '4202920000';
    ahead += 61_000;
    const later = await connector.withFreshProductDetails(stored);
    expect(operations).toEqual(['VariantDetails', 'VariantDetails']);
    expect(later.lines.find((candidate) => candidate.id === line.id)!.harmonizedSystemCode).toBe('4202920000');
  });
});
