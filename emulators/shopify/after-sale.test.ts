import { describe, expect, it } from 'vitest';
import { dec, sum } from '../shared/money.ts';
import { defaultAftercareMix, rollAftercare } from './aftercare.ts';
import { createShopifyEmulator } from './app.ts';
import { createFulfillment } from './create-fulfillment.ts';
import { createRandom } from './random.ts';
import { gid } from './records.ts';
import { refundOrder } from './refund-order.ts';
import { chargebackFee, moveReserve, openDispute, runPayout, winDispute } from './shopify-payments.ts';
import { VirtualClock } from './testing/virtual-clock.ts';

function setup() {
  const emulator = createShopifyEmulator({ clock: new VirtualClock(), seed: 9 });
  const { shop } = emulator;
  const variant = (sku: string) => shop.variantBySku(sku)!;
  const level = (sku: string) => shop.inventoryLevel(variant(sku).inventoryItemId, shop.locations[0]!.id)!;
  const place = (sku: string, quantity: number) =>
    shop.orders.get(
      BigInt(
        emulator.placeOrder({
          email: 'a@example.com',
          lines: [{ variantId: variant(sku).id, quantity }],
          computeTaxes: true,
          taxesIncluded: true,
          checkoutPayment: { gateway: 'shopify_payments' },
          inventoryBehaviour: 'DECREMENT_IGNORING_POLICY',
          locationName: shop.locations[0]!.name,
          shippingLines: [{ title: 'Royal Mail Tracked 48', price: '3.95' }],
        }).legacyId,
      ),
    )!;
  return { emulator, shop, level, place };
}

describe('refunds move stock the way their restock type says', () => {
  it('CANCEL releases committed units, RETURN brings shipped ones back, NO_RESTOCK keeps them out', () => {
    const { shop, level, place } = setup();
    const start = { ...level('HOOD-MRN-L') };
    const order = place('HOOD-MRN-L', 4);
    expect(level('HOOD-MRN-L')).toMatchObject({ available: start.available - 4, committed: 4 });
    refundOrder(shop, order, { lines: [{ lineId: order.lines[0]!.id, quantity: 1, restockType: 'CANCEL' }] });
    expect(level('HOOD-MRN-L')).toMatchObject({ available: start.available - 3, committed: 3 });
    refundOrder(shop, order, { lines: [{ lineId: order.lines[0]!.id, quantity: 1, restockType: 'NO_RESTOCK' }] });
    expect(level('HOOD-MRN-L')).toMatchObject({ available: start.available - 3, committed: 2 });
    const shipped = createFulfillment(shop, {
      lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: gid('FulfillmentOrder', order.fulfillmentOrders[0]!.id) }],
    });
    expect(shipped.errors).toBeUndefined();
    expect(level('HOOD-MRN-L')).toMatchObject({ available: start.available - 3, committed: 0 });
    expect(refundOrder(shop, order, { lines: [{ lineId: order.lines[0]!.id, quantity: 1, restockType: 'CANCEL' }] }).error).toMatch(
      /only 0 unfulfilled/,
    );
    refundOrder(shop, order, { lines: [{ lineId: order.lines[0]!.id, quantity: 2, restockType: 'RETURN' }] });
    expect(level('HOOD-MRN-L')).toMatchObject({ available: start.available - 1, committed: 0 });
    expect(order.lines[0]!.currentQuantity).toBe(0);
    expect(order.financialStatus).toBe('PARTIALLY_REFUNDED');
    expect(refundOrder(shop, order, { lines: [{ lineId: order.lines[0]!.id, quantity: 1 }] }).error).toMatch(/0 refundable/);
  });

  it('refunds shipping once, and the money back never exceeds what was paid', () => {
    const { shop, place } = setup();
    const order = place('TEE-ORG-M', 1);
    const first = refundOrder(shop, order, { lines: [{ lineId: order.lines[0]!.id, quantity: 1 }], shipping: true });
    expect(sum(first.refund!.transactions.map((t) => t.amount)).toFixed(2)).toBe(order.totals.total);
    expect(order.financialStatus).toBe('REFUNDED');
    expect(refundOrder(shop, order, { lines: [], shipping: true }).error).toBe('nothing to refund');
  });
});

describe('fulfillmentCreate in the emulator', () => {
  it('refuses fulfilment orders of different orders in one call, and more than remains', () => {
    const { shop, place } = setup();
    const [one, two] = [place('TEE-ORG-S', 1), place('TEE-ORG-S', 2)];
    const mixed = createFulfillment(shop, {
      lineItemsByFulfillmentOrder: [one!, two!].map((order) => ({
        fulfillmentOrderId: gid('FulfillmentOrder', order.fulfillmentOrders[0]!.id),
      })),
    });
    expect(mixed.errors![0]!.message).toMatch(/same order/);
    const line = two!.fulfillmentOrders[0]!.lines[0]!;
    const over = createFulfillment(shop, {
      lineItemsByFulfillmentOrder: [
        {
          fulfillmentOrderId: gid('FulfillmentOrder', two!.fulfillmentOrders[0]!.id),
          fulfillmentOrderLineItems: [{ id: gid('FulfillmentOrderLineItem', line.id), quantity: 3 }],
        },
      ],
    });
    expect(over.errors![0]).toMatchObject({
      field: ['fulfillment', 'lineItemsByFulfillmentOrder', '0', 'fulfillmentOrderLineItems', '0', 'quantity'],
    });
  });
});

