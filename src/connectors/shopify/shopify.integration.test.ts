import { NoDeprecatedCustomRule, parse, specifiedRules, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOfficialSchema } from '../../../emulators/shopify/schema/official-schema.ts';
import { startShopifyEmulator, type RunningShopifyEmulator } from '../../../emulators/shopify/server.ts';
import { graphqlCaller, orderCreateDocument, variantBySkuDocument } from '../../../emulators/shopify/testing/order-create.ts';
import type { OrdersChannel } from '../../flows/orders/ports.ts';
import { createShopifyConnector, type ShopifyConnector } from './index.ts';

let running: RunningShopifyEmulator;
let connector: ShopifyConnector;
let call: ReturnType<typeof graphqlCaller>;

beforeAll(async () => {
  running = await startShopifyEmulator({ seed: 3 });
  connector = createShopifyConnector({
    shopDomain: running.shopDomain,
    adminUrl: running.url,
    auth: { kind: 'client_credentials', clientId: running.clientId, clientSecret: running.appSecret },
  });
  call = graphqlCaller((path, init) => fetch(`${running.url}${path}`, init), running.emulator.graphqlPath, running.accessToken);
});
afterAll(async () => {
  await running.close();
});

const gbp = (amount: string) => ({ shopMoney: { amount, currencyCode: 'GBP' } });

async function variantId(sku: string): Promise<string> {
  const { body } = await call(variantBySkuDocument, { query: `sku:${sku}` });
  return body.data.productVariants.nodes[0].id as string;
}

