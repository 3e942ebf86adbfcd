/**
 * `fulfillmentCreate` in the emulated shop: ship lines of fulfilment orders (all of one order
 * and one location, as Shopify demands) with tracking, lower their remaining quantities,
 * close or progress the fulfilment orders, and lower `committed` at the location, since the
 * goods have left. Not idempotent, like Shopify's: sending it twice ships twice.
 */
import type { FulfillmentRecord } from './after-sale-records.ts';
import { parseGid, type FulfillmentOrderRecord, type OrderRecord } from './records.ts';
import type { EmulatedShop } from './shop.ts';

export interface FulfillmentCreateInput {
  lineItemsByFulfillmentOrder: { fulfillmentOrderId: string; fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null }[];
  notifyCustomer?: boolean | null;
  trackingInfo?: {
    company?: string | null;
    number?: string | null;
    numbers?: string[] | null;
    url?: string | null;
    urls?: string[] | null;
  } | null;
}

export interface FieldError {
  field: string[];
  message: string;
}

export type FulfillmentResult =
  { fulfillment: FulfillmentRecord; order: OrderRecord; errors?: undefined } | { fulfillment?: undefined; errors: FieldError[] };

/** Carriers whose tracking pages Shopify knows: it builds the URL when `company` matches exactly. */
const carrierUrls: Record<string, (number: string) => string> = {
  'Royal Mail': (number) => `https://www.royalmail.com/track-your-item#/tracking-results/${encodeURIComponent(number)}`,
  DPD: (number) => `https://track.dpd.co.uk/parcels/${encodeURIComponent(number)}`,
  'DHL Express': (number) => `https://www.dhl.com/gb-en/home/tracking.html?tracking-id=${encodeURIComponent(number)}`,
  UPS: (number) => `https://www.ups.com/track?tracknum=${encodeURIComponent(number)}`,
};

const fulfillable = new Set(['OPEN', 'IN_PROGRESS']);

function findFulfillmentOrder(
  shop: EmulatedShop,
  id: string,
): { order: OrderRecord; fulfillmentOrder: FulfillmentOrderRecord } | undefined {
  const numeric = parseGid(id, 'FulfillmentOrder');
  if (numeric === undefined) return undefined;
  for (const order of shop.orders.values()) {
    const fulfillmentOrder = order.fulfillmentOrders.find((candidate) => candidate.id === numeric);
    if (fulfillmentOrder) return { order, fulfillmentOrder };
  }
  return undefined;
}

