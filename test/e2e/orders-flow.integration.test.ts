/**
 * The orders flow through the real pieces: the hub's server, queue and store, the real
 * Shopify and BC connectors, and both emulators on port 0. Duplicate webhooks and a poll
 * finding the same orders create nothing new; an unknown SKU is an owned exception that
 * resolves itself once the item exists in BC and the record is retried.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import { ordersJobs } from '../../src/flows/orders/deps.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/run-sandbox.ts';
import { waitFor } from '../support/wait-for.ts';

const root = resolve(import.meta.dirname, '../..');

describe('orders flow through the emulators', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lb-orders-e2e-'));
  let sandbox: Sandbox;

  beforeAll(async () => {
    const config = readFileSync(join(root, 'config/sandbox.yaml'), 'utf8')
      .replace(/dataDir: .*/, `dataDir: ${join(dir, 'data')}`)
      .replace('  clientId: ledgerbridge-sandbox\n', '  clientId: ledgerbridge-sandbox\n  cacheMissSeconds: 0\n')
      // The poll lists changes at once (no settle time): these tests run it right after placing orders.
      .replace('pollOverlapMinutes: 5', 'pollOverlapMinutes: 0');
    writeFileSync(join(dir, 'sandbox.yaml'), config);
    sandbox = await startSandbox({
      configPath: join(dir, 'sandbox.yaml'),
      logger: silentLogger,
      ordersPerMinute: 0,
      ports: { hub: 0, shopify: 0, bc: 0 },
      seed: 11,
      pollingIntervalSeconds: 0.5,
    });
  }, 60_000);
  afterAll(async () => {
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function control(base: string, path: string, body: unknown) {
    const response = await fetch(`${base}/_emulator${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.ok, `${path}: ${response.status}`).toBe(true);
    return response.json() as Promise<unknown>;
  }

  async function salesOrderReferences(): Promise<string[]> {
    return sandbox.bc.emulator.rows('salesOrders').map((row) => String(row.externalDocumentNumber));
  }

  it('creates one BC order per Shopify order despite duplicated webhooks and a poll over the same orders', async () => {
    await control(sandbox.shopify.url, '/faults', { webhooks: { duplicateRate: 1 } });
    // UK orders with known SKUs: none is held (for customs data, say), whatever the dice.
    const { orders: placed } = (await control(sandbox.shopify.url, '/orders', { count: 3, mix: { unknownSkuRate: 0, ukRate: 1 } })) as {
      orders: { name: string }[];
    };
    const expected = placed.map((order) => `SHOP-${order.name.replace('#', '')}`).sort();
    await waitFor(
      async () =>
        expected.every((reference) => salesOrderReferences().then((refs) => refs.includes(reference))) &&
        (await salesOrderReferences()).length >= 3,
      {
        timeoutMs: 30_000,
        what: 'three BC sales orders',
      },
    );
    await sandbox.hub.queue.enqueue(ordersJobs.poll, {});
    await waitFor(async () => (await sandbox.hub.operations.status()).flows.find((flow) => flow.flow === 'orders')?.lastRunAt, {
      what: 'the poll to run',
    });
    const deliveries = await waitFor(async () => {
      const inbox = await sandbox.hub.store.db.selectFrom('lb_inbox').select(['event_id']).execute();
      return inbox.length >= 3 ? inbox : undefined;
    });
    expect(deliveries.length).toBeGreaterThanOrEqual(3);
    const references = (await salesOrderReferences()).sort();
    expect(references.filter((reference) => expected.includes(reference))).toEqual(expected);
    expect(new Set(references).size).toBe(references.length);
  }, 60_000);

  it('holds an unknown SKU as an e-commerce exception that clears once BC knows the item', async () => {
    await control(sandbox.shopify.url, '/faults', { webhooks: { duplicateRate: 0 } });
    const readsOfOrders = () => {
      const costs = sandbox.shopify.emulator.describe().costByOperation;
      return ['OrderSupplements', 'OrderSupplementsWithoutTransactions', 'OrderHeader'].reduce(
        (count, operation) => count + (costs[operation]?.queries ?? 0),
        0,
      );
    };
    const readsBefore = readsOfOrders();
    const {
      orders: [order],
    } = (await control(sandbox.shopify.url, '/orders', { count: 1, mix: { unknownSkuRate: 1, ukRate: 1 } })) as {
      orders: { name: string }[];
    };
    const { operations } = sandbox.hub;
    const exception = await waitFor(
      async () =>
        (await operations.listExceptions({ owner: 'ecommerce' })).exceptions.find((item) => item.message.includes(`Order ${order!.name} `)),
      {
        timeoutMs: 30_000,
        what: 'the unknown-SKU exception',
      },
    );
    expect(exception).toMatchObject({ code: 'unknown_sku', category: 'master_data', status: 'open' });
    const sku = /has SKU (\S+),/.exec(exception.message)![1]!;
    expect((await salesOrderReferences()).includes(`SHOP-${order!.name.replace('#', '')}`)).toBe(false);
    // Held for what its webhook body shows: its payments and fulfilment orders were not read.
    expect(readsOfOrders()).toBe(readsBefore);
    expect((await operations.showRecords(order!.name))[0]!.record.payload).toMatchObject({ bodyOnly: true });

    await control(sandbox.bc.url, '/items', { number: sku, displayName: `New item ${sku}`, unitPrice: '20.00' });
    // Queued now, or already waiting in the queue (a later webhook for the same order): either way it runs.
    expect((await operations.retryException(exception.id, 'test')).message).toMatch(/is (already )?queued/);
    await waitFor(async () => (await operations.showException(exception.id))?.exception.status === 'resolved', {
      timeoutMs: 30_000,
      what: 'the exception to resolve itself',
    });
    const [view] = await operations.showRecords(order!.name);
    expect(view!.record.state).toBe('posted');
    // Read whole once it could post: what BC got came from the whole order.
    expect(readsOfOrders()).toBeGreaterThan(readsBefore);
    expect(view!.record.payload).not.toHaveProperty('bodyOnly');
    expect((view!.record.payload as { fulfillmentOrders: unknown[] }).fulfillmentOrders.length).toBeGreaterThan(0);
    expect(view!.trail.map((link) => `${link.system}:${link.kind}`)).toEqual(expect.arrayContaining(['shopify:order', 'bc:salesOrder']));
    expect(await salesOrderReferences()).toContain(`SHOP-${order!.name.replace('#', '')}`);
  }, 60_000);

  it("takes a paid order's payments from their transaction webhooks instead of asking Shopify again", async () => {
    await control(sandbox.shopify.url, '/faults', { webhooks: { duplicateRate: 0 } });
    const supplements = () => {
      const costs = sandbox.shopify.emulator.describe().costByOperation;
      return {
        asked: costs.OrderSupplements?.queries ?? 0,
        announced: costs.OrderSupplementsWithoutTransactions?.queries ?? 0,
      };
    };
    const before = supplements();
    const mix = { unknownSkuRate: 0, ukRate: 1, giftCardRedemptionRate: 0.5 };
    const { orders: placed } = (await control(sandbox.shopify.url, '/orders', { count: 4, mix })) as {
      orders: { id: string; name: string }[];
    };
    const references = placed.map((order) => `SHOP-${order.name.replace('#', '')}`);
    await waitFor(
      async () =>
        references.every((reference) => sandbox.bc.emulator.rows('salesOrders').some((row) => row.externalDocumentNumber === reference)),
      {
        timeoutMs: 30_000,
        what: 'four BC sales orders',
      },
    );
    const after = supplements();
    // Each order's payments were announced; an order read before its announcement came asks for them (none is read twice).
    expect(after.announced - before.announced).toBeGreaterThan(0);
    expect(after.announced - before.announced + after.asked - before.asked).toBeLessThanOrEqual(placed.length);
    const rows = sandbox.bc.emulator.rows('salesOrders');
    for (const order of placed) {
      const shopOrder = sandbox.shopify.emulator.shop.orders.get(BigInt(order.id.split('/').pop()!))!;
      const card = shopOrder.transactions.find((transaction) => transaction.gateway !== 'gift_card')!;
      const row = rows.find((candidate) => candidate.externalDocumentNumber === `SHOP-${order.name.replace('#', '')}`)!;
      expect(row._paymentTransactionId, order.name).toBe(card.paymentId);
    }
  }, 60_000);
});
