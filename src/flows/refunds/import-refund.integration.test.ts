import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../../test/support/backends.ts';
import { ordersHarness } from '../../../test/support/orders-harness.ts';
import { sampleRefund, type RefundSpec } from '../../../test/support/sample-refund.ts';
import { refundsFlowSchema } from '../../config/orders-schema.ts';
import { findRecord, listExceptions, listLinks, searchRecords } from '../../ledger/index.ts';
import type { Store } from '../../store/open-store.ts';
import type { RefundJob, RefundsFlowDeps } from './deps.ts';
import { importRefund } from './import-refund.ts';
import { takeInRefund, takeInRefundsOfListedOrder } from './intake.ts';
import { retryRefundsAwaitingFixes } from './jobs.ts';

describe('refunds flow', () => {
  let store: Store;
  let world: ReturnType<typeof ordersHarness>;
  let deps: RefundsFlowDeps;
  let next = 8000;

  beforeAll(async () => {
    store = await embeddedBackend().open();
  });
  afterAll(() => store.close());
  beforeEach(() => {
    world = ordersHarness(store);
    deps = {
      db: store.db,
      channel: world.channel,
      erp: world.erp,
      queue: world.queue,
      config: refundsFlowSchema.parse({ refundAccountNumber: '40400', adjustmentAccountNumber: '40900' }),
      orders: world.deps.config,
      clock: world.deps.clock,
      logger: world.deps.logger,
    };
    next += 10;
  });

  async function postedOrder(options: { invoiced?: boolean; number?: number } = {}) {
    const order = await world.place({ number: options.number ?? next });
    await world.runQueued();
    if (options.invoiced !== false) world.erp.invoiceOrder(world.erp.salesOrders.at(-1)!.number);
    return order;
  }

  async function refund(order: Awaited<ReturnType<typeof postedOrder>>, spec: RefundSpec = {}) {
    const created = sampleRefund(order, spec);
    await takeInRefund(deps, world.channel.addRefund(created), 'webhook');
    return created;
  }

  async function runRefunds() {
    const outcomes = [];
    for (let round = 0; round < 10 && world.queue.jobs.length > 0; round += 1) {
      for (const job of world.queue.drain()) outcomes.push(await importRefund(deps, job.data as RefundJob));
    }
    return outcomes;
  }

  it('credits returned units at the return location and refunded shipping, applied to the invoice', async () => {
    const order = await postedOrder();
    const made = await refund(order, { lines: [{ line: 1, quantity: 1 }], shipping: '3.99' });
    expect(await runRefunds()).toEqual(['posted']);
    expect(world.erp.creditMemos).toHaveLength(1);
    const [memo] = world.erp.creditMemos;
    expect(memo!.draft).toMatchObject({
      externalDocumentNumber: `SHOPR-${made.legacyId}`,
      customerNumber: 'C00010',
      pricesIncludeTax: true,
      invoiceId: world.erp.invoices[0]!.id,
      lines: [
        { lineType: 'Item', lineObjectNumber: 'TEE-ORG-M', quantity: '1', unitPrice: '21.60', locationId: 'loc-scend' },
        { lineType: 'Account', lineObjectNumber: '40250', quantity: '1', unitPrice: '3.99' },
      ],
    });
    expect(memo!.totalAmountIncludingTax).toBe('25.59');
    expect(memo!.status).toBe('Draft'); // left for finance to review
    const record = await findRecord(store.db, { flow: 'refunds', sourceSystem: 'shopify', sourceId: made.id });
    expect(record).toMatchObject({
      state: 'posted',
      targetIds: { 'bc.creditMemo.number': memo!.number, 'bc.invoice.number': world.erp.invoices[0]!.number },
    });
    // The refund joins the order's trail.
    const trail = await listLinks(store.db, record!.linkGroup);
    expect(trail.map((link) => `${link.system}:${link.kind}`)).toEqual(
      expect.arrayContaining(['shopify:order', 'bc:salesOrder', 'shopify:refund', 'bc:creditMemo']),
    );
  });

  it('posts the memo when configured, exactly once even after a lost response', async () => {
    deps.config = refundsFlowSchema.parse({ refundAccountNumber: '40400', post: true });
    const order = await postedOrder();
    await refund(order);
    world.erp.loseNextMemoResponse = true;
    expect(await runRefunds()).toEqual(['adopted']);
    expect(world.erp.memoCreates).toBe(1);
    expect(world.erp.memoPosts).toBe(1);
    expect(world.erp.creditMemos[0]!.status).toBe('Open');
  });

  it('handles partial and multiple refunds of one order, each once', async () => {
    const order = await postedOrder();
    await refund(order, { number: 1, lines: [{ line: 1, quantity: 1 }] });
    await refund(order, {
      number: 2,
      lines: [
        { line: 1, quantity: 1 },
        { line: 2, quantity: 1, restockType: 'NO_RESTOCK' },
      ],
    });
    await runRefunds();
    const second = sampleRefund(order, {
      number: 2,
      lines: [
        { line: 1, quantity: 1 },
        { line: 2, quantity: 1, restockType: 'NO_RESTOCK' },
      ],
    });
    await takeInRefund(
      deps,
      { id: second.id, legacyId: second.legacyId, orderId: second.orderId, processedAt: second.processedAt },
      'poll',
    );
    await runRefunds();
    expect(world.erp.creditMemos).toHaveLength(2);
    expect(world.erp.creditMemos[1]!.draft.lines.map((line) => `${line.lineType} ${line.lineObjectNumber} ${line.unitPrice}`)).toEqual([
      'Item TEE-ORG-M 21.60',
      'Account 40400 18.50',
    ]);
  });

  it('holds a refund of an order that never reached BC as an exception, and credits it once the order posts', async () => {
    const order = await world.place({ number: next, lines: [{ sku: 'NOT-YET', unitPrice: '30.00' }] });
    await world.runQueued();
    await refund(order, { lines: [{ line: 1, quantity: 1 }] });
    expect(await runRefunds()).toEqual(['exception']);
    const record = await findRecord(store.db, { flow: 'refunds', sourceSystem: 'shopify', sourceId: sampleRefund(order).id });
    expect((await listExceptions(store.db, { recordId: record!.id }))[0]).toMatchObject({
      code: 'order_not_in_bc',
      owner: 'finance',
      category: 'orphan',
    });
    world.erp.addItem('NOT-YET');
    await world.deps.queue.enqueue('orders.import', { recordId: (await searchRecords(store.db, order.name))[0]!.id });
    await world.runQueued();
    world.erp.invoiceOrder(world.erp.salesOrders.at(-1)!.number);
    await retryRefundsAwaitingFixes(deps);
    expect(await runRefunds()).toEqual(['posted']);
  });

  it('leaves units cancelled before invoicing to the order change, and waits while the money is pending', async () => {
    const order = await postedOrder({ invoiced: false });
    await refund(order, { lines: [{ line: 1, quantity: 1, restockType: 'CANCEL' }] });
    expect(await runRefunds()).toEqual(['skipped']);
    const pending = await postedOrder({ number: next + 1 });
    await refund(pending, { pending: true });
    const [first] = await runRefunds();
    expect(first).toBe('waiting');
    expect(world.erp.creditMemos).toHaveLength(0);
  });

  it('flags a memo whose total differs from the money refunded, and keeps it for review', async () => {
    const order = await postedOrder();
    world.erp.memoTotalDrift = '-1.00';
    const made = await refund(order, { lines: [{ line: 1, quantity: 1 }] });
    await runRefunds();
    const record = await findRecord(store.db, { flow: 'refunds', sourceSystem: 'shopify', sourceId: made.id });
    expect(record!.state).toBe('posted');
    const [exception] = await listExceptions(store.db, { recordId: record!.id });
    expect(exception).toMatchObject({ code: 'refund_amount_mismatch', owner: 'finance' });
    expect(exception!.message).toBe(
      `Credit memo ${world.erp.creditMemos[0]!.number} for refund ${made.legacyId} totals 20.60, but Shopify refunded 21.60 for these lines.`,
    );
  });

  it('takes in, from an order a poll listed, the refunds no webhook brought, and asks nothing about orders without any', async () => {
    const order = await postedOrder();
    const made = sampleRefund(order, { lines: [{ line: 1, quantity: 1 }] });
    world.channel.addRefund(made); // its webhook never came
    let reads = 0;
    const list = world.channel.listOrderRefunds.bind(world.channel);
    world.channel.listOrderRefunds = async (id) => ((reads += 1), list(id));
    const listed = { id: order.id, legacyId: order.legacyId, name: order.name, updatedAt: order.updatedAt };
    expect(await takeInRefundsOfListedOrder(deps, { ...listed, refundIds: [] })).toBe(0);
    expect(reads).toBe(0);
    expect(await takeInRefundsOfListedOrder(deps, { ...listed, refundIds: [made.id] })).toBe(1);
    expect(await runRefunds()).toEqual(['posted']);
    expect(world.erp.creditMemos).toHaveLength(1);
    // Listed again (another change to the order): the refund is known and credited, nothing is read.
    expect(await takeInRefundsOfListedOrder(deps, { ...listed, refundIds: [made.id] })).toBe(0);
    expect(reads).toBe(1);
    // A listing that does not say (three refunds or more) reads them; the credited one stays credited.
    expect(await takeInRefundsOfListedOrder(deps, listed)).toBe(1);
    expect(await runRefunds()).toEqual([]);
    expect(world.erp.creditMemos).toHaveLength(1);
  });
});
