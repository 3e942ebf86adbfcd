/**
 * Refunds, fulfilments, inventory adjustment groups, Shopify Payments and bulk operations
 * seen through the GraphQL schema (see views.ts for orders and their lines).
 */
import { formatMoney, sum } from '../shared/money.ts';
import type {
  AdjustmentGroupRecord,
  BalanceTransactionRecord,
  BulkOperationRecord,
  FulfillmentRecord,
  PayoutRecord,
  RefundRecord,
} from './after-sale-records.ts';
import { buildConnection, sortableId, type ConnectionArgs } from './connection.ts';
import { locationView } from './inventory-views.ts';
import { gid, type OrderRecord, type TransactionRecord } from './records.ts';
import { matchesTime, parseSearchQuery } from './search-query.ts';
import type { EmulatedShop } from './shop.ts';
import { lineView, moneyBag, orderView, shippingLineView, transactionView } from './views.ts';

/** Shopify's refunded totals count settled money only: a pending refund adds nothing yet. */
export function refundedTotal(transactions: readonly TransactionRecord[], currency: string): string {
  return formatMoney(sum(transactions.filter((t) => t.kind === 'REFUND' && t.status === 'SUCCESS').map((t) => t.amount)), currency);
}

export function supportedActionsOf(status: string) {
  const actions = status === 'OPEN' || status === 'IN_PROGRESS' ? ['CREATE_FULFILLMENT', 'HOLD', 'MOVE', 'SPLIT'] : [];
  return actions.map((action) => ({ action, externalUrl: null }));
}

export function refundView(shop: EmulatedShop, order: OrderRecord, refund: RefundRecord) {
  const bag = (amount: string) => moneyBag(amount, order.currency);
  const byId = <T extends { id: bigint }>(item: T) => sortableId(item.id);
  return {
    id: gid('Refund', refund.id),
    legacyResourceId: String(refund.id),
    createdAt: refund.createdAt,
    processedAt: refund.processedAt,
    updatedAt: refund.updatedAt,
    note: refund.note,
    order: () => orderView(shop, order),
    totalRefundedSet: bag(refundedTotal(refund.transactions, order.currency)),
    return: null,
    refundLineItems: (args: ConnectionArgs) =>
      buildConnection(refund.lines, args, byId, (line) => {
        const orderLine = order.lines.find((candidate) => candidate.id === line.lineId)!;
        const location = line.locationId === null ? undefined : shop.locations.find((candidate) => candidate.id === line.locationId);
        return {
          id: gid('RefundLineItem', line.id),
          lineItem: lineView(shop, order, orderLine),
          location: location ? locationView(shop, location) : null,
          quantity: line.quantity,
          restockType: line.restockType,
          restocked: line.restocked,
          priceSet: bag(line.unitPrice),
          subtotalSet: bag(line.subtotal),
          totalTaxSet: bag(line.tax),
        };
      }),
    refundShippingLines: (args: ConnectionArgs) =>
      buildConnection(refund.shippingLines, args, byId, (line) => ({
        id: gid('RefundShippingLine', line.id),
        subtotalAmountSet: bag(line.subtotal),
        taxAmountSet: bag(line.tax),
        shippingLine: shippingLineView(
          order,
          order.shippingLines.find((candidate) => candidate.id === line.shippingLineId)!,
        ),
      })),
    orderAdjustments: (args: ConnectionArgs) =>
      buildConnection(refund.adjustments, args, byId, (adjustment) => ({
        id: gid('OrderAdjustment', adjustment.id),
        reason: adjustment.reason,
        amountSet: bag(adjustment.amount),
        taxAmountSet: bag(adjustment.tax),
      })),
    transactions: (args: ConnectionArgs) =>
      buildConnection(refund.transactions, args, byId, (transaction) => transactionView(order, transaction)),
  };
}

