/**
 * Shopify refunds mapped to the hub's ChannelRefund, amounts in shop money. Where the money
 * stands is worked out from the refund's own transactions: Shopify's `totalRefundedSet`
 * counts successful ones only, so a refund still pending at the bank would read as zero.
 */
import type { ChannelRefund, ChannelRefundMoney } from '../../core/domain/channel-refund.ts';
import type { ChannelTransaction } from '../../core/domain/channel-order.ts';
import { formatMoney, sum } from '../../core/money.ts';
import { amountOf, mapTransaction } from './map-order.ts';
import type { Refund, RefundLine } from './refund-schemas.ts';

const pendingStatuses = new Set(['PENDING', 'AWAITING_RESPONSE', 'UNKNOWN']);
const failedStatuses = new Set(['FAILURE', 'ERROR']);

/** Sums a refund's money by outcome, so a pending refund is never mistaken for a zero one. */
export function summarizeRefundMoney(
  transactions: readonly ChannelTransaction[],
  reportedTotal: string,
  currency: string,
): ChannelRefundMoney {
  const refunds = transactions.filter((transaction) => transaction.kind === 'REFUND');
  const total = (keep: (status: string) => boolean) =>
    formatMoney(sum(refunds.filter((transaction) => keep(transaction.status)).map((transaction) => transaction.amount)), currency);
  const settled = total((status) => status === 'SUCCESS');
  const pending = total((status) => pendingStatuses.has(status));
  const failed = total((status) => failedStatuses.has(status));
  const state = refunds.some((transaction) => pendingStatuses.has(transaction.status))
    ? 'pending'
    : refunds.some((transaction) => transaction.status === 'SUCCESS')
      ? 'settled'
      : 'none';
  return { settled, pending, failed, reportedTotal, state };
}

function mapRefundLine(line: RefundLine): ChannelRefund['lines'][number] {
  return {
    id: line.id,
    lineItemId: line.lineItem.id,
    sku: line.lineItem.sku,
    quantity: line.quantity,
    restockType: line.restockType,
    restocked: line.restocked,
    locationId: line.location?.id ?? null,
    unitPrice: amountOf(line.priceSet),
    subtotal: amountOf(line.subtotalSet),
    tax: amountOf(line.totalTaxSet),
  };
}

/** `lines` are every refund line, the first page and any further ones read separately. */
export function mapRefund(refund: Refund, lines: readonly RefundLine[]): ChannelRefund {
  const currency = refund.order.currencyCode;
  const transactions = refund.transactions.nodes.map(mapTransaction);
  return {
    id: refund.id,
    legacyId: refund.legacyResourceId,
    orderId: refund.order.id,
    createdAt: refund.createdAt,
    processedAt: refund.processedAt,
    updatedAt: refund.updatedAt,
    note: refund.note,
    currency,
    lines: lines.map(mapRefundLine),
    shippingLines: refund.refundShippingLines.nodes.map((line) => ({
      id: line.id,
      shippingLineId: line.shippingLine?.id ?? null,
      subtotal: amountOf(line.subtotalAmountSet),
      tax: amountOf(line.taxAmountSet),
    })),
    adjustments: refund.orderAdjustments.nodes.map((adjustment) => ({
      id: adjustment.id,
      reason: adjustment.reason,
      amount: amountOf(adjustment.amountSet),
      tax: amountOf(adjustment.taxAmountSet),
    })),
    transactions,
    money: summarizeRefundMoney(transactions, amountOf(refund.totalRefundedSet, currency), currency),
    returnId: refund.return?.id ?? null,
  };
}
