import { describe, expect, it } from 'vitest';
import type { OrderDraft } from '../../../emulators/shopify/place-order.ts';
import { summarizeRefundMoney } from './map-refund.ts';
import { emulatedShop } from './test-support/emulated-shop.ts';

function setup() {
  const shop = emulatedShop();
  const { emulator } = shop;
  const variant = (sku: string) => emulator.shop.variantBySku(sku)!.id;
  const place = (lines: OrderDraft['lines']) =>
    emulator.placeOrder({
      email: 'ivy.moss@example.co.uk',
      lines,
      computeTaxes: true,
      taxesIncluded: true,
      checkoutPayment: { gateway: 'shopify_payments' },
      shippingLines: [{ title: 'Royal Mail Tracked 48', code: 'RM-T48', price: '3.95' }],
      inventoryBehaviour: 'DECREMENT_IGNORING_POLICY',
    });
  const control = async (path: string, body: unknown = {}) => {
    const response = await emulator.app.request(`/_emulator${path}`, { method: 'POST', body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as { id: string; error?: unknown } };
  };
  return { ...shop, variant, place, control };
}

describe('refund reads against the emulator', () => {
  it('reads a partial refund: the line with its restock type and location, refunded shipping, the money moved', async () => {
    const { connector, place, variant, control, location, levelOf } = setup();
    const order = place([
      { variantId: variant('TEE-ORG-S'), quantity: 3 },
      { variantId: variant('SOCK-WOOL-3PK'), quantity: 1 },
    ]);
    const before = { ...levelOf('TEE-ORG-S') };
    const refunded = await control(`/orders/${order.legacyId}/refunds`, {
      lines: [{ sku: 'TEE-ORG-S', quantity: 1, restockType: 'CANCEL' }],
      shipping: true,
      note: 'Changed size',
    });
    expect(refunded.status).toBe(201);

    const refund = await connector.getRefund(refunded.body.id);
    expect(refund).toMatchObject({
      id: refunded.body.id,
      orderId: order.id,
      note: 'Changed size',
      currency: 'GBP',
      returnId: null,
      adjustments: [],
    });
    expect(refund!.lines).toEqual([
      expect.objectContaining({
        sku: 'TEE-ORG-S',
        quantity: 1,
        restockType: 'CANCEL',
        restocked: true,
        locationId: location(0),
        unitPrice: '24.00',
        subtotal: '24.00',
        tax: '4.00',
      }),
    ]);
    expect(refund!.shippingLines).toEqual([expect.objectContaining({ subtotal: '3.95', tax: '0.66' })]);
    expect(refund!.transactions.map((t) => [t.kind, t.status, t.gateway, t.amount])).toEqual([
      ['REFUND', 'SUCCESS', 'shopify_payments', '27.95'],
    ]);
    expect(refund!.money).toEqual({ settled: '27.95', pending: '0.00', failed: '0.00', reportedTotal: '27.95', state: 'settled' });
    // Cancelled before it shipped: released from committed back to available.
    expect(levelOf('TEE-ORG-S')).toMatchObject({ available: before.available + 1, committed: before.committed - 1 });
  });

  it('reads a refund whose money is still pending as pending, not as a refund of nothing', async () => {
    const { connector, place, variant, control } = setup();
    const order = place([{ variantId: variant('HOOD-MRN-M'), quantity: 1 }]);
    const refunded = await control(`/orders/${order.legacyId}/refunds`, {
      lines: [{ sku: 'HOOD-MRN-M', restockType: 'NO_RESTOCK' }],
      pending: true,
    });
    const pending = await connector.getRefund(refunded.body.id);
    expect(pending!.money).toEqual({ settled: '0.00', pending: '89.00', failed: '0.00', reportedTotal: '0.00', state: 'pending' });
    expect(pending!.lines[0]).toMatchObject({ restockType: 'NO_RESTOCK', restocked: false, locationId: null });

    await control(`/orders/${order.legacyId}/refunds/${pending!.legacyId}/settle`);
    expect((await connector.getRefund(refunded.body.id))!.money).toMatchObject({
      settled: '89.00',
      pending: '0.00',
      reportedTotal: '89.00',
      state: 'settled',
    });
  });

  it('lists every refund of an order oldest first, with a goodwill deduction as an order adjustment', async () => {
    const { connector, place, variant, control, clock } = setup();
    const order = place([
      { variantId: variant('TEE-ORG-M'), quantity: 2 },
      { variantId: variant('BOOK-CARE'), quantity: 1 },
    ]);
    const first = await control(`/orders/${order.legacyId}/refunds`, { lines: [{ sku: 'BOOK-CARE' }], withhold: '2.00' });
    clock.advance(60_000);
    const second = await control(`/orders/${order.legacyId}/refunds`, { lines: [{ sku: 'TEE-ORG-M', quantity: 2 }] });
    const refunds = await connector.listOrderRefunds(order.id);
    expect(refunds.map((refund) => refund.id)).toEqual([first.body.id, second.body.id]);
    expect(refunds[0]!.adjustments).toEqual([expect.objectContaining({ reason: 'REFUND_DISCREPANCY', amount: '-2.00', tax: '0.00' })]);
    expect(refunds[0]!.money.settled).toBe('12.99');
    expect(await connector.listOrderRefunds(place([{ variantId: variant('CAP-CANVAS'), quantity: 1 }]).id)).toEqual([]);
    await expect(connector.getRefund('gid://shopify/Refund/1')).resolves.toBeUndefined();
  });

  it('reads an order with its refunds: units a memo credits are counted apart from units cancelled', async () => {
    const { connector, place, variant, control, sent } = setup();
    const order = place([
      { variantId: variant('TEE-ORG-S'), quantity: 3 },
      { variantId: variant('SOCK-WOOL-3PK'), quantity: 2 },
    ]);
    sent.length = 0;
    const untouched = await connector.getOrder(order.id);
    expect(untouched!.lines.map((line) => line.creditedQuantity)).toEqual([undefined, undefined]);
    expect(sent.map((request) => request.operationName)).not.toContain('RefundById');

    await control(`/orders/${order.legacyId}/refunds`, { lines: [{ sku: 'TEE-ORG-S', quantity: 1, restockType: 'CANCEL' }] });
    await control(`/orders/${order.legacyId}/refunds`, {
      lines: [
        { sku: 'TEE-ORG-S', quantity: 1, restockType: 'NO_RESTOCK' },
        { sku: 'SOCK-WOOL-3PK', quantity: 2, restockType: 'NO_RESTOCK' },
      ],
    });
    const read = await connector.getOrder(order.id);
    expect(read!.lines.map((line) => [line.sku, line.quantity, line.currentQuantity, line.creditedQuantity])).toEqual([
      ['TEE-ORG-S', 3, 1, 1],
      ['SOCK-WOOL-3PK', 2, 0, 2],
    ]);
  });

  it('reads a refund of more lines than one page holds', async () => {
    const { connector, place, variant, control, sent } = setup();
    const order = place(Array.from({ length: 34 }, () => ({ variantId: variant('SOCK-WOOL-3PK'), quantity: 1 })));
    const lines = order.id && (await connector.getOrder(order.id))!.lines.map((line) => ({ lineItemId: line.id }));
    const refunded = await control(`/orders/${order.legacyId}/refunds`, { lines });
    sent.length = 0;
    const refund = await connector.getRefund(refunded.body.id);
    expect(refund!.lines).toHaveLength(34);
    expect(new Set(refund!.lines.map((line) => line.lineItemId)).size).toBe(34);
    expect(sent.map((request) => request.operationName)).toEqual(['RefundById', 'RefundLineItemsPage']);
  });
});

describe('summarizeRefundMoney', () => {
  const tx = (status: string, amount: string, kind = 'REFUND') =>
    ({
      id: `t-${status}-${amount}`,
      kind,
      status,
      gateway: 'shopify_payments',
      paymentId: null,
      amount,
      processedAt: null,
      parentTransactionId: null,
      test: false,
    }) as never;

  it('keeps settled, pending and failed money apart and ignores non-refund transactions', () => {
    expect(
      summarizeRefundMoney(
        [tx('SUCCESS', '10.00'), tx('PENDING', '5.50'), tx('FAILURE', '1.00'), tx('SUCCESS', '99.00', 'SALE')],
        '10.00',
        'GBP',
      ),
    ).toEqual({ settled: '10.00', pending: '5.50', failed: '1.00', reportedTotal: '10.00', state: 'pending' });
    expect(summarizeRefundMoney([], '0.00', 'GBP').state).toBe('none');
    expect(summarizeRefundMoney([tx('AWAITING_RESPONSE', '3.00')], '0.00', 'GBP')).toMatchObject({ pending: '3.00', state: 'pending' });
  });
});