export function fulfillmentView(shop: EmulatedShop, order: OrderRecord, fulfillment: FulfillmentRecord) {
  const location = shop.locations.find((candidate) => candidate.id === fulfillment.locationId);
  return {
    id: gid('Fulfillment', fulfillment.id),
    legacyResourceId: String(fulfillment.id),
    name: fulfillment.name,
    status: fulfillment.status,
    displayStatus: fulfillment.status === 'SUCCESS' ? 'FULFILLED' : 'CANCELED',
    createdAt: fulfillment.createdAt,
    updatedAt: fulfillment.updatedAt,
    totalQuantity: fulfillment.lines.reduce((total, line) => total + line.quantity, 0),
    requiresShipping: true,
    location: location ? locationView(shop, location) : null,
    order: () => orderView(shop, order),
    trackingInfo: ({ first }: { first?: number | null }) => fulfillment.tracking.slice(0, first ?? undefined),
    fulfillmentLineItems: (args: ConnectionArgs) =>
      buildConnection(
        fulfillment.lines,
        args,
        (line) => sortableId(line.id),
        (line) => ({
          id: gid('FulfillmentLineItem', line.id),
          quantity: line.quantity,
          lineItem: lineView(
            shop,
            order,
            order.lines.find((candidate) => candidate.id === line.lineId)!,
          ),
        }),
      ),
  };
}

export function adjustmentGroupView(shop: EmulatedShop, group: AdjustmentGroupRecord) {
  return {
    id: gid('InventoryAdjustmentGroup', group.id),
    createdAt: group.createdAt,
    reason: group.reason,
    referenceDocumentUri: group.referenceDocumentUri,
    changes: (args: { inventoryItemIds?: string[] | null; locationIds?: string[] | null; quantityNames?: string[] | null }) =>
      group.changes
        .filter(
          (change) =>
            (!args.inventoryItemIds?.length || args.inventoryItemIds.includes(gid('InventoryItem', change.itemId))) &&
            (!args.locationIds?.length || args.locationIds.includes(gid('Location', change.locationId))) &&
            (!args.quantityNames?.length || args.quantityNames.includes(change.name)),
        )
        .map((change) => ({
          name: change.name,
          delta: change.delta,
          quantityAfterChange: change.quantityAfterChange,
          ledgerDocumentUri: null,
          item: { id: gid('InventoryItem', change.itemId) },
          location: locationView(
            shop,
            shop.locations.find((location) => location.id === change.locationId)!,
          ),
        })),
  };
}

function money(amount: string, currency: string) {
  return { amount, currencyCode: currency };
}

export function payoutView(shop: EmulatedShop, payout: PayoutRecord) {
  const m = (amount: string) => money(amount, shop.currency);
  const zero = m('0.00');
  return {
    id: gid('ShopifyPaymentsPayout', payout.id),
    legacyResourceId: String(payout.id),
    issuedAt: payout.issuedAt,
    status: payout.status,
    transactionType: payout.transactionType,
    externalTraceId: payout.externalTraceId,
    net: m(payout.net),
    summary: {
      chargesGross: m(payout.summary.chargesGross),
      chargesFee: m(payout.summary.chargesFee),
      refundsFeeGross: m(payout.summary.refundsGross),
      refundsFee: m(payout.summary.refundsFee),
      adjustmentsGross: m(payout.summary.adjustmentsGross),
      adjustmentsFee: m(payout.summary.adjustmentsFee),
      reservedFundsGross: m(payout.summary.reservedFundsGross),
      reservedFundsFee: m(payout.summary.reservedFundsFee),
      retriedPayoutsGross: zero,
      retriedPayoutsFee: zero,
      advanceGross: zero,
      advanceFees: zero,
    },
  };
}

