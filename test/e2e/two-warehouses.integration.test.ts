/**
 * Two connections, each with its own BC company and its own warehouse (decision 0029): a UK
 * shop (`default`) shipping through one warehouse emulator and a euro shop (`eu`) through
 * another, loaded from one `connections:` file with each warehouse's key and callback secret in
 * its own variables. Each released order reaches its own warehouse only; each warehouse calls
 * back on its own route, with its own secret, into its own connection; and each connection's
 * poll reads its own warehouse only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { startBcEmulator, type RunningBcEmulator } from '../../emulators/bc/index.ts';
import { startShopifyEmulator, type RunningShopifyEmulator } from '../../emulators/shopify/index.ts';
import type { OrderDraft } from '../../emulators/shopify/place-order.ts';
import { startWarehouseEmulator, type RunningWarehouseEmulator } from '../../emulators/warehouse/index.ts';
import { startHub, type Hub } from '../../src/app.ts';
import { parseConfig } from '../../src/config/load-config.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { listExceptions, listRecords, type LedgerRecord } from '../../src/ledger/index.ts';
import { levelOpeningStock } from '../../src/sandbox/run-sandbox.ts';
import { ukOrder } from '../support/warehouse-sandbox.ts';
import { waitFor } from '../support/wait-for.ts';

const root = resolve(import.meta.dirname, '../..');

const secrets = {
  SHOPIFY_ACCESS_TOKEN: 'shpat_two_warehouses',
  SHOPIFY_WEBHOOK_SECRETS: 'two-warehouses-app-secret',
  BC_CLIENT_SECRET: 'two-warehouses-bc-secret',
  WAREHOUSE_API_KEY: 'uk-3pl-api-key',
  WAREHOUSE_CALLBACK_SECRET: 'uk-3pl-callback-secret-0123456789',
  WAREHOUSE_API_KEY_EU: 'eu-3pl-api-key',
  WAREHOUSE_CALLBACK_SECRET_EU: 'eu-3pl-callback-secret-0123456789',
};

interface Side {
  id: 'default' | 'eu';
  shop: RunningShopifyEmulator;
  bc: RunningBcEmulator;
  warehouse: RunningWarehouseEmulator;
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((done, fail) => server.once('error', fail).listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** The sandbox's settings, reshaped as a file with two connections, each with its warehouse. */
function twoWarehousesConfig(dir: string, hubPort: number, [uk, eu]: Side[]): string {
  const sandbox = parseYaml(readFileSync(join(root, 'config/sandbox.yaml'), 'utf8')) as Record<string, Record<string, unknown>>;
  const { shopify: _shop, warehouse, bc, flows, ...rest } = sandbox;
  const { company: _company, baseUrl: _baseUrl, authorityHost: _authority, webhooks: _webhooks, ...sharedBc } = bc!;
  const { callback: _callback, baseUrl: _warehouseUrl, ...sharedWarehouse } = warehouse!;
  const orders = flows!.orders as Record<string, Record<string, unknown>>;
  const connection = (side: Side, extra: Record<string, unknown> = {}) => ({
    id: side.id,
    shopify: { shopDomain: side.shop.shopDomain, adminUrl: side.shop.url, auth: 'token' },
    bc: { company: { name: side.bc.companyName }, baseUrl: side.bc.url, authorityHost: side.bc.url, localCurrency: side.bc.localCurrency },
    // No callback path: `default` keeps /webhooks/warehouse, `eu` gets /webhooks/warehouse/eu.
    warehouse: { ...sharedWarehouse, name: side.id === 'eu' ? 'Berlin 3PL' : 'Scend', baseUrl: side.warehouse.url },
    ...extra,
  });
  return stringifyYaml({
    ...rest,
    store: { backend: 'embedded', dataDir: join(dir, 'data') },
    server: { host: '127.0.0.1', port: hubPort, publicUrl: `http://127.0.0.1:${hubPort}` },
    bc: { ...sharedBc, cacheMissSeconds: 0 },
    flows: { ...flows, orders: { ...orders, pollOverlapMinutes: 0 } },
    connections: [
      connection(uk!),
      connection(eu!, {
        flows: {
          orders: {
            referencePrefix: 'EU-',
            // The euro shop's orders ask for no customs data.
            readyToFulfil: { ...orders.readyToFulfil, customs: { ...orders.readyToFulfil!.customs!, enabled: false } },
          },
        },
      }),
    ],
  });
}

