/**
 * Changes to placed orders that Shopify announces with `orders/updated` (and, for a
 * cancellation, `orders/cancelled`): what the control endpoint uses to exercise update
 * handling and the `updated_at` polling cursor.
 */
import type { OrderRecord } from './records.ts';
import { refundOrder } from './refund-order.ts';
import type { EmulatedShop } from './shop.ts';

export function addOrderTags(shop: EmulatedShop, order: OrderRecord, tags: string[]): OrderRecord {
  order.tags = [...new Set([...order.tags, ...tags.map((tag) => tag.trim()).filter(Boolean)])];
  order.updatedAt = shop.timestamp();
  shop.emit('orders/updated', order);
  return order;
}

export const cancelReasons = ['CUSTOMER', 'DECLINED', 'FRAUD', 'INVENTORY', 'OTHER', 'STAFF'] as const;

/**
 * Cancels an unfulfilled order: its committed stock becomes available again. With `refund`
 * (Shopify's `orderCancel(refund: true)`) the money goes back first, as a refund of every
 * remaining unit and the shipping, which Shopify announces with `refunds/create`.
 */
export function cancelOrder(
  shop: EmulatedShop,
  order: OrderRecord,
  reason: (typeof cancelReasons)[number] = 'CUSTOMER',
  options: { refund?: boolean } = {},
): OrderRecord {
  if (order.cancelledAt) return order;
  if (options.refund) {
    // Unshipped units are released; a line that never ships (a gift card bought) is refunded too.
    const unshipped = (lineId: bigint) =>
      order.fulfillmentOrders.flatMap((fo) => fo.lines).find((line) => line.lineId === lineId)?.remainingQuantity;
    const lines = order.lines
      .filter((line) => line.currentQuantity > 0 && (!line.requiresShipping || (unshipped(line.id) ?? 0) >= line.currentQuantity))
      .map((line) => ({
        lineId: line.id,
        quantity: line.currentQuantity,
        restockType: line.requiresShipping ? ('CANCEL' as const) : ('NO_RESTOCK' as const),
      }));
    refundOrder(shop, order, { lines, shipping: true, note: 'Order cancelled' });
  }
  const now = shop.timestamp();
  for (const fulfillmentOrder of order.fulfillmentOrders) {
    for (const line of fulfillmentOrder.lines) {
      const orderLine = order.lines.find((candidate) => candidate.id === line.lineId);
      const variant = orderLine?.variantId != null ? shop.variants.get(orderLine.variantId) : undefined;
      const level = variant && shop.inventoryLevel(variant.inventoryItemId, fulfillmentOrder.locationId);
      if (level && level.committed >= line.remainingQuantity) {
        level.committed -= line.remainingQuantity;
        level.available += line.remainingQuantity;
      }
      line.remainingQuantity = 0;
    }
    fulfillmentOrder.status = 'CANCELLED';
    fulfillmentOrder.updatedAt = now;
  }
  order.cancelledAt = now;
  order.cancelReason = reason;
  order.closedAt = now;
  order.updatedAt = now;
  for (const line of order.lines) line.currentQuantity = 0;
  shop.emit('orders/cancelled', order);
  shop.emit('orders/updated', order);
  return order;
}
