/**
 * Two Shopify stores, one BC company (issue 16): the sandbox with `shops: 2` runs a shop in
 * pounds (the `default` connection, references SHOP-) and one in euros (`eu`, references EU-).
 * Orders from both reach the company with the right currency; both shops number their orders
 * from #1001, and each keeps its own BC reference, exceptions and trails.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import { listExceptions, listRecords } from '../../src/ledger/index.ts';
import type { HubStatus } from '../../src/operations/types.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/run-sandbox.ts';
import { waitFor } from '../support/wait-for.ts';

const root = resolve(import.meta.dirname, '../..');

/** The sandbox with two shops (`eu` the second), on a data directory of its own. */
async function startTwoShops(
  dir: string,
  options: { secondCompany?: boolean; warehouses?: number; configEdit?: (config: string) => string } = {},
) {
  const config = readFileSync(join(root, 'config/sandbox.yaml'), 'utf8').replace(/dataDir: .*/, `dataDir: ${join(dir, 'data')}`);
  writeFileSync(join(dir, 'sandbox.yaml'), options.configEdit ? options.configEdit(config) : config);
  return startSandbox({
    configPath: join(dir, 'sandbox.yaml'),
    logger: silentLogger,
    ordersPerMinute: 0,
    ports: { hub: 0, shopify: 0, bc: 0 },
    // The seed whose first orders need nothing held (customs data, say): every one posts.
    seed: 5,
    pollingIntervalSeconds: 0.5,
    shops: 2,
    ...(options.secondCompany ? { secondCompany: true } : {}),
    // Two warehouses: the test despatches (nothing is picked or despatched on its own).
    ...(options.warehouses
      ? {
          warehouses: options.warehouses,
          warehouseFloor: { auto: false, splitRate: 0, multiParcelRate: 0, stockEventRate: 0, returnRate: 0, asnVarianceRate: 0 },
        }
      : {}),
  });
}