describe('the Shopify connector against the emulator', () => {
  it('satisfies the orders flow’s OrdersChannel port', () => {
    const channel: OrdersChannel = connector;
    expect(typeof channel.getOrder).toBe('function');
  });

  it('the orderCreate document used here is valid against the official schema too', () => {
    const errors = validate(loadOfficialSchema(), parse(orderCreateDocument), [...specifiedRules, NoDeprecatedCustomRule]);
    expect(errors.map((error) => error.message)).toEqual([]);
  });

  it('reads an order placed with orderCreate back whole, amounts as decimal strings in shop money', async () => {
    const [tee, socks] = await Promise.all([variantId('TEE-ORG-S'), variantId('SOCK-WOOL-3PK')]);
    const vat = (amount: string) => [{ title: 'GB VAT', rate: '0.2', priceSet: gbp(amount) }];
    const { body } = await call(orderCreateDocument, {
      order: {
        email: 'amelia.hughes@example.co.uk',
        customer: { toUpsert: { email: 'amelia.hughes@example.co.uk', firstName: 'Amelia', lastName: 'Hughes' } },
        shippingAddress: {
          firstName: 'Amelia',
          lastName: 'Hughes',
          address1: '14 Mill Lane',
          city: 'Manchester',
          zip: 'M4 1HN',
          countryCode: 'GB',
          phone: '+44 161 496 0123',
        },
        lineItems: [
          { variantId: tee, quantity: 2, taxLines: vat('7.20') },
          { variantId: socks, quantity: 1, taxLines: vat('2.92') },
        ],
        discountCode: { itemFixedDiscountCode: { code: 'SAVE5', amountSet: gbp('5.00') } },
        shippingLines: [{ title: 'Royal Mail Tracked 48', code: 'RM-T48', priceSet: gbp('3.95'), taxLines: vat('0.66') }],
        transactions: [
          { kind: 'SALE', status: 'SUCCESS', gateway: 'gift_card', amountSet: gbp('10.00'), giftCardId: 'gid://shopify/GiftCard/77' },
          { kind: 'SALE', status: 'SUCCESS', gateway: 'shopify_payments', amountSet: gbp('55.45') },
        ],
        taxesIncluded: true,
        customAttributes: [{ key: 'EORI', value: 'GB123456789000' }],
      },
      options: { inventoryBehaviour: 'DECREMENT_OBEYING_POLICY' },
    });
    expect(body.data.orderCreate.userErrors).toEqual([]);
    const created = body.data.orderCreate.order as { id: string; legacyResourceId: string };

    const order = await connector.getOrder(created.id);
    expect(order).toMatchObject({
      id: created.id,
      legacyId: created.legacyResourceId,
      currency: 'GBP',
      taxesIncluded: true,
      email: 'amelia.hughes@example.co.uk',
      customer: { email: 'amelia.hughes@example.co.uk', firstName: 'Amelia', lastName: 'Hughes' },
      shippingAddress: { city: 'Manchester', countryCode: 'GB', zip: 'M4 1HN', phone: '+44 161 496 0123' },
      totals: { subtotal: '61.50', discounts: '5.00', shipping: '3.95', tax: '10.78', total: '65.45' },
      displayFinancialStatus: 'PAID',
    });
    expect(order!.lines.map((line) => [line.sku, line.quantity, line.unitPrice, line.totalDiscount, line.barcode])).toEqual([
      ['TEE-ORG-S', 2, '24.00', '3.61', '5060123450011'],
      ['SOCK-WOOL-3PK', 1, '18.50', '1.39', '5060123450066'],
    ]);
    expect(order!.lines[0]!.taxLines).toEqual([{ title: 'GB VAT', rate: '0.2', amount: '7.20' }]);
    expect(order!.lines.map((line) => [line.harmonizedSystemCode, line.countryOfOrigin])).toEqual([
      ['610910', 'PT'],
      ['611595', 'GB'],
    ]);
    expect(order!.attributes).toEqual([{ key: 'EORI', value: 'GB123456789000' }]);
    expect(order!.lines[0]!.discountAllocations).toEqual([{ amount: '3.61', discountApplicationIndex: 0 }]);
    expect(order!.discountApplications).toEqual([
      expect.objectContaining({
        kind: 'DISCOUNT_CODE',
        code: 'SAVE5',
        allocationMethod: 'ACROSS',
        value: { type: 'fixed_amount', amount: '5.00' },
      }),
    ]);
    expect(order!.shippingLines).toEqual([
      expect.objectContaining({ title: 'Royal Mail Tracked 48', price: '3.95', discountedPrice: '3.95' }),
    ]);
    expect(
      order!.transactions.map((transaction) => [transaction.kind, transaction.status, transaction.gateway, transaction.amount]),
    ).toEqual([
      ['SALE', 'SUCCESS', 'gift_card', '10.00'],
      ['SALE', 'SUCCESS', 'shopify_payments', '55.45'],
    ]);
    expect(order!.transactions.every((transaction) => transaction.paymentId)).toBe(true);
    expect(order!.fulfillmentOrders).toEqual([
      expect.objectContaining({
        status: 'OPEN',
        locationId: `gid://shopify/Location/${running.emulator.shop.locations[0]!.id}`,
        lines: [
          expect.objectContaining({ sku: 'TEE-ORG-S', totalQuantity: 2 }),
          expect.objectContaining({ sku: 'SOCK-WOOL-3PK', remainingQuantity: 1 }),
        ],
      }),
    ]);
    expect(running.emulator.tokens.grants).toBe(1);
  });

  it('answers undefined for an order that does not exist', async () => {
    await expect(connector.getOrder('gid://shopify/Order/1')).resolves.toBeUndefined();
  });

  it('lists orders changed after a time, oldest change first, across pages', async () => {
    const since = running.emulator.shop.timestamp();
    const placed = Array.from({ length: 60 }, () => running.placeOrder());
    const tagged = await fetch(`${running.url}/_emulator/orders/${placed[0]!.legacyId}/tags`, {
      method: 'POST',
      body: '{"tags":["checked"]}',
    });
    const moved = (await tagged.json()) as { updatedAt: string };
    const refs = [];
    for await (const ref of connector.listOrdersUpdatedSince(since)) refs.push(ref);
    expect(refs).toHaveLength(60);
    expect(refs.map((ref) => ref.updatedAt)).toEqual([...refs.map((ref) => ref.updatedAt)].sort());
    // The listing carries each order's refund ids: none here.
    expect(refs.at(-1)).toEqual({
      id: placed[0]!.id,
      legacyId: placed[0]!.legacyId,
      name: placed[0]!.name,
      updatedAt: moved.updatedAt,
      refundIds: [],
    });
    const later = [];
    for await (const ref of connector.listOrdersUpdatedSince(moved.updatedAt)) later.push(ref);
    expect(later).toEqual([]);
  });

  it('registers a webhook subscription once, lists it and removes it', async () => {
    const uri = 'http://127.0.0.1:9/webhooks/shopify';
    const first = await connector.ensureWebhookSubscription('orders/create', uri);
    const second = await connector.ensureWebhookSubscription('orders/create', uri);
    expect(first.created).toBe(true);
    expect(second).toEqual({ subscription: first.subscription, created: false });
    expect(first.subscription).toMatchObject({ topic: 'ORDERS_CREATE', uri, format: 'JSON', apiVersion: '2026-10' });
    expect(await connector.listWebhookSubscriptions()).toContainEqual(first.subscription);
    await connector.deleteWebhookSubscription(first.subscription.id);
    expect(await connector.listWebhookSubscriptions('orders/create')).toEqual([]);
    await expect(connector.deleteWebhookSubscription(first.subscription.id)).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringContaining('does not exist'),
    });
  });
});
