import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../../test/support/backends.ts';
import { ordersHarness } from '../../../test/support/orders-harness.ts';
import { testOrdersConfig } from '../../../test/support/orders-config.ts';
import { ConnectorError } from '../../core/errors.ts';
import { getRecord, ignoreException, listExceptions, listLinks, searchRecords, transitionRecord } from '../../ledger/index.ts';
import type { Store } from '../../store/open-store.ts';
import type { ImportJob } from './deps.ts';
import { importOrder } from './import-order.ts';
import { takeInOrder } from './intake.ts';
import { giveUp, releasePostingWindow, retryRecordsAwaitingFixes } from './jobs.ts';
import { pollOrders } from './poll.ts';
import { sampleOrder } from '../../../test/support/sample-order.ts';

describe('orders flow: the life of one order', () => {
  let store: Store;
  let world: ReturnType<typeof ordersHarness>;
  let next = 2000;

  beforeAll(async () => {
    store = await embeddedBackend().open();
  });
  afterAll(() => store.close());
  beforeEach(() => {
    world = ordersHarness(store);
    next += 10;
  });

  it('posts a new order as one BC sales order carrying the reference, and records the trail', async () => {
    const order = await world.place({ number: next });
    await world.runQueued();
    expect(world.erp.salesOrders).toHaveLength(1);
    const [salesOrder] = world.erp.salesOrders;
    expect(salesOrder!.draft).toMatchObject({
      externalDocumentNumber: `SHOP-${next}`,
      customerNumber: 'C00010',
      pricesIncludeTax: true,
      shipmentMethodId: 'sm-std',
      shipTo: { name: 'Amelia Hughes', city: 'Leeds', postCode: 'LS1 1AA', country: 'GB' },
    });
    const [record] = await searchRecords(store.db, order.name);
    expect(record).toMatchObject({
      state: 'posted',
      externalRef: `SHOP-${next}`,
      targetIds: { 'bc.salesOrder.number': salesOrder!.number, 'shopify.paymentId': `pay_${next}` },
    });
    const trail = await listLinks(store.db, record!.linkGroup);
    expect(trail.map((link) => `${link.system}:${link.kind}:${link.label}`)).toEqual([
      `shopify:order:#${next}`,
      'shopify:payment:shopify_payments',
      `bc:salesOrder:${salesOrder!.number}`,
    ]);
    // Finance finds the order from the payment id.
    expect((await searchRecords(store.db, `pay_${next}`)).map((found) => found.id)).toEqual([record!.id]);
  });

  it('creates nothing new for a duplicate webhook or a poll finding an order the webhook brought', async () => {
    // Changed before the poll's settle time, so the poll lists it.
    const order = await world.place({ number: next, updatedAt: new Date(Date.now() - 20 * 60_000).toISOString() });
    const ref = { id: order.id, legacyId: order.legacyId, name: order.name, updatedAt: order.updatedAt };
    await takeInOrder(world.deps, ref, 'webhook');
    await world.runQueued();
    expect(await takeInOrder(world.deps, ref, 'webhook')).toBe('already-posted');
    await store.db.deleteFrom('lb_cursor').execute();
    expect((await pollOrders(world.deps)).seen).toBeGreaterThanOrEqual(1);
    await world.runQueued();
    expect(world.erp.createCalls).toBe(1);
  });

  it('builds on the newest webhook body when Shopify updated the order while its import waited, and on the kept read when a held order is retried', async () => {
    const given: unknown[][] = [];
    const getOrder = world.channel.getOrder.bind(world.channel);
    world.channel.getOrder = async (id: string, ...rest: unknown[]) => (given.push(rest), getOrder(id));
    const order = sampleOrder({ number: next, lines: [{ sku: 'BAG-TOTE-LATER', unitPrice: '15.00' }] });
    const ref = world.channel.add(order);
    const first = { ...order, updatedAt: '2026-12-07T10:00:00.000Z' };
    const later = { ...order, updatedAt: '2026-12-07T10:00:05.000Z' };
    world.deps.latestWebhookSnapshot = async (id) => (id === order.id ? later : undefined);
    await takeInOrder(world.deps, { ...ref, snapshot: first }, 'webhook');
    await world.runQueued();
    expect(given).toEqual([[later]]);
    // An older "latest" changes nothing.
    world.deps.latestWebhookSnapshot = async () => ({ ...order, updatedAt: '2026-12-07T09:00:00.000Z' });
    await takeInOrder(world.deps, { ...ref, snapshot: first }, 'webhook');
    await world.runQueued();
    expect(given.at(-1)).toEqual([first]);
    // Held (an unknown SKU) and retried on schedule: the fix would show on the order the ledger
    // kept, so the retry reads nothing from Shopify while the SKU is still unknown.
    const [record] = await searchRecords(store.db, order.name);
    expect(record!.state).toBe('exception');
    const dueAgain = async () => {
      const [held] = await listExceptions(store.db, { recordId: record!.id });
      await new Promise((done) => setTimeout(done, (held!.lastSeenAt.getTime() - held!.firstSeenAt.getTime()) / 2 + 20));
    };
    await dueAgain();
    const reads = given.length;
    expect(await retryRecordsAwaitingFixes(world.deps)).toBe(1);
    await world.runQueued();
    expect(given).toHaveLength(reads);
    expect((await listExceptions(store.db, { recordId: record!.id }))[0]).toMatchObject({ code: 'unknown_sku', occurrences: 3 });
    // The fix arrives: the retry reads what the ledger kept with details afresh, and the order
    // posts, leaving no held record behind for the other tests.
    world.erp.addItem('BAG-TOTE-LATER');
    await dueAgain();
    await retryRecordsAwaitingFixes(world.deps);
    await world.runQueued();
    expect(given.at(-1)).toEqual([record!.payload, { freshDetails: true }]);
    expect((await getRecord(store.db, record!.id))!.state).toBe('posted');
  });

  it('retries an order held for customs data by reading the product details alone, and one held for a location by reading it afresh', async () => {
    let reads = 0;
    const getOrder = world.channel.getOrder.bind(world.channel);
    world.channel.getOrder = async (id: string) => ((reads += 1), getOrder(id));
    const order = sampleOrder({
      number: next,
      lines: [
        { sku: 'TEE-ORG-M', unitPrice: '24.00' },
        { sku: 'CAP-CANVAS', title: 'Canvas Cap', unitPrice: '22.00', hsCode: null, origin: null },
      ],
    });
    order.shippingAddress = { ...order.shippingAddress!, countryCode: 'US', city: 'Boston', zip: '02108' };
    world.erp.addItem('CAP-CANVAS');
    await takeInOrder(world.deps, world.channel.add(order), 'webhook');
    await world.runQueued();
    const [record] = await searchRecords(store.db, order.name);
    expect((await listExceptions(store.db, { recordId: record!.id })).map((exception) => exception.code)).toEqual(['missing_customs_data']);
    const retry = async () => {
      await world.queue.enqueue<ImportJob>('orders.import', { recordId: record!.id, recheck: true });
      await world.runQueued();
    };
    reads = 0;
    await retry();
    expect([reads, world.channel.productDetailReads]).toEqual([0, 1]);
    // The HS code and origin are filled in on the product: the order itself does not change.
    Object.assign(world.channel.orders.get(order.id)!.lines[1]!, { harmonizedSystemCode: '6505009000', countryOfOrigin: 'PT' });
    await retry();
    expect(reads).toBe(1);
    expect((await getRecord(store.db, record!.id))!.state).toBe('posted');

    // A location's fix may lie in the order's fulfilment orders, which move unannounced: read afresh.
    const elsewhere = await world.place({ number: next + 1, locationId: 'gid://shopify/Location/99' });
    await world.runQueued();
    const [held] = await searchRecords(store.db, elsewhere.name);
    expect((await listExceptions(store.db, { recordId: held!.id })).map((exception) => exception.code)).toEqual(['location_unmapped']);
    reads = 0;
    await world.queue.enqueue<ImportJob>('orders.import', { recordId: held!.id, recheck: true });
    await world.runQueued();
    expect(reads).toBe(1);
    // Leaves no held record behind for the other tests' retries.
    await ignoreException(store.db, (await listExceptions(store.db, { recordId: held!.id }))[0]!.id, { by: 'test', note: 'test done' });
  });

  it('holds an order with an unknown SKU as an e-commerce exception that clears itself once the item exists', async () => {
    const order = await world.place({
      number: next,
      lines: [
        { sku: 'TEE-ORG-M', unitPrice: '24.00' },
        { sku: 'BAG-TOTE-NEW', title: 'Tote Bag', unitPrice: '15.00' },
      ],
    });
    await world.runQueued();
    expect(world.erp.salesOrders).toHaveLength(0);
    const [record] = await searchRecords(store.db, order.name);
    expect(record!.state).toBe('exception');
    const [exception] = await listExceptions(store.db, { recordId: record!.id });
    expect(exception).toMatchObject({ code: 'unknown_sku', owner: 'ecommerce', category: 'master_data', status: 'open', autoRetry: true });
    expect(exception!.message).toBe(
      `Order #${next} cannot be posted: line 2 (Tote Bag) has SKU BAG-TOTE-NEW, which Business Central does not know.`,
    );
    expect(exception!.action).toMatch(/Create the item in Business Central/);

    expect(await retryRecordsAwaitingFixes(world.deps)).toBe(1);
    await world.runQueued();
    const seen = (await listExceptions(store.db, { recordId: record!.id }))[0]!;
    expect(seen.occurrences).toBe(2);
    // Backing off (ledger.integration.test.ts): due again once unseen for half as long as it has been open.
    await new Promise((done) => setTimeout(done, (seen.lastSeenAt.getTime() - seen.firstSeenAt.getTime()) / 2 + 20));

    world.erp.addItem('BAG-TOTE-NEW');
    expect(await retryRecordsAwaitingFixes(world.deps)).toBe(1);
    await world.runQueued();
    expect(world.erp.salesOrders).toHaveLength(1);
    expect((await getRecord(store.db, record!.id))!.state).toBe('posted');
    expect(await listExceptions(store.db, { status: 'all', recordId: record!.id })).toEqual([
      expect.objectContaining({ status: 'resolved' }),
    ]);
  });

  it('reports every problem of an order at once, each to its owning team', async () => {
    const order = await world.place({
      number: next,
      shipping: { title: 'Drone', code: 'DRONE', price: '4.00' },
      lines: [{ sku: 'NOPE-1', unitPrice: '5.00' }],
      locationId: 'gid://shopify/Location/99',
    });
    order.shippingAddress = null;
    world.channel.add(order);
    world.deps.config = testOrdersConfig({ shippingMethods: {} });
    await world.runQueued();
    const [record] = await searchRecords(store.db, order.name);
    const exceptions = await listExceptions(store.db, { recordId: record!.id });
    expect(exceptions.map((exception) => `${exception.code}/${exception.owner}`).sort()).toEqual([
      'incomplete_address/ecommerce',
      'location_unmapped/operations',
      'shipping_method_unmapped/operations',
      'unknown_sku/ecommerce',
    ]);
  });

  it('posts a held order once an operator override supplies the missing data', async () => {
    const order = await world.place({ number: next });
    order.shippingAddress = { ...order.shippingAddress!, zip: null };
    world.channel.add(order);
    await world.runQueued();
    const [record] = await searchRecords(store.db, order.name);
    expect((await listExceptions(store.db, { recordId: record!.id }))[0]!.code).toBe('incomplete_address');
    await transitionRecord(store.db, record!.id, {
      to: 'exception',
      actor: 'ana',
      reason: 'override',
      overrides: { 'shippingAddress.zip': 'LS1 1AA' },
    });
    await world.queue.enqueue('orders.import', { recordId: record!.id });
    await world.runQueued();
    expect(world.erp.salesOrders[0]!.draft.shipTo?.postCode).toBe('LS1 1AA');
    expect((await getRecord(store.db, record!.id))!.state).toBe('posted');
  });

  it('adopts the order when BC committed it but the response was lost', async () => {
    const order = await world.place({ number: next });
    world.erp.loseNextResponse = true;
    await world.runQueued();
    expect(world.erp.createCalls).toBe(1);
    const [record] = await searchRecords(store.db, order.name);
    expect(record).toMatchObject({ state: 'posted', targetIds: { 'bc.salesOrder.id': world.erp.salesOrders[0]!.id } });
  });

  it("finds the order by the companion's Shopify order id when the extension is installed", async () => {
    world.erp.companion = true;
    const order = await world.place({ number: next });
    world.erp.loseNextResponse = true;
    await world.runQueued();
    expect(world.erp.salesOrders).toHaveLength(1);
    expect(world.erp.salesOrders[0]!.integration).toEqual({ shopifyOrderId: order.id, paymentTransactionId: `pay_${next}` });
  });

  it('writes the companion fields in the create itself when the extension can, with no follow-up write', async () => {
    Object.assign(world.erp, { companion: true, companionCreate: true });
    const order = await world.place({ number: next });
    await world.runQueued();
    expect(world.erp.salesOrders[0]!.draft.integration).toEqual({ shopifyOrderId: order.id, paymentTransactionId: `pay_${next}` });
    expect(world.erp.salesOrders[0]!.integration).toEqual({ shopifyOrderId: order.id, paymentTransactionId: `pay_${next}` });
    expect([world.erp.createCalls, world.erp.integrationWrites]).toEqual([1, 0]);
    const [record] = await searchRecords(store.db, order.name);
    expect(record).toMatchObject({
      state: 'posted',
      targetIds: { 'bc.salesOrder.id': world.erp.salesOrders[0]!.id, 'shopify.paymentId': `pay_${next}` },
    });
  });

  it('writes the companion fields after the create when the extension cannot take them in it', async () => {
    world.erp.companion = true;
    const order = await world.place({ number: next });
    await world.runQueued();
    expect(world.erp.salesOrders[0]!.integration).toEqual({ shopifyOrderId: order.id, paymentTransactionId: `pay_${next}` });
    expect([world.erp.createCalls, world.erp.integrationWrites]).toEqual([1, 1]);
  });

  it('adopts an order whose one-request create lost its answer by the Shopify id, and writes the fields again', async () => {
    Object.assign(world.erp, { companion: true, companionCreate: true, loseNextResponse: true });
    const order = await world.place({ number: next });
    await world.runQueued();
    expect([world.erp.salesOrders.length, world.erp.createCalls, world.erp.integrationWrites]).toEqual([1, 1, 1]);
    expect(world.erp.salesOrders[0]!.integration).toEqual({ shopifyOrderId: order.id, paymentTransactionId: `pay_${next}` });
    const [record] = await searchRecords(store.db, order.name);
    expect(record).toMatchObject({ state: 'posted', targetIds: { 'bc.salesOrder.id': world.erp.salesOrders[0]!.id } });
  });

  it('turns a business-rule refusal from BC into a finance exception without retrying', async () => {
    const order = await world.place({ number: next });
    world.erp.failNextCreate = new ConnectorError({
      system: 'bc',
      code: 'invalid_request',
      upstreamCode: 'Application_DialogException',
      message: 'Customer C00010 is blocked for Ship.',
    });
    await world.runQueued();
    const [record] = await searchRecords(store.db, order.name);
    expect((await listExceptions(store.db, { recordId: record!.id }))[0]).toMatchObject({ code: 'bc_rejected', owner: 'finance' });
    expect(world.erp.salesOrders).toHaveLength(0);
  });

  it('lets a transient failure escape to the queue for a retry', async () => {
    await world.place({ number: next });
    world.erp.failNextCreate = new ConnectorError({ system: 'bc', code: 'rate_limited', message: '429' });
    const [job] = world.queue.drain();
    await expect(importOrder(world.deps, job!.data as ImportJob)).rejects.toMatchObject({ code: 'rate_limited' });
    expect(await importOrder(world.deps, job!.data as ImportJob)).toBe('posted');
  });

  it('tells the operator when a change to an order already in BC could not be made, leaving the order posted', async () => {
    const order = await world.place({ number: next });
    await world.runQueued();
    const [record] = await searchRecords(store.db, order.name);
    expect(record!.state).toBe('posted');
    const error = new ConnectorError({ system: 'bc', code: 'upstream_unavailable', message: '503' });
    await giveUp(world.deps, { recordId: record!.id }, error, {
      retry: false,
      delayMs: 0,
      reason: 'bc unavailable, 8 attempts',
      stop: 'exhausted',
    });
    expect((await getRecord(store.db, record!.id))!.state).toBe('posted');
    const [open] = await listExceptions(store.db, { recordId: record!.id });
    expect(open).toMatchObject({ code: 'retries_exhausted', status: 'open' });
    expect(open!.message).toContain(`Order ${order.name} changed in Shopify, but the change could not be made in Business Central`);
    await ignoreException(store.db, open!.id, { by: 'test', note: 'test done' });
  });

  it('holds an order whose BC tax differs beyond the tolerance, with both figures', async () => {
    world.erp.addItem('SOCK-WOOL-3PK', { vatRate: '0' });
    const order = await world.place({ number: next });
    await world.runQueued();
    const [record] = await searchRecords(store.db, order.name);
    expect(record!.state).toBe('posted');
    const [exception] = await listExceptions(store.db, { recordId: record!.id });
    expect(exception).toMatchObject({ code: 'tax_mismatch', owner: 'finance' });
    expect(exception!.message).toContain('Shopify 65.69 incl. 10.95 VAT; BC 65.69 incl. 7.86 VAT');
  });

  it('waits for the posting window in scheduled mode', async () => {
    world.deps.config = testOrdersConfig({ posting: { mode: 'scheduled', cron: '0 * * * *' } });
    const order = await world.place({ number: next });
    await world.runQueued();
    expect((await searchRecords(store.db, order.name))[0]!.state).toBe('waiting');
    expect(world.erp.salesOrders).toHaveLength(0);
    expect(await releasePostingWindow(world.deps)).toBeGreaterThanOrEqual(1);
    await world.runQueued();
    expect(world.erp.salesOrders).toHaveLength(1);
  });

  it('skips an order cancelled before it was posted', async () => {
    const order = await world.place({ number: next, cancelledAt: '2026-11-24T09:30:00Z', cancelReason: 'CUSTOMER' });
    await world.runQueued();
    expect(world.erp.salesOrders).toHaveLength(0);
    expect((await searchRecords(store.db, order.name))[0]!.state).toBe('skipped');
  });
});
