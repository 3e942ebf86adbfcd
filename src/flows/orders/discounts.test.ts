import { describe, expect, it } from 'vitest';
import { testOrdersConfig } from '../../../test/support/orders-config.ts';
import { sampleOrder } from '../../../test/support/sample-order.ts';
import { checkDiscounts } from './discounts.ts';
import { planSalesOrderLines } from './lines.ts';
import { giftCardRedemptions } from './payments.ts';

const config = testOrdersConfig();

function check(order: ReturnType<typeof sampleOrder>) {
  const items = new Map(order.lines.filter((line) => !line.isGiftCard).map((line) => [line.id, { itemNumber: line.sku! }]));
  const giftCardDiscount = giftCardRedemptions(order);
  const planned = planSalesOrderLines(order, {
    mappings: config,
    pricesIncludeTax: order.taxesIncluded,
    items,
    locationIdFor: () => 'loc-scend',
    giftCardDiscount,
  });
  return checkDiscounts(order, planned, giftCardDiscount);
}

describe('discounts BC can take', () => {
  it('passes discounts within their lines, and gift-card money spread over the lines', () => {
    expect(check(sampleOrder())).toEqual([]);
    expect(check(sampleOrder({ giftCard: '20.00' }))).toEqual([]);
  });

  it('stops a gift card bought with a gift card: the redemption is larger than the one line it may lower', () => {
    const order = sampleOrder({
      lines: [
        { sku: 'GIFT-CARD-50', title: 'Gift Card £50', unitPrice: '50.00', isGiftCard: true },
        { sku: 'SOCK-WOOL-3PK', title: 'Wool Socks, 3 pack', unitPrice: '5.00' },
      ],
      shipping: null,
      giftCard: '55.00',
    });
    const issues = check(order);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'discount_exceeds_line', path: 'lines[2].discount' });
    expect(issues[0]!.message).toBe(
      "line 2 (Wool Socks, 3 pack) carries a discount of 55.00 GBP, more than the line's 5.00 GBP; Business Central refuses a discount larger than its line",
    );
  });

  it('stops gift-card money that has no line to lower, rather than dropping it', () => {
    const order = sampleOrder({
      lines: [{ sku: 'GIFT-CARD-25', title: 'Gift Card £25', unitPrice: '25.00', isGiftCard: true }],
      shipping: null,
      giftCard: '25.00',
    });
    expect(check(order)).toEqual([
      {
        code: 'discount_exceeds_line',
        path: 'transactions.giftCard',
        message: '25.00 GBP was paid by gift card, but the order has no line it can lower (gift cards sold are not discounted)',
      },
    ]);
  });

  it('stops a line whose own discount is larger than the line', () => {
    const order = sampleOrder({ lines: [{ sku: 'TEE-ORG-M', title: 'Tee', quantity: 1, unitPrice: '10.00', discount: '12.00' }] });
    expect(check(order)).toEqual([
      expect.objectContaining({
        code: 'discount_exceeds_line',
        path: 'lines[1].discount',
        message: expect.stringContaining('12.00 GBP, more than the line'),
      }),
    ]);
  });
});
