import { describe, expect, it } from 'vitest';
import type { ErpPurchaseOrder, ErpPurchaseOrderLine } from '../../core/domain/erp.ts';
import type { WarehouseAsn } from '../../core/domain/warehouse.ts';
import { planAsn, planReceipt } from './plan.ts';

const line = (
  id: string,
  sku: string,
  quantity: string,
  received = '0',
  extra: Partial<ErpPurchaseOrderLine> = {},
): ErpPurchaseOrderLine => ({
  id,
  sequence: Number(id.slice(1)) * 10_000,
  lineType: 'Item',
  lineObjectNumber: sku,
  description: sku,
  quantity,
  directUnitCost: '31.5',
  receivedQuantity: received,
  receiveQuantity: '0',
  locationId: 'loc-scend',
  itemVariantId: null,
  expectedReceiptDate: '2026-12-01',
  ...extra,
});
const order = (lines: ErpPurchaseOrderLine[]): ErpPurchaseOrder => ({
  id: 'po',
  number: 'P-ORD106001',
  vendorNumber: 'V00010',
  vendorName: 'Pennine Knitwear Ltd',
  orderDate: '2026-11-20',
  status: 'Open',
  fullyReceived: false,
  lastModifiedDateTime: '',
  lines,
});
const context = {
  locationCodes: new Map([
    ['loc-scend', 'SCEND'],
    ['loc-london', 'LONDON'],
  ]),
  warehouseLocation: 'SCEND',
  today: '2026-11-23',
};

describe('receipts: the ASN', () => {
  it('announces what is still to come at the warehouse, remembering what BC had received before', () => {
    const result = planAsn(
      order([
        line('l1', 'HOOD-MRN-M', '40', '10'),
        line('l2', 'HOOD-MRN-L', '30'),
        line('l3', 'TEE-ORG-S', '5', '0', { locationId: 'loc-london' }),
        line('l4', 'TEE-ORG-M', '5', '5'),
      ]),
      context,
    );
    expect(result.issues).toEqual([]);
    expect(result.draft).toEqual({
      reference: 'P-ORD106001',
      supplier: 'Pennine Knitwear Ltd',
      expectedDate: '2026-12-01',
      comments: 'Purchase order P-ORD106001',
      lines: [
        { lineRef: 'l1', sku: 'HOOD-MRN-M', quantity: 30 },
        { lineRef: 'l2', sku: 'HOOD-MRN-L', quantity: 30 },
      ],
    });
    expect(result.snapshot.lines).toEqual([
      { lineId: 'l1', sku: 'HOOD-MRN-M', expected: 30, receivedBefore: 10 },
      { lineId: 'l2', sku: 'HOOD-MRN-L', expected: 30, receivedBefore: 0 },
    ]);
  });

  it('sends nothing when nothing is due at the warehouse, and refuses fractional lines', () => {
    expect(planAsn(order([line('l3', 'TEE-ORG-S', '5', '0', { locationId: 'loc-london' })]), context).draft).toBeNull();
    expect(planAsn(order([line('l1', 'HOOD-MRN-M', '2.5')]), context).issues.map((issue) => issue.code)).toEqual([
      'purchase_order_invalid',
    ]);
  });
});

describe('receipts: what BC receives from a booking', () => {
  const snapshot = {
    lines: [
      { lineId: 'l1', sku: 'HOOD-MRN-M', expected: 40, receivedBefore: 0 },
      { lineId: 'l2', sku: 'HOOD-MRN-L', expected: 30, receivedBefore: 0 },
    ],
  };
  const asn = (status: WarehouseAsn['status'], booked: [string | null, string, number, number][]): WarehouseAsn => ({
    reference: 'P-ORD106001',
    wmsAsnId: '301',
    status,
    wmsStatus: status,
    hasVariance: false,
    bookedInAt: null,
    updatedAt: null,
    lines: booked.map(([lineRef, sku, expected, received]) => ({ lineRef, sku, expected, received, variance: received - expected })),
  });

  it('receives up to what was ordered, and explains over- and under-receipts once the ASN is closed', () => {
    const plan = planReceipt(
      asn('received', [
        ['l1', 'HOOD-MRN-M', 40, 42],
        ['l2', 'HOOD-MRN-L', 30, 28],
        [null, 'CAP-CANVAS', 0, 3],
      ]),
      order([line('l1', 'HOOD-MRN-M', '40'), line('l2', 'HOOD-MRN-L', '30')]),
      snapshot,
    );
    expect(plan).toEqual({
      receive: [
        { lineId: 'l1', quantity: '40' },
        { lineId: 'l2', quantity: '28' },
      ],
      over: [{ sku: 'HOOD-MRN-M', expected: 40, received: 42 }],
      under: [{ sku: 'HOOD-MRN-L', expected: 30, received: 28 }],
      unexpected: [{ sku: 'CAP-CANVAS', received: 3 }],
    });
  });

  it('receives only the difference to what BC already has, so the same booking read twice receives nothing twice', () => {
    const booking = asn('receiving', [['l1', 'HOOD-MRN-M', 40, 25]]);
    expect(planReceipt(booking, order([line('l1', 'HOOD-MRN-M', '40', '10'), line('l2', 'HOOD-MRN-L', '30')]), snapshot).receive).toEqual([
      { lineId: 'l1', quantity: '15' },
    ]);
    expect(planReceipt(booking, order([line('l1', 'HOOD-MRN-M', '40', '25'), line('l2', 'HOOD-MRN-L', '30')]), snapshot)).toEqual({
      receive: [],
      over: [],
      under: [],
      unexpected: [],
    });
  });
});