async function startSide(id: Side['id'], seed: number): Promise<Side> {
  const eu = id === 'eu';
  const bc = await startBcEmulator({
    host: '127.0.0.1',
    port: 0,
    tenantId: '00000000-0000-4000-8000-00000000a11c',
    environment: 'sandbox',
    clientId: 'ledgerbridge-sandbox',
    clientSecret: secrets.BC_CLIENT_SECRET,
    ...(eu
      ? { companyName: 'Brand GmbH', companyId: '5d6e7f80-1a2b-4c3d-8e9f-a0b1c2d3e4f5', localCurrency: 'EUR' }
      : { companyName: 'Brand Ltd' }),
  });
  const shop = await startShopifyEmulator({
    host: '127.0.0.1',
    port: 0,
    shopDomain: eu ? 'brand-eu.myshopify.com' : 'brand-uk.myshopify.com',
    ...(eu ? { currency: 'EUR', firstId: 9_100_000_000_000_000_001n } : {}),
    accessToken: secrets.SHOPIFY_ACCESS_TOKEN,
    appSecret: secrets.SHOPIFY_WEBHOOK_SECRETS,
    seed,
  });
  const warehouse = await startWarehouseEmulator({
    host: '127.0.0.1',
    port: 0,
    apiKey: eu ? secrets.WAREHOUSE_API_KEY_EU : secrets.WAREHOUSE_API_KEY,
    clientId: 12,
    warehouseId: 3,
    warehouseName: eu ? 'Berlin 3PL Warehouse' : 'Scend Warehouse',
    floor: { auto: false, splitRate: 0, multiParcelRate: 0, stockEventRate: 0, returnRate: 0, asnVarianceRate: 0 },
    seed,
  });
  levelOpeningStock(warehouse, bc, 'SCEND');
  return { id, shop, bc, warehouse };
}

