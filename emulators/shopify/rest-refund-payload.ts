/**
 * The REST bodies of `refunds/create`, `order_transactions/create` and `inventory_levels/update` webhooks, shaped as
 * Shopify sends them (and as `shopify-webhook-schemas` describes them): snake_case, 64-bit
 * integer ids, money as strings inside `*_set` bags, and the odd number (`subtotal`).
 */
import type { InventoryLevelRecord, OrderRecord, TransactionRecord } from './records.ts';
import { gid } from './records.ts';
import type { RefundRecord } from './after-sale-records.ts';
import { moneySet, restLineItem } from './rest-payload.ts';

/** The staff member the emulator's refunds are made by (REST carries a user id). */
export const emulatorStaffUserId = 548380009n;

/** An order transaction as REST shows it: inside a refund, and as the body of `order_transactions/create`. */
export function buildRestTransaction(order: OrderRecord, transaction: TransactionRecord) {
  const unsettled = { amount: '0.00', currency: order.currency };
  return {
    id: transaction.id,
    admin_graphql_api_id: gid('OrderTransaction', transaction.id),
    order_id: order.id,
    kind: transaction.kind.toLowerCase(),
    gateway: transaction.gateway,
    status: transaction.status.toLowerCase(),
    message: null,
    created_at: transaction.createdAt,
    test: transaction.test,
    authorization: null,
    location_id: null,
    user_id: null,
    parent_id: transaction.parentId,
    processed_at: transaction.processedAt,
    device_id: null,
    error_code: null,
    source_name: 'web',
    receipt: transaction.receipt ?? {},
    amount: transaction.amount,
    currency: order.currency,
    payment_id: transaction.paymentId ?? '',
    total_unsettled_set: { shop_money: unsettled, presentment_money: unsettled },
    manual_payment_gateway: transaction.gateway === 'manual',
    amount_rounding: null,
  };
}

/**
 * The body of `order_transactions/create`: the transaction, with the card details Shopify's
 * published example carries. Assumed: every gateway's body has them (the emulator's payments
 * are all shown as one test card) and an authorisation code.
 */
export function buildRestTransactionWebhook(order: OrderRecord, transaction: TransactionRecord): Record<string, unknown> {
  return {
    ...buildRestTransaction(order, transaction),
    authorization: String(transaction.id % 1_000_000n).padStart(6, '0'),
    payment_details: {
      credit_card_bin: null,
      avs_result_code: null,
      cvv_result_code: null,
      credit_card_number: '•••• •••• •••• 4242',
      credit_card_company: 'Visa',
      buyer_action_info: null,
      credit_card_name: null,
      credit_card_wallet: null,
      credit_card_expiration_month: null,
      credit_card_expiration_year: null,
      payment_method_name: 'visa',
    },
  };
}

export function buildRestRefund(order: OrderRecord, refund: RefundRecord): Record<string, unknown> {
  const c = order.currency;
  const set = (amount: string) => moneySet(amount, c);
  return {
    id: refund.id,
    admin_graphql_api_id: gid('Refund', refund.id),
    order_id: order.id,
    created_at: refund.createdAt,
    processed_at: refund.processedAt,
    note: refund.note ?? '',
    user_id: emulatorStaffUserId,
    restock: refund.lines.some((line) => line.restockType !== 'NO_RESTOCK'),
    duties: [],
    total_duties_set: set('0.00'),
    return: null,
    refund_line_items: refund.lines.map((line) => ({
      id: line.id,
      line_item_id: line.lineId,
      quantity: line.quantity,
      location_id: line.locationId,
      restock_type: line.restockType.toLowerCase(),
      subtotal: Number(line.subtotal),
      total_tax: Number(line.tax),
      subtotal_set: set(line.subtotal),
      total_tax_set: set(line.tax),
      line_item: restLineItem(
        order.lines.find((candidate) => candidate.id === line.lineId)!,
        c,
      ),
    })),
    refund_shipping_lines: refund.shippingLines.map((line) => ({
      id: line.id,
      shipping_line_id: line.shippingLineId,
      subtotal_amount_set: set(line.subtotal),
      tax_amount_set: set(line.tax),
    })),
    order_adjustments: refund.adjustments.map((adjustment) => ({
      id: adjustment.id,
      order_id: order.id,
      refund_id: refund.id,
      kind: 'refund_discrepancy',
      reason: adjustment.reason.toLowerCase().replace(/_/g, ' '),
      amount: adjustment.amount,
      amount_set: set(adjustment.amount),
      tax_amount: adjustment.tax,
      tax_amount_set: set(adjustment.tax),
    })),
    transactions: refund.transactions.map((transaction) => buildRestTransaction(order, transaction)),
  };
}

/** `inventory_levels/update`: the level's item and location, `available` after the change. */
export function buildRestInventoryLevel(level: InventoryLevelRecord): Record<string, unknown> {
  return {
    inventory_item_id: level.inventoryItemId,
    location_id: level.locationId,
    available: level.available,
    updated_at: level.updatedAt,
    admin_graphql_api_id: `gid://shopify/InventoryLevel/${level.id}?inventory_item_id=${level.inventoryItemId}`,
  };
}
