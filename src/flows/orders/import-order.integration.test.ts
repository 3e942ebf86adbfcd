import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../../test/support/backends.js';
import { FakeChannel, FakeErp, RecordingQueue, sampleOrder } from '../../../test/support/fake-orders-world.js';
import { systemClock } from '../../core/clock.js';
import { ConnectorError } from '../../core/errors.js';
import { silentLogger } from '../../core/logger.js';
import { ordersFlowSchema } from '../../config/schema.js';
import { getRecord, listExceptions, listLinks, searchRecords, transitionRecord } from '../../ledger/index.js';
import type { Store } from '../../store/open-store.js';
import type { ImportJob, OrdersFlowDeps } from './deps.js';
import { importOrder } from './import-order.js';
import { takeInOrder } from './intake.js';
import { releasePostingWindow, retryRecordsAwaitingFixes } from './jobs.js';
import { pollOrders } from './poll.js';

describe('orders flow', () => {
  let store: Store;
  let channel: FakeChannel;
  let erp: FakeErp;
  let queue: RecordingQueue;
  let deps: OrdersFlowDeps;
  let next = 2000;

  beforeAll(async () => {
    store = await embeddedBackend().open();
  });
  afterAll(() => store.close());
  beforeEach(() => {
    channel = new FakeChannel();
    erp = new FakeErp();
    queue = new RecordingQueue();
    deps = { db: store.db, channel, erp, queue, config: ordersFlowSchema.parse({ defaultCustomerNumber: 'WEB-GUEST' }), clock: systemClock, logger: silentLogger };
    next += 10;
  });

  /** Runs every queued import until the queue is empty, as the worker would. */
  async function runQueuedImports() {
    for (let round = 0; round < 10 && queue.jobs.length > 0; round += 1) {
      for (const job of queue.drain()) await importOrder(deps, job.data as ImportJob);
    }
  }

  it('posts a new order as one BC sales order carrying the reference, and records the trail', async () => {
    const order = sampleOrder({ number: next });
    expect(await takeInOrder(deps, channel.add(order), 'webhook')).toBe('new');
    await runQueuedImports();
    expect(erp.salesOrders).toHaveLength(1);
    const [salesOrder] = erp.salesOrders;
    expect(salesOrder!.draft).toMatchObject({
      externalDocumentNumber: `SHOP-${next}`,
      customerNumber: 'C00010',
      pricesIncludeTax: true,
      shipTo: { name: 'Amelia Hughes', city: 'Leeds', postCode: 'LS1 1AA', country: 'GB' },
      lines: [
        { lineType: 'Item', lineObjectNumber: 'TEE-ORG-M', quantity: '2', unitPrice: '24.00', discountAmount: '4.80' },
        { lineType: 'Item', lineObjectNumber: 'SOCK-WOOL-3PK', quantity: '1', unitPrice: '18.50' },
      ],
    });
    const [record] = await searchRecords(store.db, order.name);
    expect(record).toMatchObject({ state: 'posted', externalRef: `SHOP-${next}`, targetIds: { 'bc.salesOrder.number': salesOrder!.number } });
    const trail = await listLinks(store.db, record!.linkGroup);
    expect(trail.map((link) => `${link.system}:${link.kind}:${link.label}`)).toEqual([`shopify:order:#${next}`, `bc:salesOrder:${salesOrder!.number}`]);
  });

  it('creates nothing new for a duplicate webhook or a poll finding an order the webhook brought', async () => {
    const ref = channel.add(sampleOrder({ number: next, updatedAt: new Date().toISOString() }));
    await takeInOrder(deps, ref, 'webhook');
    await takeInOrder(deps, ref, 'webhook');
    await runQueuedImports();
    expect(await takeInOrder(deps, ref, 'webhook')).toBe('already-posted');
    await pollOrders(deps);
    await runQueuedImports();
    expect(erp.salesOrders.filter((order) => order.externalDocumentNumber === `SHOP-${next}`)).toHaveLength(1);
    expect(erp.createCalls).toBe(1);
  });

  it('holds an order with an unknown SKU as an e-commerce exception that clears itself once the item exists', async () => {
    const order = sampleOrder({ number: next });
    order.lines[1]!.sku = 'BAG-TOTE-NEW';
    await takeInOrder(deps, channel.add(order), 'webhook');
    await runQueuedImports();
    expect(erp.salesOrders).toHaveLength(0);
    const [record] = await searchRecords(store.db, order.name);
    expect(record!.state).toBe('exception');
    const [exception] = await listExceptions(store.db, { recordId: record!.id });
    expect(exception).toMatchObject({ code: 'unknown_sku', owner: 'ecommerce', category: 'master_data', status: 'open', autoRetry: true });
    expect(exception!.message).toContain(`Order #${next}`);
    expect(exception!.message).toContain('BAG-TOTE-NEW');
    expect(exception!.action).toMatch(/Create the item in Business Central/);

    // Nothing changes while the item is still missing: one more occurrence, no order.
    await retryRecordsAwaitingFixes(deps);
    await runQueuedImports();
    expect((await listExceptions(store.db, { recordId: record!.id }))[0]!.occurrences).toBe(2);

    erp.addItem('BAG-TOTE-NEW');
    await retryRecordsAwaitingFixes(deps);
    await runQueuedImports();
    expect(erp.salesOrders).toHaveLength(1);
    expect((await getRecord(store.db, record!.id))!.state).toBe('posted');
    expect(await listExceptions(store.db, { status: 'all', recordId: record!.id })).toEqual([expect.objectContaining({ status: 'resolved' })]);
  });

  it('adopts the order when BC committed it but the response was lost', async () => {
    const order = sampleOrder({ number: next });
    await takeInOrder(deps, channel.add(order), 'webhook');
    erp.loseNextResponse = true;
    await runQueuedImports();
    expect(erp.createCalls).toBe(1);
    expect(erp.salesOrders).toHaveLength(1);
    const [record] = await searchRecords(store.db, order.name);
    expect(record).toMatchObject({ state: 'posted', targetIds: { 'bc.salesOrder.id': erp.salesOrders[0]!.id } });
  });

  it('looks the reference up before creating again after a crash mid-create', async () => {
    const order = sampleOrder({ number: next });
    await takeInOrder(deps, channel.add(order), 'webhook');
    const [job] = queue.drain();
    // The crash: the intent is recorded and BC has the order, but the hub died before recording the result.
    const { recordId } = job!.data as ImportJob;
    await transitionRecord(store.db, recordId, { to: 'posting', actor: 'test', externalRef: `SHOP-${next}` });
    await erp.createSalesOrder({ externalDocumentNumber: `SHOP-${next}`, customerNumber: 'C00010', orderDate: '2026-11-24', pricesIncludeTax: true, lines: [] });
    expect(await importOrder(deps, { recordId })).toBe('adopted');
    expect(erp.createCalls).toBe(1);
    expect(await importOrder(deps, { recordId })).toBe('already-posted');
  });

  it('creates after a crash that happened before BC received anything', async () => {
    const order = sampleOrder({ number: next });
    await takeInOrder(deps, channel.add(order), 'webhook');
    const [job] = queue.drain();
    const { recordId } = job!.data as ImportJob;
    await transitionRecord(store.db, recordId, { to: 'posting', actor: 'test', externalRef: `SHOP-${next}` });
    expect(await importOrder(deps, { recordId })).toBe('posted');
    expect(erp.salesOrders).toHaveLength(1);
  });

  it('turns a business-rule refusal from BC into a finance exception without retrying', async () => {
    const order = sampleOrder({ number: next });
    await takeInOrder(deps, channel.add(order), 'webhook');
    erp.failNextCreate = new ConnectorError({ system: 'bc', code: 'invalid_request', upstreamCode: 'Application_DialogException', message: 'Customer C00010 is blocked for Ship.' });
    await runQueuedImports();
    const [record] = await searchRecords(store.db, order.name);
    expect(record!.state).toBe('exception');
    expect((await listExceptions(store.db, { recordId: record!.id }))[0]).toMatchObject({ code: 'bc_rejected', owner: 'finance' });
    expect(erp.salesOrders).toHaveLength(0);
  });

  it('lets a transient failure escape to the queue for a retry', async () => {
    const order = sampleOrder({ number: next });
    await takeInOrder(deps, channel.add(order), 'webhook');
    erp.failNextCreate = new ConnectorError({ system: 'bc', code: 'rate_limited', message: '429' });
    const [job] = queue.drain();
    await expect(importOrder(deps, job!.data as ImportJob)).rejects.toMatchObject({ code: 'rate_limited' });
    expect(await importOrder(deps, job!.data as ImportJob)).toBe('posted');
  });

  it('falls back to the default web customer when no BC customer has the e-mail', async () => {
    const order = sampleOrder({ number: next, email: 'New.Person@Example.com ' });
    await takeInOrder(deps, channel.add(order), 'webhook');
    await runQueuedImports();
    expect(erp.salesOrders[0]!.draft.customerNumber).toBe('WEB-GUEST');
  });

  it('waits for the posting window in scheduled mode', async () => {
    deps.config = ordersFlowSchema.parse({ defaultCustomerNumber: 'WEB-GUEST', posting: { mode: 'scheduled', cron: '0 * * * *' } });
    const order = sampleOrder({ number: next });
    await takeInOrder(deps, channel.add(order), 'webhook');
    await runQueuedImports();
    const [record] = await searchRecords(store.db, order.name);
    expect(record!.state).toBe('waiting');
    expect(erp.salesOrders).toHaveLength(0);
    expect(await releasePostingWindow(deps)).toBeGreaterThanOrEqual(1);
    await runQueuedImports();
    expect(erp.salesOrders).toHaveLength(1);
  });

  it('skips an order cancelled before it was posted', async () => {
    const order = sampleOrder({ number: next, cancelledAt: '2026-11-24T09:30:00Z', cancelReason: 'CUSTOMER' });
    await takeInOrder(deps, channel.add(order), 'webhook');
    await runQueuedImports();
    expect(erp.salesOrders).toHaveLength(0);
    expect((await searchRecords(store.db, order.name))[0]!.state).toBe('skipped');
  });
});
