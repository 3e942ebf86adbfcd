/**
 * The port as the composition root and flows see it: chosen by configuration, healthy or
 * loudly not, and exactly-once for every create command.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createWarehousePort, type WarehousePort } from './index.ts';
import { startEmulatedWarehouse, type EmulatedWarehouse } from './test-support/emulated-warehouse.ts';

let env: EmulatedWarehouse | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const portMethods: (keyof WarehousePort)[] = [
  'checkHealth',
  'upsertProduct',
  'getProduct',
  'createOrder',
  'findOrderByReference',
  'getOrderStatus',
  'amendOrder',
  'cancelOrder',
  'listOrderUpdatesSince',
  'listShipments',
  'listShipmentsSince',
  'getStockSnapshot',
  'listStockMovementsSince',
  'createAsn',
  'getAsn',
  'listAsnsSince',
  'listReturnsSince',
  'parseCallback',
];

describe('the warehouse port', () => {
  it('is built from configuration; flows read capabilities, not adapter names', async () => {
    env = await startEmulatedWarehouse();
    const port = createWarehousePort({ connection: { adapter: 'mintsoft', config: env.config, apiKey: env.warehouse.apiKey } });
    for (const method of portMethods) expect(typeof port[method], method).toBe('function');
    expect(port.capabilities).toMatchObject({
      splitsOrders: true,
      lineLevelShipments: false,
      callbacks: { despatch: true, stock: false, returns: false },
      stockDeltas: true,
    });
    expect(await port.checkHealth()).toMatchObject({ ok: true });
  });

  it('a rejected key: health says auth_failed and the alert is raised once', async () => {
    env = await startEmulatedWarehouse();
    env.warehouse.emulator.control.setApiKey('rotated-by-the-3pl');
    expect(await env.adapter.checkHealth()).toMatchObject({
      ok: false,
      code: 'auth_failed',
      message: expect.stringContaining('ms-apikey'),
    });
    await expect(env.adapter.getOrderStatus('SO-1')).rejects.toMatchObject({ code: 'auth_failed', retryable: false });
    expect(env.authFailures).toHaveLength(1);
    expect(env.count('GET', '/api/Warehouse')).toBe(1);
  });

  it('an ASN create whose answer is lost is found by its reference and adopted', async () => {
    env = await startEmulatedWarehouse();
    env.warehouse.emulator.control.addFault({ kind: 'drop-response', method: 'PUT', path: '/api/ASN' });
    const draft = {
      reference: 'PO-9001',
      supplier: 'Porto Knitwear Lda',
      expectedDate: '2026-12-02',
      comments: null,
      lines: [{ lineRef: '10000', sku: 'TEE-ORG-S', quantity: 24 }],
    };
    expect(await env.adapter.createAsn(draft)).toMatchObject({
      outcome: 'adopted',
      asn: { reference: 'PO-9001', lines: [{ expected: 24, received: 0 }] },
    });
    expect(await env.adapter.createAsn(draft)).toMatchObject({ outcome: 'adopted' });
    expect(env.warehouse.emulator.state.asns.size).toBe(1);
    expect(env.count('PUT', '/api/ASN')).toBe(1);
  });
});
