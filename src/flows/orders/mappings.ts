/**
 * Configuration mappings from Shopify's words to BC's codes: shipping methods and
 * locations. Pure lookups plus a small cache of BC's code → id lists per run.
 */
import type { OrderMappings } from '../../config/orders-schema.ts';
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import type { ErpCodeRef } from '../../core/domain/erp.ts';

/** The BC shipment method code for the order's (first) shipping line, by code, then title, then "*". */
export function shipmentMethodCodeFor(order: ChannelOrder, mapping: OrderMappings['shippingMethods']): string | undefined {
  const shipping = order.shippingLines[0];
  if (!shipping) return mapping['*'];
  return (shipping.code ? mapping[shipping.code] : undefined) ?? mapping[shipping.title] ?? mapping['*'];
}

/**
 * The BC location code for each line item, from the fulfilment order it is assigned to.
 * Keys of the mapping are Shopify location GIDs or names (`names` maps GIDs to names).
 */
export function locationCodesByLine(
  order: ChannelOrder,
  mapping: OrderMappings['locations'],
  names: ReadonlyMap<string, string>,
): Map<string, { shopifyLocation: string | null; code: string | undefined }> {
  const result = new Map<string, { shopifyLocation: string | null; code: string | undefined }>();
  for (const fulfillmentOrder of order.fulfillmentOrders) {
    if (fulfillmentOrder.status === 'CLOSED' || fulfillmentOrder.status === 'CANCELLED') continue;
    const gid = fulfillmentOrder.locationId;
    const name = gid ? names.get(gid) : undefined;
    const code = (gid ? mapping[gid] : undefined) ?? (name ? mapping[name] : undefined);
    for (const line of fulfillmentOrder.lines) result.set(line.lineItemId, { shopifyLocation: name ?? gid, code });
  }
  return result;
}

export function idOfCode(list: ErpCodeRef[], code: string): string | undefined {
  return list.find((entry) => entry.code.toUpperCase() === code.toUpperCase())?.id;
}
