/**
 * Refunds in the emulated shop, the way Shopify applies them: the refunded quantity leaves
 * the line (`currentQuantity`), stock follows the restock type (`CANCEL` releases committed
 * units of an unfulfilled line, `RETURN` puts shipped units back on hand, `NO_RESTOCK` keeps
 * them out), shipping can go back too, and the money goes back through the gateways that
 * took it. A refund may stay `PENDING` until settled: Shopify's refunded totals ignore it.
 */
import { Decimal, dec, formatMoney, sum } from '../shared/money.ts';
import type { OrderAdjustmentRecord, RefundLineRecord, RefundRecord, RefundShippingRecord, RestockType } from './after-sale-records.ts';
import type { InventoryLevelRecord, LineRecord, OrderRecord, TransactionRecord } from './records.ts';
import type { EmulatedShop } from './shop.ts';

export interface RefundRequest {
  lines: { lineId: bigint; quantity: number; restockType?: RestockType }[];
  /** Refund every shipping line not refunded yet. */
  shipping?: boolean;
  /** Give back this much less than the lines and shipping add up to (a goodwill deduction). */
  withhold?: string;
  note?: string | null;
  /** Leave the money `PENDING` (a bank refund still in flight). */
  pending?: boolean;
}

export type RefundResult = { refund: RefundRecord; error?: undefined } | { refund?: undefined; error: string };

function fulfillmentLineOf(order: OrderRecord, lineId: bigint) {
  for (const fulfillmentOrder of order.fulfillmentOrders) {
    const line = fulfillmentOrder.lines.find((candidate) => candidate.lineId === lineId);
    if (line) return { fulfillmentOrder, line };
  }
  return undefined;
}

function levelFor(shop: EmulatedShop, line: LineRecord, locationId: bigint): InventoryLevelRecord | undefined {
  const variant = line.variantId === null ? undefined : shop.variants.get(line.variantId);
  return variant && shop.inventoryLevel(variant.inventoryItemId, locationId);
}

/** The share of a line's charged amount and tax that `quantity` units carry. */
function lineShare(order: OrderRecord, line: LineRecord, quantity: number) {
  const charged = dec(line.unitPrice)
    .times(line.quantity)
    .minus(sum(line.allocations.map((allocation) => allocation.amount)));
  const tax = sum(line.taxLines.map((taxLine) => taxLine.amount));
  const share = (value: Decimal) => formatMoney(value.times(quantity).dividedBy(line.quantity), order.currency);
  return { unitPrice: formatMoney(charged.dividedBy(line.quantity), order.currency), subtotal: share(charged), tax: share(tax) };
}

