import { describe, expect, it } from 'vitest';
import { emulatedShop } from './test-support/emulated-shop.ts';
import { failure } from '../../../test/support/failure.ts';

async function setup() {
  const shop = emulatedShop();
  const { emulator, connector } = shop;
  const variant = (sku: string) => emulator.shop.variantBySku(sku)!.id;
  const placed = emulator.placeOrder({
    email: 'noah.green@example.co.uk',
    lines: [
      { variantId: variant('TEE-ORG-L'), quantity: 2 },
      { variantId: variant('CAP-CANVAS'), quantity: 1 },
    ],
    computeTaxes: true,
    taxesIncluded: true,
    checkoutPayment: { gateway: 'shopify_payments' },
    inventoryBehaviour: 'DECREMENT_IGNORING_POLICY',
  });
  const order = (await connector.getOrder(placed.id))!;
  const fulfillmentOrder = order.fulfillmentOrders[0]!;
  const lineOf = (sku: string) => fulfillmentOrder.lines.find((line) => line.sku === sku)!;
  const record = () => emulator.shop.orders.get(BigInt(placed.legacyId))!;
  const tracking = { company: 'Royal Mail', numbers: ['RM123456785GB'], urls: [] };
  shop.sent.length = 0;
  return { ...shop, placed, order, fulfillmentOrder, lineOf, record, tracking };
}

describe('createFulfillment', () => {
  it('ships part of a fulfilment order with tracking, then the rest, and Shopify lowers what is committed', async () => {
    const { connector, fulfillmentOrder, lineOf, record, tracking, levelOf, placed } = await setup();
    const committed = levelOf('TEE-ORG-L').committed;
    const first = await connector.createFulfillment({
      fulfillmentOrderId: fulfillmentOrder.id,
      lines: [{ fulfillmentOrderLineItemId: lineOf('TEE-ORG-L').id, quantity: 1 }],
      tracking,
      notifyCustomer: true,
    });
    expect(first).toMatchObject({
      status: 'SUCCESS',
      adopted: false,
      lines: [{ lineItemId: lineOf('TEE-ORG-L').lineItemId, quantity: 1 }],
    });
    expect(first.tracking).toEqual([{ company: 'Royal Mail', number: 'RM123456785GB', url: expect.stringContaining('RM123456785GB') }]);
    expect(record().fulfillments[0]).toMatchObject({ notifyCustomer: true });
    expect(levelOf('TEE-ORG-L').committed).toBe(committed - 1);
    expect((await connector.getOrder(placed.id))!.fulfillmentOrders[0]).toMatchObject({ status: 'IN_PROGRESS' });

    const rest = await connector.createFulfillment({
      fulfillmentOrderId: fulfillmentOrder.id,
      lines: [],
      tracking: { company: 'DPD', numbers: ['15501234567890'], urls: [] },
      notifyCustomer: false,
    });
    expect(rest.lines).toEqual(
      expect.arrayContaining([
        { lineItemId: lineOf('TEE-ORG-L').lineItemId, quantity: 1 },
        { lineItemId: lineOf('CAP-CANVAS').lineItemId, quantity: 1 },
      ]),
    );
    const after = (await connector.getOrder(placed.id))!;
    expect(after.fulfillmentOrders[0]!.status).toBe('CLOSED');
    expect(after.displayFulfillmentStatus).toBe('FULFILLED');
  });

  it('refuses before sending anything when the fulfilment order cannot take it', async () => {
    const { connector, fulfillmentOrder, lineOf, tracking, sent } = await setup();
    const over = await failure(
      connector.createFulfillment({
        fulfillmentOrderId: fulfillmentOrder.id,
        lines: [{ fulfillmentOrderLineItemId: lineOf('CAP-CANVAS').id, quantity: 2 }],
        tracking,
        notifyCustomer: false,
      }),
    );
    expect(over).toMatchObject({ code: 'conflict', upstreamCode: 'over_fulfilment' });
    await connector.createFulfillment({ fulfillmentOrderId: fulfillmentOrder.id, lines: [], tracking, notifyCustomer: false });
    const closed = await failure(
      connector.createFulfillment({ fulfillmentOrderId: fulfillmentOrder.id, lines: [], tracking, notifyCustomer: false }),
    );
    expect(closed).toMatchObject({ code: 'conflict', upstreamCode: 'not_fulfillable', message: expect.stringContaining('CLOSED') });
    expect(sent.filter((request) => request.operationName === 'FulfillmentCreate')).toHaveLength(1);
  });

  it('adopts a fulfilment whose answer was lost instead of shipping twice', async () => {
    const { connector, emulator, fulfillmentOrder, record, tracking, sent } = await setup();
    emulator.setFaults({ loseMutationResponseNext: 1 });
    const result = await connector.createFulfillment({
      fulfillmentOrderId: fulfillmentOrder.id,
      lines: [],
      tracking,
      notifyCustomer: true,
    });
    expect(result.adopted).toBe(true);
    expect(result.id).toBe(`gid://shopify/Fulfillment/${record().fulfillments[0]!.id}`);
    expect(record().fulfillments).toHaveLength(1);
    expect(sent.map((request) => [request.operationName, request.status])).toEqual([
      ['FulfillmentOrderState', 200],
      ['FulfillmentCreate', 502],
      ['FulfillmentOrderState', 200],
    ]);
  });

  it('sends again, after looking, when the first attempt never reached Shopify', async () => {
    const { connector, hooks, fulfillmentOrder, lineOf, record, tracking, sent } = await setup();
    let dropped = false;
    hooks.beforeSend = (operation) => {
      if (operation === 'FulfillmentCreate' && !dropped) {
        dropped = true;
        throw new TypeError('fetch failed: socket hang up');
      }
    };
    const result = await connector.createFulfillment({
      fulfillmentOrderId: fulfillmentOrder.id,
      lines: [{ fulfillmentOrderLineItemId: lineOf('TEE-ORG-L').id, quantity: 2 }],
      tracking,
      notifyCustomer: false,
    });
    expect(result.adopted).toBe(false);
    expect(record().fulfillments).toHaveLength(1);
    expect(sent.map((request) => request.operationName)).toEqual(['FulfillmentOrderState', 'FulfillmentOrderState', 'FulfillmentCreate']);
  });
});