export function createFulfillment(shop: EmulatedShop, input: FulfillmentCreateInput, message: string | null = null): FulfillmentResult {
  const groups = input.lineItemsByFulfillmentOrder;
  if (!groups.length)
    return { errors: [{ field: ['fulfillment', 'lineItemsByFulfillmentOrder'], message: 'At least one fulfillment order is required' }] };
  const picks: { fulfillmentOrder: FulfillmentOrderRecord; line: FulfillmentOrderRecord['lines'][number]; quantity: number }[] = [];
  let order: OrderRecord | undefined;
  for (const [index, group] of groups.entries()) {
    const field = ['fulfillment', 'lineItemsByFulfillmentOrder', String(index)];
    const found = findFulfillmentOrder(shop, group.fulfillmentOrderId);
    if (!found) return { errors: [{ field: [...field, 'fulfillmentOrderId'], message: 'Fulfillment order does not exist.' }] };
    if (order && (found.order !== order || found.fulfillmentOrder.locationId !== picks[0]?.fulfillmentOrder.locationId)) {
      return { errors: [{ field, message: 'All fulfillment orders must belong to the same order and be assigned to the same location.' }] };
    }
    order = found.order;
    if (!fulfillable.has(found.fulfillmentOrder.status)) {
      return {
        errors: [
          {
            field,
            message: `Fulfillment order ${group.fulfillmentOrderId} has an unfulfillable status= ${found.fulfillmentOrder.status.toLowerCase()}.`,
          },
        ],
      };
    }
    const wanted =
      group.fulfillmentOrderLineItems ??
      found.fulfillmentOrder.lines.map((line) => ({
        id: `gid://shopify/FulfillmentOrderLineItem/${line.id}`,
        quantity: line.remainingQuantity,
      }));
    for (const [lineIndex, item] of wanted.entries()) {
      const line = found.fulfillmentOrder.lines.find((candidate) => candidate.id === parseGid(item.id, 'FulfillmentOrderLineItem'));
      const lineField = [...field, 'fulfillmentOrderLineItems', String(lineIndex)];
      if (!line)
        return {
          errors: [{ field: [...lineField, 'id'], message: 'Fulfillment order line item does not exist on this fulfillment order.' }],
        };
      if (item.quantity < 0 || item.quantity > line.remainingQuantity) {
        return {
          errors: [
            {
              field: [...lineField, 'quantity'],
              message: `Quantity ${item.quantity} is more than the ${line.remainingQuantity} remaining to fulfill.`,
            },
          ],
        };
      }
      if (item.quantity > 0) picks.push({ fulfillmentOrder: found.fulfillmentOrder, line, quantity: item.quantity });
    }
  }
  if (!order || !picks.length) return { errors: [{ field: ['fulfillment'], message: 'There is nothing left to fulfill.' }] };

  const now = shop.timestamp();
  const locationId = picks[0]!.fulfillmentOrder.locationId;
  for (const { fulfillmentOrder, line, quantity } of picks) {
    line.remainingQuantity -= quantity;
    fulfillmentOrder.status = fulfillmentOrder.lines.some((candidate) => candidate.remainingQuantity > 0) ? 'IN_PROGRESS' : 'CLOSED';
    fulfillmentOrder.updatedAt = now;
    const orderLine = order.lines.find((candidate) => candidate.id === line.lineId);
    const variant = orderLine?.variantId != null ? shop.variants.get(orderLine.variantId) : undefined;
    const level = variant && shop.inventoryLevel(variant.inventoryItemId, locationId);
    // Shipped units leave the building: no longer committed, no longer on hand.
    if (level) {
      level.committed = Math.max(0, level.committed - quantity);
      level.updatedAt = now;
    }
  }
  const fulfillment: FulfillmentRecord = {
    id: shop.nextId(),
    orderId: order.id,
    fulfillmentOrderId: picks[0]!.fulfillmentOrder.id,
    locationId,
    name: `${order.name}.${order.fulfillments.length + 1}`,
    status: 'SUCCESS',
    createdAt: now,
    updatedAt: now,
    notifyCustomer: input.notifyCustomer ?? false,
    message,
    tracking: trackingOf(input.trackingInfo),
    lines: picks.map(({ line, quantity }) => ({ id: shop.nextId(), lineId: line.lineId, quantity })),
  };
  order.fulfillments.push(fulfillment);
  const open = order.fulfillmentOrders.some((fulfillmentOrder) => fulfillmentOrder.lines.some((line) => line.remainingQuantity > 0));
  order.fulfillmentStatus = open ? 'PARTIALLY_FULFILLED' : 'FULFILLED';
  order.updatedAt = now;
  shop.emit('orders/updated', order);
  return { fulfillment, order };
}

function trackingOf(info: FulfillmentCreateInput['trackingInfo']): FulfillmentRecord['tracking'] {
  if (!info) return [];
  const numbers = [...(info.number ? [info.number] : []), ...(info.numbers ?? [])];
  const urls = [...(info.url ? [info.url] : []), ...(info.urls ?? [])];
  const company = info.company ?? null;
  const known = company ? carrierUrls[company] : undefined;
  const count = Math.max(numbers.length, urls.length, company ? 1 : 0);
  return Array.from({ length: count }, (_, index) => {
    const number = numbers[index] ?? null;
    return { company, number, url: urls[index] ?? (number && known ? known(number) : null) };
  });
}
