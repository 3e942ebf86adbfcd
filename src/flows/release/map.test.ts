import { describe, expect, it } from 'vitest';
import { sampleOrder } from '../../../test/support/sample-order.ts';
import { testOrdersConfig } from '../../../test/support/orders-config.ts';
import type { ErpSalesOrder, ErpSalesOrderLine } from '../../core/domain/erp.ts';
import { buildReleaseReference, mapReleaseToWarehouseOrder, type ReleaseContext } from './map.ts';

const line = (sequence: number, sku: string, quantity: string, extra: Partial<ErpSalesOrderLine> = {}): ErpSalesOrderLine => ({
  id: `l${sequence}`,
  sequence,
  lineType: 'Item',
  lineObjectNumber: sku,
  description: sku,
  quantity,
  unitPrice: '24',
  discountAmount: '0',
  amountExcludingTax: '0',
  totalTaxAmount: '0',
  amountIncludingTax: (Number(quantity) * 24).toFixed(2),
  shippedQuantity: '0',
  ...extra,
});

function context(lines: ErpSalesOrderLine[], overrides: Partial<ReleaseContext> = {}): ReleaseContext {
  const order: ErpSalesOrder = {
    id: 'so',
    number: 'S-ORD101001',
    externalDocumentNumber: 'SHOP-1001',
    customerNumber: 'C00010',
    orderDate: '2026-11-23',
    status: 'Open',
    currencyCode: '',
    pricesIncludeTax: true,
    totalAmountExcludingTax: '60',
    totalTaxAmount: '12',
    totalAmountIncludingTax: '72.00',
    lastModifiedDateTime: '',
    lines,
  };
  return {
    reference: 'S-ORD101001',
    order,
    header: null,
    channelOrder: sampleOrder({ number: 1001 }),
    locationCodes: new Map([
      ['loc-scend', 'SCEND'],
      ['loc-london', 'LONDON'],
    ]),
    warehouseLocations: new Set(['SCEND']),
    nonStockItems: new Set(['GIFT-CARD-25']),
    defaultShippingMethod: 'STANDARD',
    localCurrency: 'GBP',
    orders: testOrdersConfig(),
    ...overrides,
  };
}

describe('release: the warehouse order of a released BC order', () => {
  it("sends the outstanding units of physical item lines at the warehouse, with Shopify's address and shipping method", () => {
    const plan = mapReleaseToWarehouseOrder(
      context([
        line(10000, 'TEE-ORG-M', '2', { locationId: 'loc-scend' }),
        line(20000, 'SOCK-WOOL-3PK', '3', { shippedQuantity: '1' }),
        line(30000, 'BOOK-CARE', '1', { locationId: 'loc-london' }),
        line(40000, 'GIFT-CARD-25', '1'),
        { ...line(50000, '40250', '1'), lineType: 'Account' },
      ]),
    );
    expect(plan.issues).toEqual([]);
    expect(plan.order).toMatchObject({
      reference: 'S-ORD101001',
      externalReference: '#1001',
      shippingMethod: 'STD',
      currency: 'GBP',
      orderValue: '72.00',
      shipTo: { name: 'Amelia Hughes', city: 'Leeds', postCode: 'LS1 1AA', countryCode: 'GB' },
      lines: [
        { lineRef: '10000', sku: 'TEE-ORG-M', quantity: 2, unitPrice: '24.00' },
        { lineRef: '20000', sku: 'SOCK-WOOL-3PK', quantity: 2, unitPrice: '24.00' },
      ],
    });
  });

  it('has nothing for the warehouse when every line ships elsewhere', () => {
    expect(mapReleaseToWarehouseOrder(context([line(10000, 'BOOK-CARE', '1', { locationId: 'loc-london' })]))).toEqual({
      order: null,
      issues: [],
    });
  });

  it("falls back to BC's ship-to and shipment method for orders that did not come from Shopify, and says what is missing", () => {
    const header = {
      id: 'so',
      number: 'S-ORD101001',
      externalDocumentNumber: '',
      customerNumber: 'C00020',
      status: 'Open',
      currencyCode: 'EUR',
      email: null,
      phone: null,
      shipmentMethodCode: 'EXPRESS',
      lastModifiedDateTime: '',
      shipTo: {
        name: "Liam O'Brien",
        contact: null,
        address1: '3 Dame Street',
        address2: null,
        city: 'Dublin',
        state: null,
        postCode: null,
        country: 'IE',
      },
    };
    const plan = mapReleaseToWarehouseOrder(context([line(10000, 'TEE-ORG-M', '1')], { channelOrder: null, header }));
    expect(plan.order).toMatchObject({
      externalReference: 'SHOP-1001',
      shippingMethod: 'EXPRESS',
      shipTo: { name: "Liam O'Brien", postCode: '', countryCode: 'IE' },
    });
    const incomplete = mapReleaseToWarehouseOrder(
      context([line(10000, 'TEE-ORG-M', '1')], {
        channelOrder: null,
        header: { ...header, shipTo: { ...header.shipTo, address1: null, country: 'GB' } },
      }),
    );
    expect(incomplete).toEqual({
      order: null,
      issues: [{ code: 'missing_ship_to', path: 'shipTo', message: 'the ship-to address lacks address1, postCode' }],
    });
  });

  it('refuses lines the warehouse cannot ship, naming each', () => {
    const plan = mapReleaseToWarehouseOrder(
      context([line(10000, 'TEE-ORG-M', '1.5'), line(20000, 'BEANIE-MRN', '1', { itemVariantId: 'v1' })]),
    );
    expect(plan.order).toBeNull();
    expect(plan.issues.map((issue) => issue.message)).toEqual([
      'line 10000 (TEE-ORG-M) has 1.5 to ship; the warehouse ships whole units',
      'line 20000 (BEANIE-MRN) is an item variant; the warehouse knows items by SKU only',
    ]);
  });

  it('builds the immutable reference from the BC order number', () => {
    expect(buildReleaseReference('s-ord101001', '')).toBe('S-ORD101001');
    expect(buildReleaseReference('S-ORD101001', 'LB-')).toBe('LB-S-ORD101001');
  });
});