describe('two connections, each with its own warehouse', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lb-two-warehouses-'));
  const sides: Side[] = [];
  let hub: Hub;

  beforeAll(async () => {
    sides.push(await startSide('default', 21), await startSide('eu', 22));
    const hubPort = await freePort();
    const loaded = parseConfig(twoWarehousesConfig(dir, hubPort, sides), {
      source: 'two-warehouses.yaml',
      baseDir: dir,
      env: {
        SHOPIFY_ACCESS_TOKEN: secrets.SHOPIFY_ACCESS_TOKEN,
        SHOPIFY_WEBHOOK_SECRETS: secrets.SHOPIFY_WEBHOOK_SECRETS,
        BC_CLIENT_SECRET: secrets.BC_CLIENT_SECRET,
        WAREHOUSE_API_KEY: secrets.WAREHOUSE_API_KEY,
        WAREHOUSE_CALLBACK_SECRET: secrets.WAREHOUSE_CALLBACK_SECRET,
        connectionSecrets: {
          WAREHOUSE_API_KEY_EU: secrets.WAREHOUSE_API_KEY_EU,
          WAREHOUSE_CALLBACK_SECRET_EU: secrets.WAREHOUSE_CALLBACK_SECRET_EU,
        },
      },
    });
    hub = await startHub({ loaded, logger: silentLogger, pollingIntervalSeconds: 0.5 });
  }, 60_000);
  afterAll(async () => {
    await hub?.stop();
    for (const side of sides) {
      await side.warehouse.close();
      await side.shop.close();
      await side.bc.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const [uk, eu] = [() => sides[0]!, () => sides[1]!];
  const queueOf = (side: Side) => (side.id === 'default' ? hub.queue : hub.queue.forConnection(side.id));
  const recordsOf = async (flow: string, side: Side) =>
    (await listRecords(hub.store.db, { flow, limit: 10_000 })).filter((record) => record.connectionId === side.id);

  /** Places the order in the side's shop, waits for its BC order and for its release to that side's warehouse. */
  async function placeAndRelease(side: Side, draft: OrderDraft): Promise<{ salesOrder: string; release: LedgerRecord }> {
    const variants = [...side.shop.emulator.shop.variants.values()];
    const placed = side.shop.placeOrder({
      ...draft,
      lines: draft.lines.map((line) => ({ ...line, variantId: variants.find((variant) => variant.sku === line.sku)?.id ?? null })),
    });
    const order = await waitFor(
      async () => (await recordsOf('orders', side)).find((record) => record.sourceId === placed.id && record.state === 'posted'),
      { timeoutMs: 30_000, what: `${side.id}'s order ${placed.name} to be posted to BC` },
    );
    const salesOrder = order.targetIds['bc.salesOrder.number']!;
    await queueOf(side).enqueue('release.poll', {});
    const release = await waitFor(
      async () => (await recordsOf('release', side)).find((record) => record.sourceId === salesOrder && record.state === 'posted'),
      { timeoutMs: 30_000, what: `${side.id}'s ${salesOrder} to be at its warehouse` },
    );
    return { salesOrder, release };
  }

  /** The orders a warehouse emulator holds, by the reference the hub gave them. */
  const ordersAt = (side: Side) => [...side.warehouse.emulator.state.orders.values()].map((order) => order.orderNumber);

  it("sends each shop's released order to its own warehouse, and each warehouse's despatch callback to its own connection", async () => {
    const ukOrderSent = await placeAndRelease(uk(), ukOrder([['TEE-ORG-M', 1]]));
    const euOrderSent = await placeAndRelease(eu(), ukOrder([['SOCK-WOOL-3PK', 2]], { email: 'lena.fischer@example.de' }));
    // Each warehouse has its own shop's order, and only that.
    expect(ordersAt(uk())).toEqual([ukOrderSent.salesOrder]);
    expect(ordersAt(eu())).toEqual([euOrderSent.salesOrder]);
    const [atEu] = eu().warehouse.emulator.state.orders.values();
    expect({ email: atEu!.email, skus: atEu!.items.map((item) => item.sku) }).toEqual({
      email: 'lena.fischer@example.de',
      skus: ['SOCK-WOOL-3PK'],
    });

    for (const [side, sent, tracking] of [
      [uk(), ukOrderSent, 'RM200000001GB'],
      [eu(), euOrderSent, 'RM200000002GB'],
    ] as const) {
      const [part] = side.warehouse.emulator.control.orderParts(sent.salesOrder);
      side.warehouse.emulator.control.despatch(part!.id, { trackingNumbers: [tracking] });
      await side.warehouse.emulator.callbacksIdle();
    }
    // Each warehouse called back on its own connection's route, and was answered.
    const delivered = (side: Side) =>
      side.warehouse.emulator.control.deliveries().map((delivery) => `${new URL(delivery.url).pathname} ${delivery.lastStatus}`);
    expect(delivered(uk())).toContain('/webhooks/warehouse 200');
    expect(delivered(uk()).every((line) => line.startsWith('/webhooks/warehouse '))).toBe(true);
    expect(delivered(eu())).toContain('/webhooks/warehouse/eu 200');
    expect(delivered(eu()).every((line) => line.startsWith('/webhooks/warehouse/eu '))).toBe(true);

    // Each despatch is its own connection's shipment, posted in its own BC company, fulfilled in its own shop.
    for (const [side, sent] of [
      [uk(), ukOrderSent],
      [eu(), euOrderSent],
    ] as const) {
      const shipment = await waitFor(
        async () =>
          (await recordsOf('shipments', side)).find((record) => record.sourceRef === sent.salesOrder && record.state === 'posted'),
        { timeoutMs: 30_000, what: `${side.id}'s shipment to be posted` },
      );
      expect(shipment.linkGroup).toBe(sent.release.linkGroup);
      expect(side.bc.emulator.rows('salesShipments').filter((row) => row.orderNumber === sent.salesOrder)).toHaveLength(1);
      const fulfilled = [...side.shop.emulator.shop.orders.values()].flatMap((order) => order.fulfillments);
      expect(fulfilled).toHaveLength(1);
    }
    const inbox = await hub.store.db.selectFrom('lb_inbox').select(['connection_id', 'topic']).where('source', '=', 'warehouse').execute();
    expect(inbox.map((row) => `${row.connection_id} ${row.topic}`).sort()).toEqual([
      'default order.status_changed',
      'default shipment.despatched',
      'eu order.status_changed',
      'eu shipment.despatched',
    ]);
    // Neither connection heard of the other's despatch: no orphan anywhere.
    expect((await listExceptions(hub.store.db, { flow: 'shipments' })).map((exception) => exception.code)).toEqual([]);
  }, 120_000);

  it("refuses a callback carrying the other warehouse's secret", async () => {
    const post = (path: string, secret: string) =>
      fetch(`${hub.url}${path}?event=despatched`, { method: 'POST', headers: { authorization: `Bearer ${secret}` }, body: '{}' });
    expect((await post('/webhooks/warehouse/eu', secrets.WAREHOUSE_CALLBACK_SECRET)).status).toBe(401);
    expect((await post('/webhooks/warehouse', secrets.WAREHOUSE_CALLBACK_SECRET_EU)).status).toBe(401);
    // With its own secret the route takes the call (an unreadable body is kept, not refused).
    expect((await post('/webhooks/warehouse/eu', secrets.WAREHOUSE_CALLBACK_SECRET_EU)).status).toBe(200);
    const unreadable = await listExceptions(hub.store.db, { flow: 'warehouse' });
    expect(unreadable.map((exception) => `${exception.connectionId} ${exception.code}`)).toEqual(['eu callback_unreadable']);
  }, 30_000);

  it("polls each warehouse for its own connection: a despatch whose callback was lost reaches only that connection's records", async () => {
    eu().warehouse.emulator.control.setCallbackFaults({ dropRate: 1 });
    const sent = await placeAndRelease(eu(), ukOrder([['HOOD-MRN-M', 1]], { email: 'jonas.weber@example.de' }));
    const [part] = eu().warehouse.emulator.control.orderParts(sent.salesOrder);
    eu().warehouse.emulator.control.despatch(part!.id, { trackingNumbers: ['RM200000003GB'] });
    await eu().warehouse.emulator.callbacksIdle();
    const shipmentsOfDefault = (await recordsOf('shipments', uk())).length;

    // The default connection's poll reads its own warehouse: the euro despatch is not there.
    await hub.queue.enqueue('shipments.poll', {});
    await hub.queue.forConnection('eu').enqueue('shipments.poll', {});
    const shipment = await waitFor(
      async () => (await recordsOf('shipments', eu())).find((record) => record.sourceRef === sent.salesOrder && record.state === 'posted'),
      { timeoutMs: 30_000, what: "the euro shipment, by the eu connection's poll" },
    );
    expect(shipment.linkGroup).toBe(sent.release.linkGroup);
    expect(
      eu()
        .bc.emulator.rows('salesShipments')
        .filter((row) => row.orderNumber === sent.salesOrder),
    ).toHaveLength(1);
    await waitFor(async () => (await hub.queue.counts()).every((count) => count.queued + count.active === 0), {
      timeoutMs: 30_000,
      what: 'the polls to finish',
    });
    expect((await recordsOf('shipments', uk())).length).toBe(shipmentsOfDefault);
    expect((await listExceptions(hub.store.db, { flow: 'shipments' })).map((exception) => exception.code)).toEqual([]);
    eu().warehouse.emulator.control.setCallbackFaults({ dropRate: 0 });
  }, 120_000);
});
