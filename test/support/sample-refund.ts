/** Refunds of sample orders, shaped as Shopify reports them (VAT-inclusive subtotals in shop money). */
import type { ChannelOrder } from '../../src/core/domain/channel-order.ts';
import type { ChannelRefund, RefundRestockType } from '../../src/core/domain/channel-refund.ts';
import { dec, formatMoney, sum } from '../../src/core/money.ts';

export interface RefundSpec {
  number?: number;
  lines?: { line: number; quantity: number; restockType?: RefundRestockType; locationId?: string | null }[];
  shipping?: string;
  adjustment?: string;
  pending?: boolean;
}

export function sampleRefund(order: ChannelOrder, spec: RefundSpec = {}): ChannelRefund {
  const number = spec.number ?? 1;
  const lines = (spec.lines ?? [{ line: 1, quantity: 1 }]).map(
    ({ line, quantity, restockType = 'RETURN', locationId = 'gid://shopify/Location/1' }) => {
      const orderLine = order.lines[line - 1]!;
      const unit = dec(orderLine.unitPrice).minus(dec(orderLine.totalDiscount).dividedBy(orderLine.quantity));
      const subtotal = formatMoney(unit.times(quantity), 'GBP');
      const rate = orderLine.taxLines[0]?.rate ?? '0';
      return {
        id: `gid://shopify/RefundLineItem/${number}${line}`,
        lineItemId: orderLine.id,
        sku: orderLine.sku,
        quantity,
        restockType,
        restocked: restockType === 'RETURN',
        locationId: restockType === 'NO_RESTOCK' ? null : locationId,
        unitPrice: formatMoney(unit, 'GBP'),
        subtotal,
        tax: formatMoney(dec(subtotal).times(rate).dividedBy(dec(rate).plus(1)), 'GBP'),
      };
    },
  );
  const shippingLines = spec.shipping
    ? [
        {
          id: `gid://shopify/RefundShippingLine/${number}`,
          shippingLineId: order.shippingLines[0]?.id ?? null,
          subtotal: spec.shipping,
          tax: formatMoney(dec(spec.shipping).dividedBy(6), 'GBP'),
        },
      ]
    : [];
  const adjustments = spec.adjustment
    ? [{ id: `gid://shopify/OrderAdjustment/${number}`, reason: 'REFUND_DISCREPANCY', amount: spec.adjustment, tax: '0.00' }]
    : [];
  const total = formatMoney(
    sum([
      ...lines.map((line) => line.subtotal),
      ...shippingLines.map((line) => line.subtotal),
      ...adjustments.map((adjustment) => adjustment.amount),
    ]),
    'GBP',
  );
  const legacyId = `${900_000 + Number(order.legacyId.slice(-4))}${number}`;
  return {
    id: `gid://shopify/Refund/${legacyId}`,
    legacyId,
    orderId: order.id,
    createdAt: '2026-11-26T10:00:00Z',
    processedAt: '2026-11-26T10:00:00Z',
    updatedAt: '2026-11-26T10:00:00Z',
    note: null,
    currency: 'GBP',
    lines,
    shippingLines,
    adjustments,
    transactions: [
      {
        id: `gid://shopify/OrderTransaction/r${legacyId}`,
        kind: 'REFUND',
        status: spec.pending ? 'PENDING' : 'SUCCESS',
        gateway: 'shopify_payments',
        paymentId: `re_${legacyId}`,
        amount: total,
        processedAt: null,
        parentTransactionId: null,
        test: false,
      },
    ],
    money: {
      settled: spec.pending ? '0.00' : total,
      pending: spec.pending ? total : '0.00',
      failed: '0.00',
      reportedTotal: spec.pending ? '0.00' : total,
      state: spec.pending ? 'pending' : 'settled',
    },
    returnId: null,
  };
}
