/**
 * Order fields a user (or the hub) queries beyond the orders flow's own document: the order's
 * fulfillments with tracking, tips and money received. The document is checked against
 * Shopify's official schema too, so the emulator answers only what Shopify would let one ask.
 */
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createShopifyEmulator } from './app.ts';
import { createFulfillment } from './create-fulfillment.ts';
import { gid } from './records.ts';
import { loadOfficialSchema } from './schema/official-schema.ts';
import { graphqlCaller } from './testing/order-create.ts';
import { VirtualClock } from './testing/virtual-clock.ts';

const orderFields = `
query OrderFields($id: ID!) {
  order(id: $id) {
    totalPriceSet { shopMoney { amount } }
    totalTipReceivedSet { shopMoney { amount currencyCode } }
    totalReceivedSet { shopMoney { amount } }
    netPaymentSet { shopMoney { amount } }
    fullyPaid
    unpaid
    confirmed
    poNumber
    fulfillments(first: 5) {
      name
      status
      totalQuantity
      trackingInfo(first: 5) { company number url }
    }
  }
}`;

describe('order fields beyond the orders flow', () => {
  it('are valid against the official schema', () => {
    expect(validate(loadOfficialSchema(), parse(orderFields)).map((error) => error.message)).toEqual([]);
  });

  it('answers fulfillments with tracking, the tip and the money received', async () => {
    const emulator = createShopifyEmulator({ clock: new VirtualClock(), seed: 3 });
    const { shop } = emulator;
    const variant = shop.variantBySku('TEE-ORG-M')!;
    const placed = emulator.placeOrder({
      email: 'ana@example.com',
      lines: [{ variantId: variant.id, quantity: 1 }],
      computeTaxes: true,
      taxesIncluded: true,
      tip: '3.00',
      checkoutPayment: { gateway: 'shopify_payments' },
      locationName: shop.locations[0]!.name,
    });
    const order = shop.orders.get(BigInt(placed.legacyId))!;
    const shipped = createFulfillment(shop, {
      lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: gid('FulfillmentOrder', order.fulfillmentOrders[0]!.id) }],
      trackingInfo: { company: 'Royal Mail', number: 'RM123456785GB', url: 'https://track.example/RM123456785GB' },
    });
    expect(shipped.errors).toBeUndefined();
    const call = graphqlCaller((path, init) => emulator.app.request(path, init), emulator.graphqlPath, emulator.accessToken);
    const { body } = await call(orderFields, { id: gid('Order', order.id) });
    expect(body.errors).toBeUndefined();
    expect(body.data.order).toEqual({
      totalPriceSet: { shopMoney: { amount: '27.00' } },
      totalTipReceivedSet: { shopMoney: { amount: '3.00', currencyCode: 'GBP' } },
      totalReceivedSet: { shopMoney: { amount: '27.00' } },
      netPaymentSet: { shopMoney: { amount: '27.00' } },
      fullyPaid: true,
      unpaid: false,
      confirmed: true,
      poNumber: null,
      fulfillments: [
        {
          name: expect.any(String),
          status: 'SUCCESS',
          totalQuantity: 1,
          trackingInfo: [{ company: 'Royal Mail', number: 'RM123456785GB', url: 'https://track.example/RM123456785GB' }],
        },
      ],
    });
  });
});