export function balanceTransactionView(shop: EmulatedShop, transaction: BalanceTransactionRecord) {
  const payout = transaction.payoutId === null ? undefined : shop.payouts.get(transaction.payoutId);
  const m = (amount: string) => money(amount, shop.currency);
  return {
    id: gid('ShopifyPaymentsBalanceTransaction', transaction.id),
    type: transaction.type,
    sourceType: transaction.sourceType,
    test: transaction.test,
    transactionDate: transaction.processedAt,
    amount: m(transaction.amount),
    fee: m(transaction.fee),
    net: m(transaction.net),
    sourceId: String(transaction.sourceId),
    sourceOrderTransactionId: transaction.orderTransactionId === null ? null : String(transaction.orderTransactionId),
    adjustmentReason: transaction.adjustmentReason,
    associatedOrder: transaction.orderId === null ? null : { id: gid('Order', transaction.orderId), name: transaction.orderName },
    associatedPayout: payout ? { id: gid('ShopifyPaymentsPayout', payout.id), status: payout.status } : { id: null, status: 'PENDING' },
  };
}

function numericOf(value: string): string {
  return /(\d+)$/.exec(value)?.[1] ?? value;
}

export function paymentsAccountView(shop: EmulatedShop) {
  return {
    id: gid('ShopifyPaymentsAccount', 1n),
    activated: true,
    country: 'GB',
    defaultCurrency: shop.currency,
    payouts: (args: ConnectionArgs & { query?: string | null; sortKey?: string | null; transactionType?: string | null }) => {
      const terms = parseSearchQuery(args.query);
      const payouts = [...shop.payouts.values()].filter(
        (payout) =>
          (!args.transactionType || payout.transactionType === args.transactionType) &&
          terms.every((term) => {
            if (term.field === 'issued_at') return matchesTime(payout.issuedAt, term);
            if (term.field === 'status') return payout.status.toLowerCase() === term.value.toLowerCase();
            if (term.field === 'id') return String(payout.id) === numericOf(term.value);
            return true;
          }),
      );
      const keyOf =
        args.sortKey === 'ID'
          ? (payout: PayoutRecord) => sortableId(payout.id)
          : (payout: PayoutRecord) => `${payout.issuedAt}|${sortableId(payout.id)}`;
      return buildConnection(
        payouts.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1)),
        args,
        keyOf,
        (payout) => payoutView(shop, payout),
      );
    },
    balanceTransactions: (args: ConnectionArgs & { query?: string | null; hideTransfers?: boolean | null }) => {
      const terms = parseSearchQuery(args.query);
      const rows = shop.balanceTransactions.filter(
        (transaction) =>
          (!args.hideTransfers || transaction.type !== 'TRANSFER') &&
          terms.every((term) => {
            if (term.field === 'payments_transfer_id' || term.field === 'payout_id')
              return transaction.payoutId !== null && String(transaction.payoutId) === numericOf(term.value);
            if (term.field === 'processed_at') return matchesTime(transaction.processedAt, term);
            if (term.field === 'payout_status')
              return (
                (transaction.payoutId === null ? 'pending' : shop.payouts.get(transaction.payoutId)!.status.toLowerCase()) ===
                term.value.toLowerCase()
              );
            return true;
          }),
      );
      const keyOf = (transaction: BalanceTransactionRecord) => `${transaction.processedAt}|${sortableId(transaction.id)}`;
      return buildConnection(
        rows.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1)),
        args,
        keyOf,
        (transaction) => balanceTransactionView(shop, transaction),
      );
    },
  };
}

export function bulkOperationView(operation: BulkOperationRecord, origin: string) {
  const done = operation.status === 'COMPLETED';
  const bytes = operation.lines.reduce((total, line) => total + Buffer.byteLength(line) + 1, 0);
  return {
    id: gid('BulkOperation', operation.id),
    status: operation.status,
    errorCode: operation.errorCode,
    type: 'QUERY',
    query: operation.query,
    createdAt: operation.createdAt,
    completedAt: operation.completedAt,
    objectCount: String(done ? operation.lines.length : 0),
    rootObjectCount: String(done ? operation.rootObjectCount : 0),
    fileSize: done && operation.lines.length ? String(bytes) : null,
    // Shopify gives no file for an empty result.
    url: done && operation.lines.length ? `${origin}/bulk-operation-results/${operation.id}.jsonl` : null,
    partialDataUrl: null,
  };
}