describe('Shopify Payments in the emulator', () => {
  it('books card charges less fees and card refunds, and a payout run sweeps them so they add up', () => {
    const { shop, place } = setup();
    const orders = [place('TEE-ORG-S', 2), place('SOCK-WOOL-3PK', 1)];
    refundOrder(shop, orders[0]!, { lines: [{ lineId: orders[0]!.lines[0]!.id, quantity: 1 }] });
    refundOrder(shop, orders[1]!, { lines: [{ lineId: orders[1]!.lines[0]!.id, quantity: 1 }], pending: true });
    expect(shop.balanceTransactions.map((row) => [row.type, row.amount, row.fee])).toEqual([
      ['CHARGE', '51.95', '1.29'],
      ['CHARGE', '22.45', '0.70'],
      ['REFUND', '-24.00', '0.00'],
    ]);
    const payout = runPayout(shop)!;
    expect(payout.net).toBe(dec('51.95').minus('1.29').plus('22.45').minus('0.70').minus('24.00').toFixed(2));
    expect(shop.balanceTransactions.at(-1)).toMatchObject({ type: 'TRANSFER', amount: `-${payout.net}`, payoutId: payout.id });
    expect(runPayout(shop)).toBeUndefined();
  });

  it('books a chargeback with its fee, a won dispute, a reserve and its release, and the payout still adds up', () => {
    const { shop, place } = setup();
    const order = place('TEE-ORG-S', 2);
    const withdrawal = openDispute(shop, order, '51.95');
    expect(withdrawal).toMatchObject({
      type: 'DISPUTE_WITHDRAWAL',
      sourceType: 'DISPUTE',
      amount: '-51.95',
      fee: chargebackFee,
      orderId: order.id,
    });
    expect(winDispute(shop, withdrawal)).toMatchObject({ type: 'DISPUTE_REVERSAL', amount: '51.95', fee: '0.00' });
    moveReserve(shop, '20.00', 'hold');
    const payout = runPayout(shop)!;
    expect(payout.summary).toMatchObject({ adjustmentsGross: '0.00', adjustmentsFee: chargebackFee, reservedFundsGross: '-20.00' });
    const settled = shop.balanceTransactions.filter((row) => row.payoutId === payout.id && row.type !== 'TRANSFER');
    expect(sum(settled.map((row) => row.net)).toFixed(2)).toBe(payout.net);
    moveReserve(shop, '20.00', 'release');
    expect(runPayout(shop)).toMatchObject({ net: '20.00', transactionType: 'DEPOSIT', summary: { reservedFundsGross: '20.00' } });
  });
});

describe('generated aftercare', () => {
  it('refunds and cancels some earlier orders and keeps money and stock consistent', () => {
    const { shop, emulator } = setup();
    const random = createRandom(21);
    const mix = { ...defaultAftercareMix, refundRate: 0.3, cancelRate: 0.1 };
    const events = [];
    for (let index = 0; index < 200; index += 1) {
      emulator.placeOrder();
      const event = rollAftercare(shop, random, mix);
      if (event) events.push(event);
    }
    const orders = [...shop.orders.values()];
    expect(events.filter((event) => event.kind === 'cancel').length).toBeGreaterThan(5);
    expect(orders.filter((order) => order.refunds.length).length).toBeGreaterThan(30);
    const refunds = orders.flatMap((order) => order.refunds);
    expect(refunds.some((refund) => refund.lines.some((line) => line.restockType === 'NO_RESTOCK'))).toBe(true);
    expect(refunds.some((refund) => refund.shippingLines.length)).toBe(true);
    expect(refunds.some((refund) => refund.adjustments.length)).toBe(true);
    expect(refunds.some((refund) => refund.transactions.some((t) => t.status === 'PENDING'))).toBe(true);
    for (const order of orders) {
      const paid = sum(order.transactions.filter((t) => t.kind === 'SALE').map((t) => t.amount));
      const back = sum(order.transactions.filter((t) => t.kind === 'REFUND').map((t) => t.amount));
      expect(back.lte(paid)).toBe(true);
      if (order.cancelledAt) expect(order.lines.every((line) => line.currentQuantity === 0)).toBe(true);
    }
    expect([...shop.inventoryLevels.values()].every((level) => level.committed >= 0)).toBe(true);
  });
});