export function refundOrder(shop: EmulatedShop, order: OrderRecord, request: RefundRequest): RefundResult {
  const now = shop.timestamp();
  const changedLevels = new Set<InventoryLevelRecord>();
  const planned: { line: LineRecord; quantity: number; restockType: RestockType }[] = [];
  for (const wanted of request.lines) {
    const line = order.lines.find((candidate) => candidate.id === wanted.lineId);
    if (!line) return { error: `line ${wanted.lineId} is not on order ${order.name}` };
    if (wanted.quantity < 1 || wanted.quantity > line.currentQuantity)
      return { error: `line ${line.sku ?? line.title}: ${wanted.quantity} asked, ${line.currentQuantity} refundable` };
    const unfulfilled = fulfillmentLineOf(order, line.id)?.line.remainingQuantity ?? 0;
    // Nothing to put back on a shelf for a line that never ships (a gift card, a service).
    const restockType =
      wanted.restockType ?? (!line.requiresShipping ? 'NO_RESTOCK' : unfulfilled >= wanted.quantity ? 'CANCEL' : 'RETURN');
    if (restockType === 'CANCEL' && wanted.quantity > unfulfilled)
      return { error: `line ${line.sku}: only ${unfulfilled} unfulfilled, cannot cancel ${wanted.quantity}` };
    if (restockType === 'RETURN' && wanted.quantity > line.currentQuantity - unfulfilled)
      return { error: `line ${line.sku}: only ${line.currentQuantity - unfulfilled} shipped, cannot return ${wanted.quantity}` };
    planned.push({ line, quantity: wanted.quantity, restockType });
  }
  const refundedShipping = new Set(order.refunds.flatMap((refund) => refund.shippingLines.map((line) => line.shippingLineId)));
  const shippingLines: RefundShippingRecord[] = request.shipping
    ? order.shippingLines
        .filter((line) => !refundedShipping.has(line.id))
        .map((line) => ({
          id: shop.nextId(),
          shippingLineId: line.id,
          tax: formatMoney(sum(line.taxLines.map((tax) => tax.amount)), order.currency),
          subtotal: formatMoney(dec(line.price).minus(sum(line.allocations.map((allocation) => allocation.amount))), order.currency),
        }))
    : [];
  if (!planned.length && !shippingLines.length) return { error: 'nothing to refund' };

  const lines: RefundLineRecord[] = planned.map(({ line, quantity, restockType }) => {
    const found = fulfillmentLineOf(order, line.id);
    const locationId = found?.fulfillmentOrder.locationId ?? null;
    const level = locationId === null ? undefined : levelFor(shop, line, locationId);
    if (found && restockType !== 'RETURN' && found.line.remainingQuantity > 0) {
      // The units will not ship: out of the fulfilment order and out of `committed`.
      const released = Math.min(quantity, found.line.remainingQuantity);
      found.line.remainingQuantity -= released;
      found.line.totalQuantity -= released;
      if (level) {
        level.committed = Math.max(0, level.committed - released);
        if (restockType === 'CANCEL') level.available += released;
      }
    } else if (level && restockType === 'RETURN') {
      level.available += quantity;
    }
    if (level && restockType !== 'NO_RESTOCK') {
      level.updatedAt = now;
      changedLevels.add(level);
    }
    line.currentQuantity -= quantity;
    return {
      id: shop.nextId(),
      lineId: line.id,
      quantity,
      restockType,
      restocked: restockType !== 'NO_RESTOCK',
      locationId: restockType === 'NO_RESTOCK' ? null : locationId,
      ...lineShare(order, line, quantity),
    };
  });

  const exclusiveTax = order.taxesIncluded ? dec(0) : sum([...lines, ...shippingLines].map((line) => line.tax));
  const gross = sum([...lines, ...shippingLines].map((line) => line.subtotal)).plus(exclusiveTax);
  const withheld = Decimal.min(dec(request.withhold ?? '0'), gross);
  const adjustments: OrderAdjustmentRecord[] = withheld.gt(0)
    ? [
        {
          id: shop.nextId(),
          reason: 'REFUND_DISCREPANCY',
          amount: formatMoney(withheld.negated(), order.currency),
          tax: formatMoney(0, order.currency),
        },
      ]
    : [];
  const refund: RefundRecord = {
    id: shop.nextId(),
    orderId: order.id,
    createdAt: now,
    processedAt: now,
    updatedAt: now,
    note: request.note ?? null,
    lines,
    shippingLines,
    adjustments,
    transactions: refundTransactions(shop, order, gross.minus(withheld), request.pending ? 'PENDING' : 'SUCCESS', now),
  };
  order.refunds.push(refund);
  order.transactions.push(...refund.transactions);
  refreshFinancialStatus(order);
  order.updatedAt = now;
  shop.publish({ topic: 'refunds/create', order, refund });
  shop.announceTransactions(order, refund.transactions);
  shop.emit('orders/updated', order);
  for (const level of changedLevels) shop.publish({ topic: 'inventory_levels/update', level });
  return { refund };
}

/** Money goes back the way it came, newest payment first: the card before the gift card it topped up. */
function refundTransactions(shop: EmulatedShop, order: OrderRecord, amount: Decimal, status: string, now: string): TransactionRecord[] {
  const payments = order.transactions.filter((t) => t.status === 'SUCCESS' && (t.kind === 'SALE' || t.kind === 'CAPTURE')).reverse();
  const transactions: TransactionRecord[] = [];
  let due = amount;
  for (const payment of payments) {
    if (!due.gt(0)) break;
    const alreadyBack = sum(
      order.transactions.filter((t) => t.kind === 'REFUND' && t.parentId === payment.id && t.status !== 'FAILURE').map((t) => t.amount),
    );
    const part = Decimal.min(due, dec(payment.amount).minus(alreadyBack));
    if (!part.gt(0)) continue;
    transactions.push({
      id: shop.nextId(),
      kind: 'REFUND',
      status,
      gateway: payment.gateway,
      paymentId: `${payment.paymentId ?? 'r'}.refund${order.refunds.length + 1}`,
      amount: formatMoney(part, order.currency),
      processedAt: now,
      createdAt: now,
      test: payment.test,
      parentId: payment.id,
      receipt: null,
    });
    due = due.minus(part);
  }
  return transactions;
}

export function refreshFinancialStatus(order: OrderRecord): void {
  const paid = sum(
    order.transactions.filter((t) => t.status === 'SUCCESS' && (t.kind === 'SALE' || t.kind === 'CAPTURE')).map((t) => t.amount),
  );
  const refunded = sum(order.transactions.filter((t) => t.status === 'SUCCESS' && t.kind === 'REFUND').map((t) => t.amount));
  if (refunded.isZero()) return;
  order.financialStatus = refunded.gte(paid) ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
}

/** A pending refund's money arrives: its transactions succeed and the order says so. */
export function settleRefund(shop: EmulatedShop, order: OrderRecord, refund: RefundRecord): RefundRecord {
  const now = shop.timestamp();
  const settled = refund.transactions.filter((transaction) => transaction.status === 'PENDING');
  for (const transaction of settled) transaction.status = 'SUCCESS';
  refund.updatedAt = now;
  shop.announceTransactions(order, settled);
  refreshFinancialStatus(order);
  order.updatedAt = now;
  shop.emit('orders/updated', order);
  return refund;
}
