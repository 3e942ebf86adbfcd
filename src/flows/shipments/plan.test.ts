import { describe, expect, it } from 'vitest';
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import type { ErpSalesOrderLine } from '../../core/domain/erp.ts';
import {
  alreadyCovered,
  bcTrackingNumber,
  fulfilledBySku,
  hasUninvoiced,
  invoiceLinePatches,
  isFullyShipped,
  planBcShipment,
  planFulfilments,
  unitsBySku,
} from './plan.ts';

const line = (
  id: string,
  lineType: string,
  number: string,
  quantity: string,
  progress: Partial<ErpSalesOrderLine> = {},
): ErpSalesOrderLine => ({
  id,
  sequence: Number(id.replace(/\D/g, '')) * 10_000,
  lineType,
  lineObjectNumber: number,
  description: '',
  quantity,
  unitPrice: '1',
  discountAmount: '0',
  amountExcludingTax: '0',
  totalTaxAmount: '0',
  amountIncludingTax: '0',
  shippedQuantity: '0',
  invoicedQuantity: '0',
  shipQuantity: quantity,
  invoiceQuantity: quantity,
  etag: `W/"${id}"`,
  ...progress,
});

const lines = [
  line('l1', 'Item', 'TEE-ORG-M', '2'),
  line('l2', 'Item', 'TEE-ORG-M', '1'),
  line('l3', 'Item', 'SOCK-WOOL-3PK', '1'),
  line('l4', 'Account', '40250', '1'),
  line('l5', 'Item', 'GIFT-CARD-25', '1'),
  line('l6', 'Comment', '', '0'),
];

describe('shipments: planning the BC shipment', () => {
  it("ships exactly the units the warehouse shipped, spread over the item's open lines in order", () => {
    const plan = planBcShipment([{ sku: 'TEE-ORG-M', quantity: 3 }], lines, {
      nonStockItems: new Set(['GIFT-CARD-25']),
      firstShipment: false,
    });
    expect(plan).toEqual({
      lines: [
        { lineId: 'l1', quantity: '2' },
        { lineId: 'l2', quantity: '1' },
      ],
      issues: [],
    });
  });

  it('takes the lines the warehouse never ships (charges, non-stock items) with the first shipment only', () => {
    const first = planBcShipment([{ sku: 'sock-wool-3pk', quantity: 1 }], lines, {
      nonStockItems: new Set(['GIFT-CARD-25']),
      firstShipment: true,
    });
    expect(first.lines).toEqual([
      { lineId: 'l3', quantity: '1' },
      { lineId: 'l4', quantity: '1' },
      { lineId: 'l5', quantity: '1' },
    ]);
    const later = planBcShipment([{ sku: 'SOCK-WOOL-3PK', quantity: 1 }], lines, {
      nonStockItems: new Set(['GIFT-CARD-25']),
      firstShipment: false,
    });
    expect(later.lines).toEqual([{ lineId: 'l3', quantity: '1' }]);
  });

  it('refuses more than is open and SKUs the order does not have', () => {
    const shipped = [line('l1', 'Item', 'TEE-ORG-M', '2', { shippedQuantity: '1' })];
    const plan = planBcShipment(
      [
        { sku: 'TEE-ORG-M', quantity: 2 },
        { sku: 'CAP-CANVAS', quantity: 1 },
      ],
      shipped,
      { nonStockItems: new Set(), firstShipment: false },
    );
    expect(plan.issues.map((issue) => issue.message)).toEqual([
      '2 × TEE-ORG-M shipped, but the BC order has only 1 of it open',
      '1 × CAP-CANVAS shipped, but the BC order has no line for CAP-CANVAS',
    ]);
  });
});

describe('shipments: invoicing', () => {
  it('knows when the order has shipped completely and what is left to invoice', () => {
    const partly = [
      line('l1', 'Item', 'TEE-ORG-M', '2', { shippedQuantity: '1' }),
      line('l4', 'Account', '40250', '1', { shippedQuantity: '1' }),
    ];
    expect(isFullyShipped(partly)).toBe(false);
    expect(hasUninvoiced(partly)).toBe(true);
    const done = [line('l1', 'Item', 'TEE-ORG-M', '2', { shippedQuantity: '2', invoicedQuantity: '2' }), line('l6', 'Comment', '', '0')];
    expect(isFullyShipped(done)).toBe(true);
    expect(hasUninvoiced(done)).toBe(false);
  });

  it('sets each line to invoice what shipped and to ship nothing, touching only lines that differ', () => {
    const current = [
      line('l1', 'Item', 'TEE-ORG-M', '3', { shippedQuantity: '2', invoicedQuantity: '1', shipQuantity: '1', invoiceQuantity: '2' }),
      line('l2', 'Item', 'SOCK-WOOL-3PK', '1', { shippedQuantity: '1', invoicedQuantity: '0', shipQuantity: '0', invoiceQuantity: '1' }),
    ];
    expect(invoiceLinePatches(current)).toEqual([{ lineId: 'l1', etag: 'W/"l1"', patch: { shipQuantity: '0', invoiceQuantity: '1' } }]);
  });
});

