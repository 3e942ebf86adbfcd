/**
 * Orders against the warehouse emulator: one order per reference whatever happens —
 * a repeated create, a duplicate rejection, a lost answer, a gateway error — and every
 * part of a split order tracked under the one reference.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sumShippedBySku } from '../../../core/domain/warehouse.ts';
import { isConnectorError } from '../../../core/errors.ts';
import { stringifyMintsoftJson } from './json.ts';
import { buildNewOrderBody } from './map-order.ts';
import { parseMintsoftConfig } from './config.ts';
import { FakeClock } from '../../../../test/support/fake-clock.ts';
import { startEmulatedWarehouse, type EmulatedWarehouse } from '../test-support/emulated-warehouse.ts';
import { warehouseOrder } from '../test-support/orders.ts';

let env: EmulatedWarehouse | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const partsAtWarehouse = (reference: string) => env!.warehouse.emulator.control.orderParts(reference);

describe('creating orders', () => {
  it('creates the order with the hub reference, registers callbacks, and adopts it on a repeated create', async () => {
    env = await startEmulatedWarehouse();
    const order = warehouseOrder('SO-1001', [
      ['TEE-ORG-M', 2],
      ['SOCK-WOOL-3PK', 1],
    ]);
    const first = await env.adapter.createOrder(order);
    expect(first).toMatchObject({ outcome: 'created', order: { reference: 'SO-1001', externalReference: '#1001', status: 'released' } });
    if (first.outcome !== 'created') throw new Error('unreachable');
    expect(first.order.parts).toHaveLength(1);
    expect(first.order.parts[0]).toMatchObject({ partNumber: 1, partCount: 1, status: 'released', wmsStatus: 'NEW' });
    expect(first.order.parts[0]!.lines).toEqual([
      { sku: 'TEE-ORG-M', quantity: 2, allocated: 2, backordered: 0 },
      { sku: 'SOCK-WOOL-3PK', quantity: 1, allocated: 1, backordered: 0 },
    ]);
    const [part] = partsAtWarehouse('SO-1001');
    expect(env.warehouse.emulator.state.connectActions.get(part!.id)).toMatchObject({
      Type: 'API',
      SourceOrderId: 'SO-1001',
      ExtraCode4: expect.stringMatching(/^Bearer /),
    });

    const again = await env.adapter.createOrder(order);
    expect(again).toMatchObject({ outcome: 'adopted', order: { reference: 'SO-1001' } });
    expect(partsAtWarehouse('SO-1001')).toHaveLength(1);
    expect(env.count('PUT', '/api/Order')).toBe(1);
    expect(await env.adapter.getOrderStatus('SO-1001')).toBe('released');
  });

  it('recognises a duplicate-reference rejection as "already there" and adopts the existing order', async () => {
    const clock = new FakeClock();
    env = await startEmulatedWarehouse({ emulator: { clock } });
    const order = warehouseOrder('SO-1002', [['TEE-ORG-S', 1]]);
    // Hold the adapter's create (after its search found nothing) while another writer creates the same order.
    env.warehouse.emulator.control.addFault({ kind: 'latency', method: 'PUT', path: '/api/Order', latencyMs: 5_000 });
    const pending = env.adapter.createOrder(order);
    for (let i = 0; i < 400 && clock.pending().length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(clock.pending()).toHaveLength(1);
    const body = stringifyMintsoftJson(buildNewOrderBody(order, parseMintsoftConfig(env.config)));
    const racer = await fetch(`${env.warehouse.url}/api/Order`, {
      method: 'PUT',
      headers: { 'ms-apikey': env.warehouse.apiKey, 'content-type': 'application/json' },
      body,
    });
    expect(await racer.json()).toMatchObject([{ Success: true }]);
    await clock.advance(5_000);

    const result = await pending;
    expect(result).toMatchObject({ outcome: 'adopted', order: { reference: 'SO-1002', status: 'released' } });
    expect(partsAtWarehouse('SO-1002')).toHaveLength(1);
  });

  it('a create whose answer is lost is found by search and adopted, never sent twice', async () => {
    env = await startEmulatedWarehouse();
    env.warehouse.emulator.control.addFault({ kind: 'drop-response', method: 'PUT', path: '/api/Order' });
    const result = await env.adapter.createOrder(warehouseOrder('SO-1003', [['HOOD-MRN-M', 1]]));
    expect(result).toMatchObject({ outcome: 'adopted', order: { reference: 'SO-1003' } });
    expect(env.count('PUT', '/api/Order')).toBe(1);
    expect(partsAtWarehouse('SO-1003')).toHaveLength(1);
    // Callbacks are registered for the adopted order too.
    expect(env.warehouse.emulator.state.connectActions.has(partsAtWarehouse('SO-1003')[0]!.id)).toBe(true);
  });

  it('a gateway error before the warehouse acted: outcome unknown, nothing found, the next attempt creates exactly one', async () => {
    env = await startEmulatedWarehouse();
    env.warehouse.emulator.control.addFault({ kind: 'status', status: 504, method: 'PUT', path: '/api/Order' });
    const order = warehouseOrder('SO-1004', [['CAP-CANVAS', 1]]);
    const doubt = await env.adapter.createOrder(order).catch((error: unknown) => error);
    expect(isConnectorError(doubt) && doubt).toMatchObject({
      system: 'warehouse',
      code: 'upstream_unavailable',
      outcomeUnknown: true,
      retryable: true,
    });
    expect(env.count('PUT', '/api/Order')).toBe(1);
    expect(partsAtWarehouse('SO-1004')).toHaveLength(0);

    expect(await env.adapter.createOrder(order)).toMatchObject({ outcome: 'created' });
    expect(await env.adapter.createOrder(order)).toMatchObject({ outcome: 'adopted' });
    expect(partsAtWarehouse('SO-1004')).toHaveLength(1);
    expect(env.count('PUT', '/api/Order')).toBe(2);
  });

  it('an unknown SKU rejects the whole order with an issue on that line', async () => {
    env = await startEmulatedWarehouse();
    const result = await env.adapter.createOrder(
      warehouseOrder('SO-1005', [
        ['TEE-ORG-M', 1],
        ['TEE-ORG-XL', 1],
      ]),
    );
    expect(result).toEqual({
      outcome: 'rejected',
      issues: [{ code: 'unknown_sku', path: 'lines[1].sku', message: expect.stringContaining('TEE-ORG-XL') }],
    });
    expect(partsAtWarehouse('SO-1005')).toHaveLength(0);
    expect(await env.adapter.findOrderByReference('SO-1005')).toBeNull();
  });

  it('recognises the unknown SKU by looking it up, whatever the refusal says (patterns that match nothing)', async () => {
    env = await startEmulatedWarehouse({ config: { duplicatePattern: 'matches-nothing-^', unknownSkuPattern: 'matches-nothing-^' } });
    const result = await env.adapter.createOrder(
      warehouseOrder('SO-1006', [
        ['TEE-ORG-M', 1],
        ['TEE-ORG-XL', 1],
      ]),
    );
    expect(result).toEqual({
      outcome: 'rejected',
      issues: [{ code: 'unknown_sku', path: 'lines[1].sku', message: expect.stringContaining('TEE-ORG-XL') }],
    });
    expect(env.count('GET', '/api/Product/LookupProductId')).toBe(2);
  });

  it('refuses an order with no lines or a bad quantity before calling the warehouse', async () => {
    env = await startEmulatedWarehouse();
    const result = await env.adapter.createOrder(warehouseOrder('SO-1006', [['TEE-ORG-M', 0]]));
    expect(result).toMatchObject({ outcome: 'rejected', issues: [{ code: 'invalid_quantity', path: 'lines[0].quantity' }] });
    expect(env.count('PUT', '/api/Order')).toBe(0);
  });
});

describe('split orders', () => {
  it('a stock shortfall splits the order into NEW and ONBACKORDER parts sharing the reference; both are tracked', async () => {
    env = await startEmulatedWarehouse();
    const control = env.warehouse.emulator.control;
    control.writeOff('HOOD-MRN-L', 98); // 2 left
    const result = await env.adapter.createOrder(
      warehouseOrder('SO-2001', [
        ['HOOD-MRN-L', 5],
        ['SOCK-WOOL-3PK', 1],
      ]),
    );
    expect(result.outcome).toBe('created');
    if (result.outcome !== 'created') throw new Error('unreachable');
    expect(result.order.status).toBe('backordered');
    expect(result.order.parts.map((p) => [p.partNumber, p.partCount, p.status, p.wmsStatus])).toEqual([
      [1, 2, 'released', 'NEW'],
      [2, 2, 'backordered', 'ONBACKORDER'],
    ]);
    expect(result.order.parts[1]!.lines).toEqual([{ sku: 'HOOD-MRN-L', quantity: 3, allocated: 0, backordered: 3 }]);
    // Callbacks registered on every part the create returned.
    for (const part of result.order.parts) expect(env.warehouse.emulator.state.connectActions.has(Number(part.wmsOrderId))).toBe(true);

    // Part 1 ships; part 2 waits for stock: a partial shipment.
    control.despatch(Number(result.order.parts[0]!.wmsOrderId));
    let shipments = await env.adapter.listShipments('SO-2001');
    expect(shipments).toHaveLength(1);
    expect(Object.fromEntries(sumShippedBySku(shipments))).toEqual({ 'HOOD-MRN-L': 2, 'SOCK-WOOL-3PK': 1 });
    expect(await env.adapter.getOrderStatus('SO-2001')).toBe('backordered');

    control.find('HOOD-MRN-L', 10);
    expect(await env.adapter.getOrderStatus('SO-2001')).toBe('released');
    control.despatch(Number(result.order.parts[1]!.wmsOrderId));
    shipments = await env.adapter.listShipments('SO-2001');
    expect(shipments.map((s) => s.partNumber)).toEqual([1, 2]);
    expect(Object.fromEntries(sumShippedBySku(shipments))).toEqual({ 'HOOD-MRN-L': 5, 'SOCK-WOOL-3PK': 1 });
    expect(await env.adapter.getOrderStatus('SO-2001')).toBe('despatched');
  });

  it('a split made by the warehouse after creation is found under the same reference', async () => {
    env = await startEmulatedWarehouse();
    const created = await env.adapter.createOrder(
      warehouseOrder('SO-2002', [
        ['TEE-ORG-L', 3],
        ['BOOK-CARE', 1],
      ]),
    );
    if (created.outcome !== 'created') throw new Error(created.outcome);
    const original = Number(created.order.parts[0]!.wmsOrderId);
    const part = env.warehouse.emulator.control.split(original, [{ sku: 'TEE-ORG-L', quantity: 1 }]);
    const found = await env.adapter.findOrderByReference('SO-2002');
    expect(found?.parts.map((p) => [p.wmsOrderId, p.partNumber, p.partCount])).toEqual([
      [String(original), 1, 2],
      [String(part.id), 2, 2],
    ]);
    expect(found?.parts[1]!.lines).toEqual([{ sku: 'TEE-ORG-L', quantity: 1, allocated: 1, backordered: 0 }]);
  });
});

describe('order statuses', () => {
  it('reads status ids at run time: a database with other ids maps the same names the same way', async () => {
    env = await startEmulatedWarehouse({ emulator: { statusIds: { PICKINGSTARTED: 41, DESPATCHED: 42, HOLDING: 43, PACKANDHOLD: 44 } } });
    const created = await env.adapter.createOrder(warehouseOrder('SO-3001', [['TEE-ORG-S', 1]]));
    if (created.outcome !== 'created') throw new Error(created.outcome);
    const id = Number(created.order.parts[0]!.wmsOrderId);
    const control = env.warehouse.emulator.control;
    control.pick(id);
    expect(await env.adapter.getOrderStatus('SO-3001')).toBe('picking');
    control.setOrderStatus(id, 'PACKANDHOLD');
    expect(await env.adapter.getOrderStatus('SO-3001')).toBe('packed');
    control.setOrderStatus(id, 'HOLDING');
    expect(await env.adapter.getOrderStatus('SO-3001')).toBe('exception');
    control.setOrderStatus(id, 'QUERYRAISED');
    expect(await env.adapter.getOrderStatus('SO-3001')).toBe('exception');
    control.setOrderStatus(id, 'AWAITINGPAYMENT');
    expect(await env.adapter.getOrderStatus('SO-3001')).toBe('on_hold');
    control.setOrderStatus(id, 'PICKINGSTARTED');
    control.despatch(id);
    expect(await env.adapter.findOrderByReference('SO-3001')).toMatchObject({ status: 'despatched', parts: [{ wmsStatus: 'DESPATCHED' }] });
    expect(env.count('GET', '/api/Order/Statuses')).toBe(1);
  });
});
