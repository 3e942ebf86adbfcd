/**
 * The contract between the Mintsoft adapter and the warehouse emulator, which share no code:
 *  - answers: every answer the adapter reads, as the emulator gives it, parses with the
 *    adapter's schema and carries no field the schema does not declare;
 *  - requests: every body the adapter sends, captured on its way to the emulator, fits the
 *    emulator's definition of Mintsoft's model for that call, with no field the model lacks
 *    (Mintsoft would drop such a field silently, so it is a bug that no test would notice).
 */
import { isLosslessNumber } from 'lossless-json';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createWarehouseEmulator } from '../../emulators/warehouse/index.ts';
import * as models from '../../emulators/warehouse/mintsoft-models.ts';
import { createMintsoftAdapter } from '../../src/connectors/warehouse/mintsoft/index.ts';
import { parseMintsoftJson } from '../../src/connectors/warehouse/mintsoft/json.ts';
import * as wire from '../../src/connectors/warehouse/mintsoft/schemas.ts';
import { warehouseOrder } from '../../src/connectors/warehouse/test-support/orders.ts';
import { FakeClock } from '../support/fake-clock.ts';

const noCallbacks = async () => new Response(null, { status: 204 });

/** Fields the emulator sends for realism that the adapter does not read. */
const extras = new Set(['OrderStatus', 'Name']);

function undeclared(value: unknown, schema: z.ZodType, path = '$'): string[] {
  if (value === null || value === undefined || isLosslessNumber(value)) return [];
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return undeclared(value, schema.unwrap() as z.ZodType, path);
  if (schema instanceof z.ZodArray && Array.isArray(value))
    return value.flatMap((item, index) => undeclared(item, schema.element as z.ZodType, `${path}[${index}]`));
  if (schema instanceof z.ZodObject && typeof value === 'object') {
    const shape = schema.shape as Record<string, z.ZodType>;
    return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
      key in shape ? undeclared(inner, shape[key]!, `${path}.${key}`) : extras.has(key) ? [] : [`${path}.${key}`],
    );
  }
  return [];
}