describe('shipments: Shopify fulfilments', () => {
  const order = {
    name: '#1001',
    lines: [
      { id: 'li1', sku: 'TEE-ORG-M' },
      { id: 'li2', sku: 'SOCK-WOOL-3PK' },
    ],
    fulfillmentOrders: [
      {
        id: 'fo-london',
        status: 'OPEN',
        locationId: 'loc-london',
        lines: [{ id: 'fol0', lineItemId: 'li1', sku: 'TEE-ORG-M', totalQuantity: 1, remainingQuantity: 1 }],
      },
      {
        id: 'fo-scend',
        status: 'IN_PROGRESS',
        locationId: 'loc-scend',
        lines: [
          { id: 'fol1', lineItemId: 'li1', sku: null, totalQuantity: 3, remainingQuantity: 2 },
          { id: 'fol2', lineItemId: 'li2', sku: 'SOCK-WOOL-3PK', totalQuantity: 1, remainingQuantity: 1 },
        ],
      },
      {
        id: 'fo-closed',
        status: 'CLOSED',
        locationId: 'loc-scend',
        lines: [{ id: 'fol3', lineItemId: 'li1', sku: 'TEE-ORG-M', totalQuantity: 1, remainingQuantity: 0 }],
      },
    ],
  } as unknown as ChannelOrder;
  const tracking = { company: 'Royal Mail', numbers: ['RM1GB'], urls: [] };

  it("fulfils the warehouse's fulfilment order first, one request per fulfilment order", () => {
    const plan = planFulfilments(
      [
        { sku: 'TEE-ORG-M', quantity: 3 },
        { sku: 'SOCK-WOOL-3PK', quantity: 1 },
      ],
      order,
      { warehouseLocationIds: new Set(['loc-scend']), tracking, notifyCustomer: true },
    );
    expect(plan.issues).toEqual([]);
    expect(plan.requests).toEqual([
      {
        fulfillmentOrderId: 'fo-scend',
        lines: [
          { fulfillmentOrderLineItemId: 'fol1', quantity: 2 },
          { fulfillmentOrderLineItemId: 'fol2', quantity: 1 },
        ],
        tracking,
        notifyCustomer: true,
      },
      { fulfillmentOrderId: 'fo-london', lines: [{ fulfillmentOrderLineItemId: 'fol0', quantity: 1 }], tracking, notifyCustomer: true },
    ]);
  });

  it('says so when Shopify has less left than shipped', () => {
    const plan = planFulfilments([{ sku: 'SOCK-WOOL-3PK', quantity: 2 }], order, {
      warehouseLocationIds: new Set(),
      tracking,
      notifyCustomer: false,
    });
    expect(plan.issues.map((issue) => issue.message)).toEqual([
      '2 × SOCK-WOOL-3PK shipped, but Shopify order #1001 has only 1 of it left to fulfil',
    ]);
  });

  it('tells from quantities whether a shipment already landed', () => {
    const done = fulfilledBySku(order);
    expect(done).toEqual(
      new Map([
        ['TEE-ORG-M', 2],
        ['SOCK-WOOL-3PK', 0],
      ]),
    );
    expect(alreadyCovered(done, unitsBySku([{ lines: [{ sku: 'TEE-ORG-M', quantity: 1 }] }]), [{ sku: 'TEE-ORG-M', quantity: 1 }])).toBe(
      true,
    );
    expect(alreadyCovered(done, unitsBySku([{ lines: [{ sku: 'TEE-ORG-M', quantity: 2 }] }]), [{ sku: 'TEE-ORG-M', quantity: 1 }])).toBe(
      false,
    );
  });

  it("keeps every tracking number in BC's 50 characters when it can", () => {
    expect(bcTrackingNumber(['RM1GB', 'RM2GB'])).toBe('RM1GB,RM2GB');
    expect(bcTrackingNumber(['RM123456785GB', 'RM123456786GB'])).toBe('RM123456785GB,RM123456786GB');
    // BC 24's "Package Tracking No." is Text[30]: three parcels do not fit, the first does.
    expect(bcTrackingNumber(['RM123456785GB', 'RM123456786GB', 'RM123456787GB'])).toBe('RM123456785GB');
    expect(bcTrackingNumber(['X'.repeat(40)])).toBe('X'.repeat(30));
    expect(bcTrackingNumber([])).toBeUndefined();
  });
});
