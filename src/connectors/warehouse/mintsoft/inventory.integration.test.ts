/**
 * Products, stock, inbound and returns against the emulator: what the items, stock,
 * receipts and returns flows will call.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { WarehouseProduct } from '../../../core/domain/warehouse.ts';
import { eventKeys } from '../port.ts';
import { startEmulatedWarehouse, type EmulatedWarehouse } from '../test-support/emulated-warehouse.ts';
import { warehouseOrder } from '../test-support/orders.ts';

let env: EmulatedWarehouse | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const newProduct: WarehouseProduct = {
  sku: 'SCARF-WOOL-GRN',
  barcode: '5060123450103',
  description: 'Wool Scarf, Green',
  weightKg: '0.250',
  customs: { hsCode: '611710', countryOfOrigin: 'GB', description: 'Knitted wool scarf' },
};

describe('products', () => {
  it('creates a product, then updates it; reads it back with decimals intact', async () => {
    env = await startEmulatedWarehouse();
    const created = await env.adapter.upsertProduct(newProduct);
    expect(created).toMatchObject({
      outcome: 'created',
      product: { ...newProduct, weightKg: '0.25', wmsProductId: expect.stringMatching(/^\d+$/) },
    });
    const updated = await env.adapter.upsertProduct({ ...newProduct, description: 'Wool Scarf, Forest Green', weightKg: '0.275' });
    expect(updated).toMatchObject({ outcome: 'updated', product: { description: 'Wool Scarf, Forest Green', weightKg: '0.275' } });
    expect(updated.product.wmsProductId).toBe(created.product.wmsProductId);
    expect(env.count('PUT', '/api/Product')).toBe(1);
    expect(env.count('POST', '/api/Product')).toBe(1);
    expect(await env.adapter.getProduct('SCARF-WOOL-GRN')).toEqual(updated.product);
    expect(await env.adapter.getProduct('NO-SUCH-SKU')).toBeNull();
    // Once the product exists an order may carry it: back-ordered until stock is found.
    expect(await env.adapter.createOrder(warehouseOrder('SO-8001', [['SCARF-WOOL-GRN', 1]]))).toMatchObject({
      outcome: 'created',
      order: { status: 'backordered' },
    });
    env.warehouse.emulator.control.find('SCARF-WOOL-GRN', 5);
    expect(await env.adapter.getOrderStatus('SO-8001')).toBe('released');
  });

  it('a product create whose answer is lost is found and updated, not created twice', async () => {
    env = await startEmulatedWarehouse();
    env.warehouse.emulator.control.addFault({ kind: 'drop-response', method: 'PUT', path: '/api/Product' });
    expect(await env.adapter.upsertProduct(newProduct)).toMatchObject({ outcome: 'created', product: { sku: 'SCARF-WOOL-GRN' } });
    expect([...env.warehouse.emulator.state.products.values()].filter((p) => p.sku === 'SCARF-WOOL-GRN')).toHaveLength(1);
    expect(env.count('PUT', '/api/Product')).toBe(1);
  });

  it('reads a seeded catalogue product with its customs data', async () => {
    env = await startEmulatedWarehouse();
    expect(await env.adapter.getProduct('TEE-ORG-M')).toMatchObject({
      sku: 'TEE-ORG-M',
      barcode: '5060123450028',
      weightKg: '0.2',
      customs: { hsCode: '610910', countryOfOrigin: 'PT' },
    });
  });
});

describe('stock', () => {
  it('a complete snapshot with on hand, allocated, available and quarantine', async () => {
    env = await startEmulatedWarehouse();
    await env.adapter.createOrder(warehouseOrder('SO-8101', [['TEE-ORG-S', 4]]));
    const ret = env.warehouse.emulator.control.receiveReturn({ lines: [{ sku: 'TEE-ORG-S', quantity: 2, grade: 'C' }], inspect: true });
    expect(ret.confirmed).toBe(true);
    const snapshot = await env.adapter.getStockSnapshot();
    expect(snapshot).toMatchObject({ warehouse: 'SCEND', complete: true });
    expect(snapshot.levels).toHaveLength(10);
    expect(snapshot.levels.find((level) => level.sku === 'TEE-ORG-S')).toEqual({
      sku: 'TEE-ORG-S',
      warehouse: 'SCEND',
      onHand: 400,
      allocated: 4,
      available: 396,
      quarantine: 2,
      damaged: null,
    });
    const partial = await env.adapter.getStockSnapshot({ skus: ['TEE-ORG-S'] });
    expect(partial).toMatchObject({ complete: false, levels: [{ sku: 'TEE-ORG-S', onHand: 400 }] });
  });

  it('write-offs, damages, found stock and counts come as reason-coded deltas; despatches and returns do not', async () => {
    env = await startEmulatedWarehouse();
    const control = env.warehouse.emulator.control;
    const created = await env.adapter.createOrder(warehouseOrder('SO-8102', [['SOCK-WOOL-3PK', 2]]));
    if (created.outcome !== 'created') throw new Error(created.outcome);
    control.despatch(Number(created.order.parts[0]!.wmsOrderId));
    control.writeOff('SOCK-WOOL-3PK', 3);
    control.damage('BOOK-CARE', 1);
    control.find('SOCK-WOOL-3PK', 1);
    control.count('CAP-CANVAS', 247);
    control.receiveReturn({ orderNumber: 'SO-8102', lines: [{ sku: 'SOCK-WOOL-3PK', quantity: 1, grade: 'A' }], inspect: true });

    const page = await env.adapter.listStockMovementsSince(null);
    expect(page.items.map(({ sku, delta, reason, source, wmsReason }) => ({ sku, delta, reason, source, wmsReason }))).toEqual([
      { sku: 'SOCK-WOOL-3PK', delta: -3, reason: 'write_off', source: 'adjustment', wmsReason: 'Write Off' },
      { sku: 'BOOK-CARE', delta: -1, reason: 'damaged', source: 'adjustment', wmsReason: 'Damaged' },
      { sku: 'SOCK-WOOL-3PK', delta: 1, reason: 'found', source: 'adjustment', wmsReason: 'Found' },
      { sku: 'CAP-CANVAS', delta: -3, reason: 'count_correction', source: 'count', wmsReason: 'Stock Count' },
    ]);
    expect(new Set(page.items.map((movement) => movement.id)).size).toBe(4);
    expect(page.items.every((movement) => movement.warehouse === 'SCEND')).toBe(true);

    // The next poll overlaps (same ids again, for the hub to dedupe) and picks up what is new.
    control.find('TEE-ORG-L', 2, 'Stock Found');
    const next = await env.adapter.listStockMovementsSince(page.cursor);
    expect(next.items.map((movement) => movement.id)).toEqual(expect.arrayContaining(page.items.map((movement) => movement.id)));
    expect(next.items.find((movement) => movement.sku === 'TEE-ORG-L')).toMatchObject({ delta: 2, reason: 'found', source: 'adjustment' });
  });
});

describe('ASNs', () => {
  const draft = {
    reference: 'PO-000123',
    supplier: 'Porto Knitwear Lda',
    expectedDate: '2026-12-01',
    comments: null,
    lines: [
      { lineRef: '10000', sku: 'TEE-ORG-M', quantity: 100 },
      { lineRef: '20000', sku: 'TEE-ORG-L', quantity: 50 },
    ],
  };

  it('creates once per reference, and books in with an over- and an under-receipt', async () => {
    env = await startEmulatedWarehouse();
    const created = await env.adapter.createAsn(draft);
    expect(created).toMatchObject({ outcome: 'created', asn: { reference: 'PO-000123', status: 'expected', hasVariance: false } });
    expect(await env.adapter.createAsn(draft)).toMatchObject({ outcome: 'adopted' });
    expect(env.warehouse.emulator.state.asns.size).toBe(1);
    if (created.outcome === 'rejected') throw new Error('unreachable');
    const asnId = Number(created.asn.wmsAsnId);

    const control = env.warehouse.emulator.control;
    control.arriveAsn(asnId);
    expect(await env.adapter.getAsn('PO-000123')).toMatchObject({ status: 'arrived' });
    control.bookInAsn(
      asnId,
      [
        { sku: 'TEE-ORG-M', quantity: 102 },
        { sku: 'TEE-ORG-L', quantity: 49 },
      ],
      true,
    );
    const booked = await env.adapter.getAsn('PO-000123');
    expect(booked).toMatchObject({
      status: 'received',
      wmsStatus: 'BookedIn-Partial',
      hasVariance: true,
      bookedInAt: expect.any(String),
      lines: [
        { lineRef: '10000', sku: 'TEE-ORG-M', expected: 100, received: 102, variance: 2 },
        { lineRef: '20000', sku: 'TEE-ORG-L', expected: 50, received: 49, variance: -1 },
      ],
    });
    expect(control.stock('TEE-ORG-M').onHand).toBe(602);

    // The booked-in callback and polling give the same ASN under the same key.
    await env.warehouse.emulator.callbacksIdle();
    const events = env.received.flatMap((request) => {
      const parsed = env!.adapter.parseCallback(request);
      return parsed.ok ? parsed.events : [];
    });
    expect(events).toEqual([{ type: 'asn.updated', key: eventKeys.asn(booked!), occurredAt: expect.any(String), asn: booked }]);
    const polled = await env.adapter.listAsnsSince(null);
    expect(polled.items.map((asn) => eventKeys.asn(asn))).toEqual([eventKeys.asn(booked!)]);
  });

  it('rejects an ASN with an unknown SKU', async () => {
    env = await startEmulatedWarehouse();
    const result = await env.adapter.createAsn({
      ...draft,
      reference: 'PO-000124',
      lines: [{ lineRef: '10000', sku: 'NOPE-1', quantity: 1 }],
    });
    expect(result).toMatchObject({ outcome: 'rejected', issues: [{ code: 'unknown_sku' }] });
  });

  it('recognises the unknown SKU of an ASN by looking it up, whatever the refusal says', async () => {
    env = await startEmulatedWarehouse({ config: { unknownSkuPattern: 'matches-nothing-^' } });
    const result = await env.adapter.createAsn({
      ...draft,
      reference: 'PO-000125',
      lines: [
        { lineRef: '10000', sku: 'TEE-ORG-M', quantity: 1 },
        { lineRef: '20000', sku: 'NOPE-2', quantity: 1 },
      ],
    });
    expect(result).toMatchObject({ outcome: 'rejected', issues: [{ code: 'unknown_sku', path: 'lines[1].sku' }] });
  });
});

describe('returns', () => {
  it('a return with mixed grades: received, then inspected with grade and disposition per line', async () => {
    env = await startEmulatedWarehouse();
    const control = env.warehouse.emulator.control;
    const created = await env.adapter.createOrder(
      warehouseOrder('SO-8201', [
        ['TEE-ORG-M', 2],
        ['HOOD-MRN-M', 1],
      ]),
    );
    if (created.outcome !== 'created') throw new Error(created.outcome);
    control.despatch(Number(created.order.parts[0]!.wmsOrderId));
    const ret = control.receiveReturn({
      orderNumber: 'SO-8201',
      reference: 'RMA-77',
      lines: [
        { sku: 'TEE-ORG-M', quantity: 1 },
        { sku: 'TEE-ORG-M', quantity: 1 },
        { sku: 'HOOD-MRN-M', quantity: 1 },
      ],
    });

    const arrived = await env.adapter.listReturnsSince(null);
    expect(arrived.items).toEqual([
      {
        id: String(ret.id),
        orderReference: 'SO-8201',
        wmsOrderId: created.order.parts[0]!.wmsOrderId,
        rmaReference: 'RMA-77',
        status: 'received',
        updatedAt: expect.any(String),
        lines: [
          { sku: 'TEE-ORG-M', quantity: 1, grade: 'ungraded', disposition: 'undecided', reason: null },
          { sku: 'TEE-ORG-M', quantity: 1, grade: 'ungraded', disposition: 'undecided', reason: null },
          { sku: 'HOOD-MRN-M', quantity: 1, grade: 'ungraded', disposition: 'undecided', reason: null },
        ],
      },
    ]);

    control.inspectReturn(ret.id, ['A', 'B', 'C']);
    const inspected = await env.adapter.listReturnsSince(arrived.cursor);
    expect(inspected.items[0]).toMatchObject({
      status: 'inspected',
      lines: [
        { sku: 'TEE-ORG-M', grade: 'A', disposition: 'restock', reason: 'Grade A - As New' },
        { sku: 'TEE-ORG-M', grade: 'B', disposition: 'restock', reason: 'Grade B - Opened' },
        { sku: 'HOOD-MRN-M', grade: 'C', disposition: 'quarantine', reason: 'Grade C - Damaged' },
      ],
    });
    expect(eventKeys.return(inspected.items[0]!)).not.toBe(eventKeys.return(arrived.items[0]!));
    expect(control.stock('HOOD-MRN-M').quarantine).toBe(1);
  });
});