/** Places orders in a shop's emulator; their numbers, without the #. */
async function placeOrders(shopUrl: string, count: number, unknownSkuRate = 0): Promise<string[]> {
  const response = await fetch(`${shopUrl}/_emulator/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ count, mix: { unknownSkuRate } }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { orders: { name: string }[] }).orders.map((order) => order.name.replace('#', ''));
}

/** A BC company's sales orders: reference → currency code. */
const salesOrdersIn = (bc: Sandbox['bc']) =>
  new Map(bc.emulator.rows('salesOrders').map((row) => [String(row.externalDocumentNumber), String(row.currencyCode)]));

describe('two stores into one BC company', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lb-two-stores-'));
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startTwoShops(dir, {
      configEdit: (config) =>
        config.replace('  clientId: ledgerbridge-sandbox\n', '  clientId: ledgerbridge-sandbox\n  cacheMissSeconds: 0\n'),
    });
  }, 60_000);
  afterAll(async () => {
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const salesOrders = () => salesOrdersIn(sandbox.bc);

  it('posts both shops’ orders into the one company, each with its reference and currency', async () => {
    const [pounds, euros] = sandbox.shops;
    const uk = await placeOrders(pounds!.url, 2);
    const eu = await placeOrders(euros!.url, 2);
    // Both shops start at #1001: the prefix keeps their BC orders apart.
    expect(eu).toEqual(uk);
    const expected = [...uk.map((number) => `SHOP-${number}`), ...eu.map((number) => `EU-${number}`)];
    const posted = async () => (await listRecords(sandbox.hub.store.db, { flow: 'orders', states: ['posted'] })).length;
    await waitFor(async () => expected.every((reference) => salesOrders().has(reference)) && (await posted()) === 4, {
      timeoutMs: 40_000,
      what: 'four BC orders, their records posted',
    });
    const orders = salesOrders();
    for (const number of uk) expect(orders.get(`SHOP-${number}`)).toBe('GBP');
    for (const number of eu) expect(orders.get(`EU-${number}`)).toBe('EUR');

    const records = await listRecords(sandbox.hub.store.db, { flow: 'orders', states: ['posted'] });
    const byConnection = (connection: string) =>
      records
        .filter((record) => record.connectionId === connection)
        .map((record) => record.externalRef)
        .sort();
    expect(byConnection('default')).toEqual(uk.map((number) => `SHOP-${number}`).sort());
    expect(byConnection('eu')).toEqual(eu.map((number) => `EU-${number}`).sort());
  }, 60_000);

  it("credits a refund of the euro shop's order in euros, under the shop's own refund prefix", async () => {
    const [order] = sandbox.shops[1]!.emulator.shop.orders.values();
    const response = await fetch(`${sandbox.shops[1]!.url}/_emulator/orders/${order!.id}/refunds`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lines: [{ quantity: 1, restockType: 'NO_RESTOCK' }] }),
    });
    expect(response.status).toBe(201);
    const refund = (await response.json()) as { legacyId: string };
    const memo = await waitFor(
      () => sandbox.bc.emulator.rows('salesCreditMemos').find((row) => row.externalDocumentNumber === `EUR-${refund.legacyId}`),
      { timeoutMs: 30_000, what: "the euro refund's credit memo" },
    );
    expect(memo.currencyCode).toBe('EUR');
  }, 60_000);

  it('keeps each connection’s trail and exceptions apart', async () => {
    const [number] = (await sandbox.hub.operations.showRecords('1001')).map((view) => view.record.sourceRef?.replace('#', ''));
    const views = (await sandbox.hub.operations.showRecords(number!)).filter((view) => view.record.flow === 'orders');
    expect(views.map((view) => view.record.connectionId).sort()).toEqual(['default', 'eu']);
    for (const view of views) {
      const salesOrder = view.trail.find((link) => link.system === 'bc' && link.kind === 'salesOrder');
      expect(salesOrder, `${view.record.connectionId}'s trail`).toBeDefined();
      // Each trail holds its own BC order only.
      expect(view.trail.filter((link) => link.system === 'bc' && link.kind === 'salesOrder')).toHaveLength(1);
    }
    const [one, other] = views.map((view) => view.trail.find((link) => link.kind === 'salesOrder')!.externalId);
    expect(one).not.toBe(other);

    const [held] = await placeOrders(sandbox.shops[1]!.url, 1, 1);
    const exception = await waitFor(
      async () => (await listExceptions(sandbox.hub.store.db, { flow: 'orders' })).find((item) => item.message.includes(`#${held} `)),
      { timeoutMs: 30_000, what: "the euro shop's unknown-SKU exception" },
    );
    expect(exception.connectionId).toBe('eu');
    const ofDefault = await listExceptions(sandbox.hub.store.db, { flow: 'orders', connection: 'default' });
    expect(ofDefault.some((item) => item.id === exception.id)).toBe(false);
  }, 60_000);

  it('shows each shop’s figures in status and metrics, and keeps BC’s notifications in both shops’ inboxes', async () => {
    const status = async (query: string) => (await (await fetch(`${sandbox.hub.url}/status${query}`)).json()) as HubStatus;
    const orders = (of: HubStatus) => of.flows.find((flow) => flow.flow === 'orders')!;
    const [all, uk, eu] = await Promise.all([status(''), status('?connection=default'), status('?connection=eu')]);
    expect([uk.connection, eu.connection]).toEqual(['default', 'eu']);
    expect(orders(eu).posted).toBeGreaterThanOrEqual(2);
    expect(orders(uk).posted).toBeGreaterThanOrEqual(2);
    expect(orders(all).posted).toBe(orders(uk).posted + orders(eu).posted);
    // The euro shop's unknown SKU is its own, not the pound shop's.
    expect(eu.needsActionByOwner.ecommerce).toBeGreaterThanOrEqual(1);
    expect(uk.needsActionByOwner.ecommerce ?? 0).toBe((all.needsActionByOwner.ecommerce ?? 0) - eu.needsActionByOwner.ecommerce!);
    expect(eu.queues.every((queue) => queue.name.startsWith('eu/'))).toBe(true);

    // Both shops reach BC through one app registration: one budget series, naming both.
    const metrics = await (await fetch(`${sandbox.hub.url}/metrics`)).text();
    const budgets = metrics.split('\n').filter((line) => line.startsWith('ledgerbridge_bc_request_budget{'));
    expect(budgets).toHaveLength(1);
    expect(budgets[0]).toContain('connections="default,eu"');
    expect(metrics).toMatch(/^ledgerbridge_records\{connection="eu",flow="orders",state="posted"\} [1-9]/m);

    // One company: its notifications are each shop's, kept in both inboxes.
    await fetch(`${sandbox.bc.url}/_emulator/webhooks/flush`, { method: 'POST' });
    const inboxes = await waitFor(
      async () => {
        const rows = await sandbox.hub.store.db
          .selectFrom('lb_inbox')
          .select('connection_id')
          .distinct()
          .where('source', '=', 'bc')
          .execute();
        const connections = rows.map((row) => row.connection_id).sort();
        return connections.length >= 2 ? connections : undefined;
      },
      { timeoutMs: 30_000, what: "BC notifications in both shops' inboxes" },
    );
    expect(inboxes).toEqual(['default', 'eu']);
  }, 60_000);
});