describe('emulator answers match the adapter schemas', () => {
  it('for every shape the adapter reads', async () => {
    const clock = new FakeClock();
    const emulator = createWarehouseEmulator({ clock, fetch: noCallbacks });
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await emulator.app.request(path, {
        method,
        headers: { 'ms-apikey': emulator.settings.apiKey, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(response.status, `${method} ${path}`).toBe(200);
      return parseMintsoftJson(await response.text());
    };
    const newOrder = {
      OrderNumber: 'SO-W',
      ExternalOrderReference: 'W',
      FirstName: 'A',
      Address1: '1 St',
      Town: 'T',
      PostCode: 'P',
      Country: 'GB',
      WarehouseId: 3,
      CourierService: 'AUTO',
      OrderItems: [{ SKU: 'TEE-ORG-M', Quantity: 2, UnitPrice: 24 }],
    };
    const created = (await call('PUT', '/api/Order', newOrder)) as [{ OrderId: number }];
    const id = created[0].OrderId;
    await call('PUT', `/api/Order/${id}/ConnectActions`, { Type: 'API', SourceOrderId: 'SO-W', ExtraCode1: 'http://127.0.0.1:9/x' });
    const part = emulator.control.split(id, [{ sku: 'TEE-ORG-M', quantity: 1 }]);
    emulator.control.despatch(part.id);
    emulator.control.writeOff('TEE-ORG-M', 1);
    const product = (await call('GET', '/api/Product/LookupProductId?SKU=TEE-ORG-M')) as number;
    const asn = (await call('PUT', '/api/ASN', {
      WarehouseId: 3,
      POReference: 'PO-W',
      Supplier: 'S',
      EstimatedDelivery: '2026-12-01',
      Comments: '',
      GoodsInType: 'Carton',
      Quantity: 1,
      Items: [{ SKU: 'TEE-ORG-M', Quantity: 5 }],
    })) as { ID: number };
    emulator.control.bookInAsn(asn.ID, [{ sku: 'TEE-ORG-M', quantity: 6 }]);
    const ret = emulator.control.receiveReturn({ orderId: part.id, lines: [{ sku: 'TEE-ORG-M', quantity: 1, grade: 'A' }], inspect: true });
    const today = new Date(clock.now()).toISOString().slice(0, 10);

    const samples: [string, unknown, z.ZodType][] = [
      ['order create', created, z.array(wire.newOrderResultWire)],
      ['order', await call('GET', `/api/Order/${part.id}`), wire.orderWire],
      ['order search', await call('GET', '/api/Order/Search?OrderNumber=SO-W'), z.array(wire.orderWire)],
      ['order list', await call('GET', '/api/Order/List?IncludeOrderItems=true'), z.array(wire.orderWire)],
      ['order items', await call('GET', `/api/Order/${id}/Items`), z.array(wire.orderItemWire)],
      ['order splits', await call('GET', `/api/Order/${id}/Splits`), z.array(wire.orderSplitWire)],
      ['order statuses', await call('GET', '/api/Order/Statuses'), z.array(wire.orderStatusWire)],
      ['order update', await call('POST', `/api/Order/${id}`, { DeliveryNotes: 'x' }), wire.toolkitResultWire],
      ['order cancel', await call('GET', `/api/Order/${id}/Cancel`), wire.toolkitResultWire],
      ['product lookup', product, z.number().int()],
      ['product', await call('GET', `/api/Product/${product}`), wire.productWire],
      ['product create', await call('PUT', '/api/Product', { SKU: 'NEW-1', Name: 'New', Weight: 0.5 }), wire.newProductResultWire],
      [
        'product update',
        await call('POST', '/api/Product', { ID: product, SKU: 'TEE-ORG-M', Name: 'Tee', Weight: 0.2 }),
        wire.productUpdateResultWire,
      ],
      ['stock levels', await call('GET', '/api/Product/StockLevels?WarehouseId=3&Breakdown=true'), z.array(wire.stockLevelWire)],
      [
        'stock changed',
        await call('GET', '/api/Product/StockLevels/UpdatedSince?FromDate=2000-01-01T00:00:00'),
        z.array(wire.stockLevelWire),
      ],
      [
        'stock flow',
        await call('GET', `/api/Product/${product}/StockFlow/Filtered?FromDate=2000-01-01T00:00:00`),
        z.array(wire.stockFlowWire),
      ],
      ['countries', await call('GET', '/api/RefData/Countries'), z.array(wire.countryWire)],
      ['warehouses', await call('GET', '/api/Warehouse'), z.array(wire.warehouseWire)],
      ['asn', await call('GET', `/api/ASN/${asn.ID}`), wire.asnWire],
      ['asn list', await call('GET', '/api/ASN/List?IncludeASNItems=true'), z.array(wire.asnWire)],
      ['returns by date', await call('GET', `/api/Return/SearchByDate?Date=${today}`), z.array(wire.returnWire)],
      ['return', await call('GET', `/api/Return/${ret.id}`), wire.returnWire],
      ['return items', await call('GET', `/api/Return/${ret.id}/Items`), z.array(wire.returnItemWire)],
      ['return reasons', await call('GET', '/api/Return/Reasons'), z.array(wire.returnReasonWire)],
    ];
    for (const [name, value, schema] of samples) {
      const parsed = schema.safeParse(value);
      expect(parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.')), `${name} parses`).toEqual([]);
      expect(undeclared(value, schema), `${name} declares every field`).toEqual([]);
      if (Array.isArray(value)) expect(value.length, `${name} is not empty`).toBeGreaterThan(0);
    }
    await emulator.close();
  });
});

/** Which model each body-carrying call takes, by method and path. */
const requestModels: [string, RegExp, z.ZodObject][] = [
  ['PUT', /^\/api\/Order$/, models.newOrderWithItems],
  ['POST', /^\/api\/Order\/\d+$/, models.orderUpdate],
  ['PUT', /^\/api\/Order\/\d+\/ConnectActions$/, models.newOrderConnectAction],
  ['PUT', /^\/api\/ASN$/, models.newAsn],
  ['PUT', /^\/api\/ASN\/\d+\/ConnectActions$/, models.newAsnConnectAction],
  ['PUT', /^\/api\/Product$/, models.productBody],
  ['POST', /^\/api\/Product$/, models.productBody],
];

describe("the adapter's requests fit the emulator's Mintsoft models", () => {
  it('for every call that carries a body', async () => {
    const emulator = createWarehouseEmulator({ clock: new FakeClock(), fetch: noCallbacks, seedCatalogue: true });
    const sent: { method: string; path: string; body: unknown }[] = [];
    const adapter = createMintsoftAdapter({
      config: {
        baseUrl: 'http://scend.test',
        clientId: emulator.settings.clientId,
        warehouseId: emulator.settings.warehouseId,
        requestsPerSecond: null,
        retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
        couriers: [{ shippingMethod: 'STANDARD', courierService: 'Royal Mail Tracked 48', carrier: 'Royal Mail', service: 'Tracked 48' }],
        callback: { url: 'http://hub.test/webhooks/warehouse', secret: 'contract-secret-0123456789abcdef' },
      },
      apiKey: emulator.settings.apiKey,
      random: () => 0.5,
      fetch: async (url, init) => {
        const { pathname, search } = new URL(url);
        if (typeof init.body === 'string') sent.push({ method: init.method ?? 'GET', path: pathname, body: parseMintsoftJson(init.body) });
        return emulator.app.request(pathname + search, init);
      },
    });

    await adapter.upsertProduct({
      sku: 'CONTRACT-1',
      barcode: '5060000000001',
      description: 'Contract tee',
      weightKg: '0.18',
      customs: { hsCode: '610910', countryOfOrigin: 'PT', description: 'Cotton T-shirt' },
    });
    await adapter.upsertProduct({ sku: 'CONTRACT-1', barcode: null, description: 'Contract tee, renamed', weightKg: '0.2', customs: null });
    await adapter.createOrder(
      warehouseOrder('SO-C1', [['TEE-ORG-M', 1]], { deliveryNotes: 'Leave with neighbour', eoriNumber: 'GB123456789000' }),
    );
    await adapter.amendOrder('SO-C1', { deliveryNotes: 'Ring twice', requiredDespatchDate: '2026-12-24' });
    await adapter.createAsn({
      reference: 'PO-C1',
      supplier: 'Organic Threads Ltd',
      expectedDate: '2026-12-10',
      comments: null,
      lines: [{ lineRef: '10000', sku: 'TEE-ORG-M', quantity: 24 }],
    });

    const covered = new Set<string>();
    for (const request of sent) {
      const match = requestModels.find(([method, path]) => method === request.method && path.test(request.path));
      expect(match, `${request.method} ${request.path} has a model`).toBeDefined();
      covered.add(`${match![0]} ${String(match![1])}`);
      const parsed = models.strictRequest(match![2]).safeParse(request.body);
      expect(
        parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
        `${request.method} ${request.path} fits the model`,
      ).toEqual([]);
    }
    expect([...covered].sort(), 'every request model is exercised').toEqual(
      requestModels.map(([method, path]) => `${method} ${String(path)}`).sort(),
    );
    await emulator.close();
  });

  it("an ASN callback registration with Complete does not fit: Mintsoft's NewASNConnectAction has no such field", () => {
    const parsed = models.strictRequest(models.newAsnConnectAction).safeParse({ Type: 'API', SourceASNId: 'PO-1', Complete: false });
    expect(parsed.success).toBe(false);
  });
});
