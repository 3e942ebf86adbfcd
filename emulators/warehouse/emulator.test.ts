/**
 * The warehouse emulator in-process (no socket): Mintsoft's rules at intake, the floor on a
 * fake clock, callbacks with retries, and the control endpoint over HTTP.
 */
import { describe, expect, it } from 'vitest';
import { parseWireJson as parseMintsoftJson } from './mintsoft-json.ts';
import { FakeClock } from '../../test/support/fake-clock.ts';
import { generatedCountryCodes } from '../shopify/generator.ts';
import { createWarehouseEmulator } from './index.ts';
import { countryIdOf } from './reference-data.ts';

const key = 'scend-sandbox-ms-apikey';

function harness(options: Parameters<typeof createWarehouseEmulator>[0] = {}) {
  const clock = new FakeClock();
  const emulator = createWarehouseEmulator({ clock, ...options });
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = { 'ms-apikey': key }) => {
    const response = await emulator.app.request(path, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? parseMintsoftJson(text) : undefined) as unknown };
  };
  return { clock, emulator, call };
}

const order = (number: string, items: [string, number][], extra: Record<string, unknown> = {}) => ({
  OrderNumber: number,
  ExternalOrderReference: `#${number}`,
  FirstName: 'Sophie',
  LastName: 'Martin',
  Address1: '3 Rue des Fleurs',
  Town: 'Lyon',
  PostCode: '69001',
  Country: 'FR',
  WarehouseId: 3,
  CourierService: 'AUTO',
  OrderItems: items.map(([SKU, Quantity]) => ({ SKU, Quantity })),
  ...extra,
});

async function place(h: ReturnType<typeof harness>, number: string, items: [string, number][]) {
  const { body } = await h.call('PUT', '/api/Order', order(number, items));
  return body as { OrderId: number; Success: boolean; OrderStatus: string; Message: string | null }[];
}

describe('intake', () => {
  it('needs the ms-apikey header: the query-string key was switched off', async () => {
    const h = harness();
    expect(await h.call('GET', '/api/Order/Statuses', undefined, {})).toMatchObject({
      status: 401,
      body: { Message: 'Authorization has been denied for this request.' },
    });
    expect((await h.call('GET', `/api/Order/Statuses?APIKey=${key}`, undefined, {})).status).toBe(401);
    expect((await h.call('GET', '/api/Order/Statuses')).status).toBe(200);
  });

  it('refuses a duplicate OrderNumber + ExternalOrderReference, an unknown SKU, country or service', async () => {
    const h = harness();
    expect(await place(h, 'SO-1', [['TEE-ORG-M', 1]])).toMatchObject([{ Success: true, OrderStatus: 'NEW' }]);
    expect(await place(h, 'SO-1', [['TEE-ORG-M', 1]])).toMatchObject([
      { Success: false, Message: expect.stringMatching(/^Duplicate order/) },
    ]);
    expect(await place(h, 'SO-2', [['NOPE', 1]])).toMatchObject([{ Success: false, Message: "Product with SKU 'NOPE' not found" }]);
    expect((await h.call('PUT', '/api/Order', order('SO-3', [['TEE-ORG-M', 1]], { Country: 'Atlantis' }))).body).toMatchObject([
      { Success: false },
    ]);
    expect((await h.call('PUT', '/api/Order', order('SO-4', [['TEE-ORG-M', 1]], { CourierService: 'Pigeon' }))).body).toMatchObject([
      { Success: false },
    ]);
    expect((await h.call('PUT', '/api/Order', { OrderNumber: 'SO-5' })).status).toBe(400);
    expect(h.emulator.state.orders.size).toBe(1);
  });

  it("knows every country the sandbox's Shopify generator ships to", () => {
    expect(generatedCountryCodes.filter((code) => countryIdOf(code) === undefined)).toEqual([]);
  });

  it('searches by OrderNumber with a "contains" match, as clients must compare exactly', async () => {
    const h = harness();
    await place(h, 'SO-10', [['TEE-ORG-M', 1]]);
    await place(h, 'SO-100', [['TEE-ORG-M', 1]]);
    const { body } = await h.call('GET', '/api/Order/Search?OrderNumber=SO-10');
    expect((body as { OrderNumber: string }[]).map((o) => o.OrderNumber)).toEqual(['SO-10', 'SO-100']);
  });
});

