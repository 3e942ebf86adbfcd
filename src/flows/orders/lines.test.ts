import { describe, expect, it } from 'vitest';
import { testOrdersConfig } from '../../../test/support/orders-config.ts';
import { sampleOrder } from '../../../test/support/sample-order.ts';
import { dec, sum } from '../../core/money.ts';
import { planSalesOrderLines, type LineContext } from './lines.ts';
import { giftCardRedemptions } from './payments.ts';

const config = testOrdersConfig();

function plan(order: ReturnType<typeof sampleOrder>, overrides: Partial<LineContext> = {}) {
  const items = new Map(order.lines.filter((line) => !line.isGiftCard).map((line) => [line.id, { itemNumber: line.sku! }]));
  return planSalesOrderLines(order, {
    mappings: config,
    pricesIncludeTax: order.taxesIncluded,
    items,
    locationIdFor: () => 'loc-scend',
    giftCardDiscount: giftCardRedemptions(order),
    ...overrides,
  });
}

const compact = (lines: ReturnType<typeof plan>) =>
  lines.map(({ draft }) =>
    [draft.lineType, draft.lineObjectNumber, draft.quantity, draft.unitPrice, draft.discountAmount ?? '-', draft.locationId ?? '-'].join(
      ' ',
    ),
  );

describe('sales order lines', () => {
  it("keeps Shopify's discount allocations per line and puts shipping on the G/L account", () => {
    const lines = plan(sampleOrder());
    expect(compact(lines)).toEqual([
      'Item TEE-ORG-M 2 24.00 4.80 loc-scend',
      'Item SOCK-WOOL-3PK 1 18.50 - loc-scend',
      'Account 40250 1 3.99 - -',
    ]);
    expect(sum(lines.map((line) => line.expectedGross)).toFixed(2)).toBe('65.69');
  });

  it('spreads a gift-card redemption over the lines so the invoice equals what was paid by other means', () => {
    const lines = plan(sampleOrder({ giftCard: '20.00' }));
    expect(compact(lines)).toEqual([
      'Item TEE-ORG-M 2 24.00 17.95 loc-scend',
      'Item SOCK-WOOL-3PK 1 18.50 5.63 loc-scend',
      'Account 40250 1 3.99 1.22 -',
    ]);
    expect(sum(lines.map((line) => line.expectedGross)).toFixed(2)).toBe('45.69');
    // The VAT shrinks with the base: that is the line-discount policy's trade-off.
    expect(sum(lines.map((line) => line.expectedTax)).toFixed(2)).toBe('7.62');
  });

  it('posts a gift card sold to the liability account, outside VAT and untouched by redemptions', () => {
    const order = sampleOrder({
      lines: [
        { sku: 'TEE-ORG-M', unitPrice: '24.00' },
        { sku: 'GIFT-CARD-25', title: 'Gift Card £25', unitPrice: '25.00', isGiftCard: true },
      ],
      giftCard: '10.00',
    });
    const lines = plan(order);
    expect(compact(lines)).toEqual(['Item TEE-ORG-M 1 24.00 8.57 loc-scend', 'Account 2310 1 25.00 - -', 'Account 40250 1 3.99 1.43 -']);
    expect(lines[1]!.expectedTax.toFixed(2)).toBe('0.00');
  });

  it('converts to prices excluding VAT for a business customer, to five decimals', () => {
    const lines = plan(sampleOrder(), { pricesIncludeTax: false });
    expect(compact(lines)).toEqual([
      'Item TEE-ORG-M 2 20.00 4.00 loc-scend',
      'Item SOCK-WOOL-3PK 1 15.41667 - loc-scend',
      'Account 40250 1 3.325 - -',
    ]);
    // What BC will charge stays what Shopify charged.
    expect(sum(lines.map((line) => line.expectedGross)).toFixed(2)).toBe('65.69');
  });

  it('leaves out free shipping and lines removed by an edit, and keeps the discount of the units left', () => {
    const order = sampleOrder({ shipping: { title: 'Free over £50', code: 'FREE', price: '0.00' } });
    order.lines[0]!.currentQuantity = 1;
    order.lines[1]!.currentQuantity = 0;
    expect(compact(plan(order))).toEqual(['Item TEE-ORG-M 1 24.00 2.40 loc-scend']);
  });

  it('rounds the gift-card spread to the penny with nothing lost', () => {
    const order = sampleOrder({
      lines: [
        { sku: 'A', unitPrice: '10.00' },
        { sku: 'B', unitPrice: '10.00' },
        { sku: 'C', unitPrice: '10.00' },
      ],
      shipping: null,
      giftCard: '10.00',
    });
    const lines = plan(order);
    expect(lines.map((line) => line.draft.discountAmount)).toEqual(['3.34', '3.33', '3.33']);
    expect(sum(lines.map((line) => line.expectedGross)).equals(dec('20.00'))).toBe(true);
  });
});
