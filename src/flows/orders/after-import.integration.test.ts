import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../../test/support/backends.ts';
import { ordersHarness } from '../../../test/support/orders-harness.ts';
import { listExceptions, searchRecords } from '../../ledger/index.ts';
import type { Store } from '../../store/open-store.ts';
import { ordersJobs, type ImportJob } from './deps.ts';
import { takeInOrder } from './intake.ts';

describe('orders flow: changes after import', () => {
  let store: Store;
  let world: ReturnType<typeof ordersHarness>;
  let next = 7000;

  beforeAll(async () => {
    store = await embeddedBackend().open();
  });
  afterAll(() => store.close());
  beforeEach(() => {
    world = ordersHarness(store);
    next += 10;
  });

  async function change(order: Awaited<ReturnType<typeof world.place>>, edit: (order: Awaited<ReturnType<typeof world.place>>) => void) {
    edit(order);
    order.updatedAt = new Date(Date.parse(order.updatedAt) + 60_000).toISOString();
    await takeInOrder(world.deps, world.channel.add(order), 'webhook:orders/updated');
    await world.runQueued();
  }

  it('replaces an unreleased BC order when the order is edited in Shopify', async () => {
    const order = await world.place({ number: next });
    await world.runQueued();
    const first = world.erp.salesOrders[0]!.number;
    await change(order, (edited) => {
      edited.lines[0]!.currentQuantity = 1;
    });
    expect(world.erp.salesOrders).toHaveLength(1);
    const replacement = world.erp.salesOrders[0]!;
    expect(replacement.number).not.toBe(first);
    expect(replacement.draft.lines[0]).toMatchObject({ lineObjectNumber: 'TEE-ORG-M', quantity: '1', discountAmount: '2.40' });
    const [record] = await searchRecords(store.db, order.name);
    expect(record).toMatchObject({ state: 'posted', targetIds: { 'bc.salesOrder.number': replacement.number } });
  });

  it('removes an unreleased BC order when the order is cancelled in Shopify', async () => {
    const order = await world.place({ number: next });
    await world.runQueued();
    await change(order, (edited) => {
      edited.cancelledAt = new Date().toISOString();
    });
    expect(world.erp.salesOrders).toHaveLength(0);
    expect((await searchRecords(store.db, order.name))[0]!.state).toBe('skipped');
  });

  it('raises a conflict naming what changed once BC has released the order', async () => {
    const order = await world.place({ number: next });
    await world.runQueued();
    world.erp.salesOrders[0]!.status = 'Open';
    await change(order, (edited) => {
      edited.shippingAddress = { ...edited.shippingAddress!, zip: 'LS2 2BB' };
    });
    expect(world.erp.salesOrders).toHaveLength(1);
    const [record] = await searchRecords(store.db, order.name);
    const [conflict] = await listExceptions(store.db, { recordId: record!.id });
    expect(conflict).toMatchObject({ code: 'order_changed_after_release', owner: 'operations', category: 'conflict' });
    expect(conflict!.message).toBe(
      `Order #${next} changed in Shopify, but Business Central order ${world.erp.salesOrders[0]!.number} is already released: ship-to zip: LS1 1AA → LS2 2BB.`,
    );
  });

  it('keeps the BC order when units are refunded after shipping: the credit memo takes them back', async () => {
    const order = await world.place({ number: next });
    await world.runQueued();
    await change(order, (edited) => {
      // Shopify takes refunded units off currentQuantity; a return or a refund without restock is credited.
      edited.lines[0]!.currentQuantity -= 1;
      edited.lines[0]!.creditedQuantity = 1;
    });
    expect(world.erp.createCalls).toBe(1);
    expect(world.outcomes.at(-1)).toBe('already-posted');
    expect(await listExceptions(store.db, { recordId: (await searchRecords(store.db, order.name))[0]!.id })).toEqual([]);
  });

  it('never creates again an order BC has closed (shipped and invoiced, so deleted), and says why', async () => {
    const order = await world.place({ number: next });
    await world.runQueued();
    const closed = world.erp.salesOrders.pop()!;
    await change(order, (edited) => {
      edited.lines[0]!.currentQuantity = 1;
    });
    expect(world.erp.createCalls).toBe(1);
    const [record] = await searchRecords(store.db, order.name);
    expect(record).toMatchObject({ state: 'posted', targetIds: { 'bc.salesOrder.number': closed.number } });
    const [conflict] = await listExceptions(store.db, { recordId: record!.id });
    expect(conflict).toMatchObject({ code: 'order_changed_after_release', owner: 'operations' });
    expect(conflict!.message).toContain(
      `Business Central order ${closed.number} no longer exists (BC closes an order once it is fully shipped and invoiced)`,
    );
  });

  it('a hub stopped right after removing the unreleased order carries on with the replacement', async () => {
    const order = await world.place({ number: next });
    await world.runQueued();
    const remove = world.erp.deleteSalesOrder.bind(world.erp);
    world.erp.deleteSalesOrder = async (id: string) => {
      await remove(id);
      world.erp.deleteSalesOrder = remove;
      throw new Error('the hub stopped here');
    };
    await expect(
      change(order, (edited) => {
        edited.lines[0]!.currentQuantity = 1;
      }),
    ).rejects.toThrow('the hub stopped here');
    expect(world.erp.salesOrders).toHaveLength(0);

    // The interrupted job comes back, as the queue recovers in-flight work after a restart.
    const [stopped] = await searchRecords(store.db, order.name);
    expect(stopped).toMatchObject({ state: 'posted', targetIds: { 'bc.salesOrder.removing': expect.any(String) } });
    await world.queue.enqueue<ImportJob>(ordersJobs.import, { recordId: stopped!.id });
    await world.runQueued();
    expect(world.erp.salesOrders).toHaveLength(1);
    expect(world.erp.salesOrders[0]!.draft.lines[0]).toMatchObject({ quantity: '1' });
    const [record] = await searchRecords(store.db, order.name);
    expect(record).toMatchObject({ state: 'posted', targetIds: { 'bc.salesOrder.number': world.erp.salesOrders[0]!.number } });
    expect(await listExceptions(store.db, { recordId: record!.id, status: 'open' })).toEqual([]);
  });

  it('a hub stopped right after the create, with the order edited meanwhile, adopts what BC got and then makes the edit', async () => {
    const order = await world.place({ number: next });
    const create = world.erp.createSalesOrder.bind(world.erp);
    world.erp.createSalesOrder = async (draft) => {
      await create(draft);
      world.erp.createSalesOrder = create;
      throw new Error('the hub stopped here');
    };
    await expect(world.runQueued()).rejects.toThrow('the hub stopped here');
    const first = world.erp.salesOrders[0]!;
    expect(first.draft.lines[0]).toMatchObject({ quantity: '2' });

    // Shopify takes a unit off before the interrupted job comes back; its webhook names the newer order.
    await change(order, (edited) => {
      edited.lines[0]!.currentQuantity = 1;
    });
    expect(world.erp.salesOrders).toHaveLength(1);
    const replacement = world.erp.salesOrders[0]!;
    expect(replacement.number).not.toBe(first.number);
    expect(replacement.draft.lines[0]).toMatchObject({ quantity: '1' });
    const [record] = await searchRecords(store.db, order.name);
    expect(record).toMatchObject({ state: 'posted', targetIds: { 'bc.salesOrder.number': replacement.number } });
    expect((record!.postedSnapshot as { lines: { quantity: number }[] }).lines[0]!.quantity).toBe(1);
    expect(world.outcomes.at(-1)).toBe('posted');
  });

  it('ignores updates that change nothing BC cares about (tags, fulfilment)', async () => {
    const order = await world.place({ number: next });
    await world.runQueued();
    await change(order, (edited) => {
      edited.tags = ['vip'];
      edited.displayFulfillmentStatus = 'FULFILLED';
    });
    expect(world.erp.createCalls).toBe(1);
    expect(world.outcomes.at(-1)).toBe('already-posted');
  });
});