describe('the floor', () => {
  it('picks and despatches after the configured delays, with carrier and tracking, on the emulator clock', async () => {
    const h = harness({ floor: { pickAfterMs: 60_000, despatchAfterMs: 120_000 } });
    const { OrderId } = (await place(h, 'SO-20', [['HOOD-MRN-M', 2]]))[0]!;
    const status = () => h.emulator.control.orderParts(OrderId)[0]!.statusId;
    h.emulator.control.tick();
    expect(status()).toBe(1);
    await h.clock.advance(60_000);
    h.emulator.control.tick();
    expect(status()).toBe(14);
    await h.clock.advance(120_000);
    h.emulator.control.tick();
    const { body } = await h.call('GET', `/api/Order/${OrderId}`);
    expect(body).toMatchObject({
      OrderStatusId: 3,
      CourierServiceName: 'DHL Express Worldwide',
      NumberOfParcels: 1,
      TrackingNumber: expect.stringMatching(/^JD\d+/),
      TrackingURL: expect.stringContaining('dhl.com'),
    });
    expect(h.emulator.control.stock('HOOD-MRN-M')).toMatchObject({ onHand: 118, allocated: 0 });
  });

  it('with auto on, the floor runs by itself on the clock (as the sandbox runs it)', async () => {
    const h = harness({ floor: { auto: true, tickMs: 1_000, pickAfterMs: 5_000, despatchAfterMs: 5_000 } });
    const { OrderId } = (await place(h, 'SO-19', [['TEE-ORG-M', 1]]))[0]!;
    await h.clock.advance(12_000);
    expect(h.emulator.control.orderParts(OrderId)[0]).toMatchObject({ statusId: 3, trackingNumber: expect.stringMatching(/^JD/) });
    await h.emulator.close();
  });

  it('back-ordered parts get their stock later and then ship: a partial, then a final shipment', async () => {
    const h = harness({ floor: { pickAfterMs: 0, despatchAfterMs: 0, restockBackordersAfterMs: 3_600_000 } });
    h.emulator.control.writeOff('BOOK-CARE', 199);
    const parts = await place(h, 'SO-21', [['BOOK-CARE', 3]]);
    expect(parts.map((p) => p.OrderStatus)).toEqual(['NEW', 'ONBACKORDER']);
    h.emulator.control.tick();
    h.emulator.control.tick();
    expect(h.emulator.control.orderParts('SO-21').map((p) => p.statusId)).toEqual([3, 5]);
    await h.clock.advance(3_600_000);
    h.emulator.control.tick();
    h.emulator.control.tick();
    h.emulator.control.tick();
    expect(h.emulator.control.orderParts('SO-21').map((p) => p.statusId)).toEqual([3, 3]);
    expect(h.emulator.state.flows.some((flow) => flow.reason === 'Goods In' && flow.quantity === 2)).toBe(true);
  });

  it('with every chance at 1: splits, two parcels, a stock event, a return inspected later, an ASN booked with variance', async () => {
    const h = harness({
      seed: 7,
      floor: {
        pickAfterMs: 0,
        despatchAfterMs: 0,
        splitRate: 1,
        multiParcelRate: 1,
        stockEventRate: 1,
        returnRate: 1,
        inspectReturnsAfterMs: 1_000,
        asnArriveAfterMs: 0,
        asnBookInAfterMs: 0,
        asnVarianceRate: 1,
      },
    });
    expect(
      (
        await place(h, 'SO-22', [
          ['TEE-ORG-S', 1],
          ['SOCK-WOOL-3PK', 1],
        ])
      ).length,
    ).toBe(2);
    const asn = await h.call('PUT', '/api/ASN', {
      WarehouseId: 3,
      POReference: 'PO-1',
      Supplier: 'S',
      EstimatedDelivery: '2026-12-01',
      Comments: '',
      GoodsInType: 'Carton',
      Quantity: 1,
      Items: [{ SKU: 'TEE-ORG-L', Quantity: 10 }],
    });
    expect(asn.body).toMatchObject({ Success: true });
    for (let i = 0; i < 3; i += 1) h.emulator.control.tick();
    const despatched = h.emulator.control.orderParts('SO-22');
    expect(despatched.map((p) => [p.statusId, p.numberOfParcels, p.trackingNumber?.split(',').length])).toEqual([
      [3, 2, 2],
      [3, 2, 2],
    ]);
    expect(h.emulator.state.flows.some((flow) => ['Write Off', 'Damaged', 'Found'].includes(flow.reason))).toBe(true);
    const [ret] = [...h.emulator.state.returns.values()];
    expect(ret).toMatchObject({ orderNumber: 'SO-22', confirmed: false });
    await h.clock.advance(1_000);
    h.emulator.control.tick();
    expect(ret!.confirmed).toBe(true);
    const [booked] = [...h.emulator.state.asns.values()];
    expect(booked!.statusId === 4 || booked!.statusId === 8).toBe(true);
    expect(booked!.items[0]!.booked).not.toBe(10);
  });
});

