/**
 * A missed webhook costs a poll interval, not an order. The whole sandbox runs (both
 * emulators, the hub with its real webhook receiver, queue, store and orders flow) while the
 * Shopify emulator loses every webhook delivery. The hub's own polling job is then run, twice:
 * every order placed reaches the ledger once, brought by polling, and BC once.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import { ordersJobs } from '../../src/flows/orders/deps.ts';
import { countInbox, listAudit, listRecords, type LedgerRecord } from '../../src/ledger/index.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/run-sandbox.ts';
import { waitFor } from '../support/wait-for.ts';

const root = resolve(import.meta.dirname, '../..');
const finalStates = new Set(['posted', 'exception', 'skipped']);

describe('missed webhooks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lb-missed-webhooks-'));
  let sandbox: Sandbox;

  beforeAll(async () => {
    const config = readFileSync(join(root, 'config/sandbox.yaml'), 'utf8')
      .replace(/dataDir: .*/, `dataDir: ${join(dir, 'data')}`)
      // The poll lists changes at once (no settle time): these tests run it right after placing orders.
      .replace('pollOverlapMinutes: 5', 'pollOverlapMinutes: 0');
    writeFileSync(join(dir, 'sandbox.yaml'), config);
    // The generator is stopped at once: this test places its own orders.
    sandbox = await startSandbox({
      configPath: join(dir, 'sandbox.yaml'),
      logger: silentLogger,
      ordersPerMinute: 0.001,
      ports: { hub: 0, shopify: 0, bc: 0 },
      seed: 4,
      pollingIntervalSeconds: 1,
    });
    await sandbox.shopify.stopGenerator();
  }, 60_000);

  afterAll(async () => {
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const db = () => sandbox.hub.store.db;
  const recordsOf = async (ids: string[]) =>
    (await listRecords(db(), { flow: 'orders', limit: 10_000 })).filter((record) => ids.includes(record.sourceId));

  async function pollAndSettle(ids: string[]): Promise<LedgerRecord[]> {
    await sandbox.hub.queue.enqueue(ordersJobs.poll, {});
    return waitFor(
      async () => {
        const records = await recordsOf(ids);
        const counts = await sandbox.hub.queue.counts();
        const busy = counts.some((count) => count.name.startsWith('orders.') && (count.queued > 0 || count.active > 0));
        return !busy && records.length >= ids.length && records.every((record) => finalStates.has(record.state)) ? records : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'the polled orders to be imported' },
    );
  }

  it('brings every order in through polling, exactly once, when every webhook is dropped', async () => {
    const { emulator } = sandbox.shopify;
    expect([...emulator.shop.webhookSubscriptions.values()].map((subscription) => subscription.topic).sort()).toEqual([
      'ORDERS_CANCELLED',
      'ORDERS_CREATE',
      'ORDERS_UPDATED',
      'ORDER_TRANSACTIONS_CREATE',
      'REFUNDS_CREATE',
    ]);
    emulator.setFaults({ webhooks: { dropRate: 1 } });
    const mix = { ukRate: 1, unknownSkuRate: 0, giftCardPurchaseRate: 0 };
    const placed = Array.from({ length: 12 }, () => sandbox.shopify.placeOrder(undefined, mix));
    const tagged = await fetch(`${sandbox.shopify.url}/_emulator/orders/${placed[0]!.legacyId}/tags`, {
      method: 'POST',
      body: '{"tags":["gift-wrap"]}',
    });
    expect(tagged.status).toBe(200);
    await emulator.dispatcher.idle();
    const deliveries = emulator.dispatcher.deliveries;
    // 12 orders created, one updated, and each order's payments announced.
    const payments = deliveries.filter((delivery) => delivery.topic === 'order_transactions/create');
    expect(deliveries.length - payments.length).toBe(13);
    expect(new Set(payments.map((delivery) => delivery.orderId)).size).toBe(12);
    expect(deliveries.every((delivery) => delivery.status === 'dropped')).toBe(true);
    expect(await countInbox(db(), 'shopify')).toBe(0);

    const ids = placed.map((order) => order.id);
    const records = await pollAndSettle(ids);
    expect(records.map((record) => record.sourceId).sort()).toEqual([...ids].sort());
    for (const record of records) {
      const received = (await listAudit(db(), { entity: 'record', entityId: record.id, limit: 50 })).find(
        (entry) => entry.action === 'received',
      );
      expect(received?.actor).toBe('orders-poll');
    }
    // Every order reached BC, once: one sales order per Shopify order, each with its reference.
    expect(records.map((record) => record.state)).toEqual(records.map(() => 'posted'));
    // (An order the warehouse already shipped is invoiced and gone from salesOrders, as in BC.)
    const orderNumbers = new Map<string, Set<string>>();
    const note = (reference: unknown, number: unknown) => {
      if (!reference || !number) return;
      const key = String(reference);
      orderNumbers.set(key, (orderNumbers.get(key) ?? new Set()).add(String(number)));
    };
    for (const row of sandbox.bc.emulator.rows('salesOrders')) note(row.externalDocumentNumber, row.number);
    for (const row of sandbox.bc.emulator.rows('salesInvoices')) note(row.externalDocumentNumber, row.orderNumber);
    for (const order of placed) expect(orderNumbers.get(`SHOP-${order.name.replace('#', '')}`)?.size, order.name).toBe(1);

    // The next poll (its overlap window sees the same orders again) changes nothing.
    const again = await pollAndSettle(ids);
    expect(again).toHaveLength(ids.length);
    expect(again.map((record) => [record.id, record.state, record.targetIds])).toEqual(
      records.map((record) => [record.id, record.state, record.targetIds]),
    );
    expect(await countInbox(db(), 'shopify')).toBe(0);
  }, 120_000);
});
