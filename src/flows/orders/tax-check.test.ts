import { describe, expect, it } from 'vitest';
import { FakeErp } from '../../../test/support/fake-orders-world.ts';
import { testOrdersConfig } from '../../../test/support/orders-config.ts';
import { sampleOrder } from '../../../test/support/sample-order.ts';
import { dec } from '../../core/money.ts';
import { planSalesOrderLines } from './lines.ts';
import { compareTotals, describeMismatch } from './tax-check.ts';

async function compare(order: ReturnType<typeof sampleOrder>, erp = new FakeErp(), tolerance = '0.01') {
  const planned = planSalesOrderLines(order, {
    mappings: testOrdersConfig(),
    pricesIncludeTax: order.taxesIncluded,
    items: new Map(order.lines.map((line) => [line.id, { itemNumber: line.sku! }])),
    locationIdFor: () => undefined,
    giftCardDiscount: dec(0),
  });
  const created = await erp.createSalesOrder({
    externalDocumentNumber: 'X',
    customerNumber: 'C',
    orderDate: '2026-11-24',
    pricesIncludeTax: order.taxesIncluded,
    lines: planned.map((line) => line.draft),
  });
  return compareTotals(planned, created, 'GBP', tolerance);
}

describe('tax comparison', () => {
  it('accepts BC totals that match Shopify to the penny', async () => {
    const result = await compare(sampleOrder());
    expect(result).toMatchObject({
      withinTolerance: true,
      shopify: { total: '65.69', tax: '10.95' },
      bc: { total: '65.69', tax: '10.95' },
      lines: [],
    });
  });

  it('holds an order whose VAT in BC differs from Shopify, naming both figures and the line', async () => {
    const erp = new FakeErp();
    erp.addItem('SOCK-WOOL-3PK', { vatRate: '0' }); // BC thinks socks are zero-rated; Shopify charged 20%
    const result = await compare(sampleOrder(), erp);
    expect(result.withinTolerance).toBe(false);
    expect(result.lines).toEqual([
      { line: 2, description: 'Wool Socks, 3 pack', shopifyGross: '18.50', bcGross: '18.50', shopifyTax: '3.08', bcTax: '0.00' },
    ]);
    expect(describeMismatch('#1001', result)).toBe(
      "Order #1001: Business Central's totals differ from Shopify's by more than the 0.03 tolerance. Shopify 65.69 incl. 10.95 VAT; BC 65.69 incl. 7.86 VAT. Lines that differ: line 2 (Wool Socks, 3 pack): Shopify 18.50 incl. 3.08 VAT, BC 18.50 incl. 0.00 VAT.",
    );
  });

  it('accepts a rounding difference within one penny per line', async () => {
    const order = sampleOrder();
    order.lines[1]!.taxLines[0]!.amount = '3.09'; // Shopify rounded this line up
    const result = await compare(order);
    expect(result).toMatchObject({ withinTolerance: true, taxDifference: '-0.01' });
  });
});