describe('callbacks', () => {
  it('posts once and never again by default, as Mintsoft documents no retries', async () => {
    const posted: string[] = [];
    const fetch = async (url: string | URL | Request) => {
      posted.push(String(url));
      return new Response(null, { status: 500 });
    };
    const h = harness({ fetch: fetch as typeof globalThis.fetch });
    const { OrderId } = (await place(h, 'SO-31', [['TEE-ORG-M', 1]]))[0]!;
    await h.call('PUT', `/api/Order/${OrderId}/ConnectActions`, { Type: 'API', SourceOrderId: 'SO-31', ExtraCode1: 'http://hub.test/cb' });
    h.emulator.control.despatch(OrderId);
    await h.emulator.callbacksIdle();
    await h.clock.advance(3_600_000);
    await h.emulator.callbacksIdle();
    expect(posted).toHaveLength(1);
    expect(h.emulator.control.deliveries()).toMatchObject([{ status: 'failed', attempts: 1 }]);
  });

  it('with the opt-in retry fault, posts the order to the registered URL with the registered Authorization until it is taken', async () => {
    const posted: { url: string; auth: string | null; body: string }[] = [];
    let failures = 1;
    const fetch = async (url: string | URL | Request, init?: RequestInit) => {
      posted.push({ url: String(url), auth: new Headers(init?.headers).get('authorization'), body: String(init?.body) });
      return new Response(null, { status: failures-- > 0 ? 500 : 204 });
    };
    const h = harness({ fetch: fetch as typeof globalThis.fetch, callbackRetryDelaysMs: [5_000] });
    const { OrderId } = (await place(h, 'SO-30', [['TEE-ORG-M', 1]]))[0]!;
    await h.call('PUT', `/api/Order/${OrderId}/ConnectActions`, {
      Type: 'API',
      SourceOrderId: 'SO-30',
      ExtraCode1: 'http://hub.test/cb?event=despatched',
      ExtraCode4: 'Bearer s3cret',
    });
    h.emulator.control.despatch(OrderId);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(posted).toHaveLength(1);
    await h.clock.advance(5_000);
    await h.emulator.callbacksIdle();
    expect(posted).toHaveLength(2);
    expect(posted[1]).toMatchObject({
      url: 'http://hub.test/cb?event=despatched',
      auth: 'Bearer s3cret',
      body: expect.stringContaining('"OrderNumber":"SO-30"'),
    });
    expect(h.emulator.control.deliveries()).toMatchObject([{ status: 'delivered', attempts: 2 }]);
  });
});

describe('control endpoint', () => {
  it('lists its routes, triggers events, injects faults and resets', async () => {
    const h = harness();
    const { body: index } = await h.call('GET', '/_emulator');
    expect((index as { routes: string[] }).routes).toContain('POST /_emulator/orders/:id/despatch');
    const { OrderId } = (await place(h, 'SO-40', [['TEE-ORG-M', 2]]))[0]!;
    expect((await h.call('POST', `/_emulator/orders/${OrderId}/split`, { lines: [{ sku: 'TEE-ORG-M', quantity: 1 }] })).status).toBe(200);
    expect((await h.call('POST', `/_emulator/orders/${OrderId}/despatch`, { trackingNumbers: ['RM1GB'] })).body).toMatchObject({
      trackingNumber: 'RM1GB',
    });
    expect((await h.call('POST', '/_emulator/stock/write-off', { sku: 'CAP-CANVAS', quantity: 2 })).body).toMatchObject({ onHand: 248 });
    expect((await h.call('POST', '/_emulator/stock/found', { sku: 'CAP-CANVAS', quantity: 1 })).body).toMatchObject({ onHand: 249 });
    expect(
      (
        await h.call('POST', '/_emulator/returns', {
          orderNumber: 'SO-40',
          lines: [{ sku: 'TEE-ORG-M', quantity: 1, grade: 'B' }],
          inspect: true,
        })
      ).status,
    ).toBe(201);
    expect((await h.call('POST', '/_emulator/faults', { kind: 'status', status: 503, path: '/api/Warehouse' })).status).toBe(201);
    expect((await h.call('GET', '/api/Warehouse')).status).toBe(503);
    expect((await h.call('GET', '/api/Warehouse')).status).toBe(200);
    expect((await h.call('POST', '/_emulator/stock/write-off', { sku: 'CAP-CANVAS', quantity: 0 })).status).toBe(400);
    await h.call('POST', '/_emulator/reset');
    expect(h.emulator.state.orders.size).toBe(0);
    expect(h.emulator.control.stock('CAP-CANVAS').onHand).toBe(250);
  });
});