describe('two stores, each into its own BC company', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lb-two-companies-'));
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startTwoShops(dir, { secondCompany: true });
  }, 60_000);
  afterAll(async () => {
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("posts each shop's orders into its own company, in that company's currency", async () => {
    const uk = await placeOrders(sandbox.shops[0]!.url, 2);
    const eu = await placeOrders(sandbox.shops[1]!.url, 2);
    await waitFor(
      () =>
        uk.every((number) => salesOrdersIn(sandbox.bc).has(`SHOP-${number}`)) &&
        eu.every((number) => salesOrdersIn(sandbox.secondBc!).has(`EU-${number}`)),
      { timeoutMs: 40_000, what: "each shop's orders in its company" },
    );
    // Each company has its own shop's orders only, in its own currency (LCY: no code of their own).
    expect([...salesOrdersIn(sandbox.bc).keys()].sort()).toEqual(uk.map((number) => `SHOP-${number}`).sort());
    expect([...salesOrdersIn(sandbox.secondBc!).entries()].sort()).toEqual(eu.map((number) => [`EU-${number}`, 'EUR']).sort());
    expect([...salesOrdersIn(sandbox.bc).values()].every((currency) => currency === 'GBP')).toBe(true);
  }, 60_000);

  it("keeps each company's BC notifications in its own shop's inbox", async () => {
    await fetch(`${sandbox.bc.url}/_emulator/webhooks/flush`, { method: 'POST' });
    await fetch(`${sandbox.secondBc!.url}/_emulator/webhooks/flush`, { method: 'POST' });
    const companyOf = (resource: string) => /companies\(([^)]+)\)/i.exec(resource)?.[1]?.toLowerCase();
    const rows = await waitFor(
      async () => {
        const found = await sandbox.hub.store.db
          .selectFrom('lb_inbox')
          .select(['connection_id', 'business_key'])
          .where('source', '=', 'bc')
          .execute();
        return new Set(found.map((row) => row.connection_id)).size >= 2 ? found : undefined;
      },
      { timeoutMs: 30_000, what: "BC notifications in each shop's inbox" },
    );
    const companies = (connection: string) =>
      new Set(rows.filter((row) => row.connection_id === connection).map((row) => companyOf(row.business_key ?? '')));
    expect([...companies('default')]).toEqual([sandbox.bc.companyId.toLowerCase()]);
    expect([...companies('eu')]).toEqual([sandbox.secondBc!.companyId.toLowerCase()]);
  }, 60_000);
});

describe('two stores, each with its own company and warehouse (--warehouses 2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lb-two-warehouses-sandbox-'));
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startTwoShops(dir, { warehouses: 2 });
  }, 60_000);
  afterAll(async () => {
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("releases the euro shop's order to its own warehouse, whose despatch comes back on the euro connection's route", async () => {
    expect(sandbox.secondBc).toBeDefined();
    const [euNumber] = await placeOrders(sandbox.shops[1]!.url, 1);
    const posted = await waitFor(
      async () =>
        (await listRecords(sandbox.hub.store.db, { flow: 'orders', states: ['posted'] })).find(
          (record) => record.connectionId === 'eu' && record.externalRef === `EU-${euNumber}`,
        ),
      { timeoutMs: 30_000, what: "the euro shop's order in its company" },
    );
    const salesOrder = posted.targetIds['bc.salesOrder.number']!;
    await sandbox.hub.queue.forConnection('eu').enqueue('release.poll', {});
    // Released once the warehouse has the order and its callbacks are registered.
    await waitFor(
      async () =>
        (await listRecords(sandbox.hub.store.db, { flow: 'release', states: ['posted'] })).some(
          (record) => record.connectionId === 'eu' && record.sourceId === salesOrder,
        ),
      { timeoutMs: 30_000, what: `${salesOrder} released to the euro shop's warehouse` },
    );
    const berlin = sandbox.secondWarehouse!.emulator;
    const [part] = berlin.control.orderParts(salesOrder);
    // Scend, the first shop's warehouse, has no order at all: the euro release went to its own.
    expect(sandbox.warehouse!.emulator.state.orders.size).toBe(0);
    berlin.control.despatch(part!.id, { trackingNumbers: ['DHL000000001DE'] });
    await berlin.callbacksIdle();
    expect(berlin.control.deliveries().map((delivery) => `${new URL(delivery.url).pathname} ${delivery.lastStatus}`)).toContain(
      '/webhooks/warehouse/eu 200',
    );
    const shipment = await waitFor(
      async () =>
        (await listRecords(sandbox.hub.store.db, { flow: 'shipments', states: ['posted'] })).find(
          (record) => record.sourceRef === salesOrder,
        ),
      { timeoutMs: 30_000, what: "the euro shop's shipment" },
    );
    expect(shipment.connectionId).toBe('eu');
    expect(sandbox.secondBc!.emulator.rows('salesShipments').filter((row) => row.orderNumber === salesOrder)).toHaveLength(1);
  }, 90_000);
});
