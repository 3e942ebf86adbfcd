/**
 * What BC's order (or its invoices) should total for a Shopify order: the lines the orders
 * flow plans (discounts, gift-card policy, shipping, tips, IOSS VAT), summed gross. Pure: item
 * numbers and locations do not change the money.
 */
import type { OrderMappings } from '../../config/orders-schema.ts';
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import { dec, sum, type Decimal } from '../../core/money.ts';
import { planSalesOrderLines } from '../orders/lines.ts';
import { giftCardRedemptions } from '../orders/payments.ts';

export function expectedErpTotal(
  order: ChannelOrder,
  mappings: Pick<OrderMappings, 'shipping' | 'giftCards' | 'tips'>,
): { total: Decimal; lines: number } {
  const redeemed = giftCardRedemptions(order);
  const planned = planSalesOrderLines(order, {
    mappings,
    pricesIncludeTax: order.taxesIncluded,
    // Item numbers do not change the money: any will do.
    items: new Map(order.lines.map((line) => [line.id, { itemNumber: line.sku ?? line.id }])),
    locationIdFor: () => undefined,
    giftCardDiscount: mappings.giftCards.policy === 'line-discount' ? redeemed : dec(0),
  });
  const total = sum(planned.map((line) => line.expectedGross));
  return { total: mappings.giftCards.policy === 'payment' ? total.minus(redeemed) : total, lines: planned.length };
}
