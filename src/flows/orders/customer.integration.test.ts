import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachBackend } from '../../../test/support/backends.ts';
import { ordersHarness } from '../../../test/support/orders-harness.ts';
import { testOrdersConfig } from '../../../test/support/orders-config.ts';
import { listExceptions, searchRecords } from '../../ledger/index.ts';
import type { Store } from '../../store/open-store.ts';

describeEachBackend('orders flow: customers', (backend) => {
  let store: Store;
  let world: ReturnType<typeof ordersHarness>;
  let next = 5000;

  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
  });
  beforeEach(() => {
    world = ordersHarness(store);
    next += 100;
  });

  it('matches an existing BC customer by e-mail whatever its case and spaces', async () => {
    await world.place({ number: next, email: '  Amelia.HUGHES@Example.co.uk ' });
    await world.runQueued();
    expect(world.erp.salesOrders[0]!.draft.customerNumber).toBe('C00010');
    expect(world.erp.customerCreates).toBe(0);
  });

  it('creates one BC customer when fifty orders from one new customer arrive at once, and flags it for review', async () => {
    const email = `new.customer.${next}@example.com`;
    for (let index = 0; index < 50; index += 1) {
      await world.place({ number: next + index, email: index % 2 === 0 ? email : ` ${email.toUpperCase()}` });
    }
    await world.runQueued(200);
    expect(world.erp.customerCreates).toBe(1);
    expect(world.erp.salesOrders).toHaveLength(50);
    expect(new Set(world.erp.salesOrders.map((order) => order.draft.customerNumber)).size).toBe(1);
    const [customerRecord] = await searchRecords(store.db, email);
    const [review] = await listExceptions(store.db, { recordId: customerRecord!.id });
    expect(review).toMatchObject({ code: 'customer_created', severity: 'info', owner: 'finance', flow: 'customers' });
    expect(review!.message).toMatch(
      new RegExp(`New Business Central customer C9\\d{4} \\(Amelia Hughes, ${email.replace(/\./g, '\\.')}\\) was created for order #\\d+`),
    );
  });

  it('posts guest orders without e-mail to the default customer, or holds them when configured to', async () => {
    await world.place({ number: next, email: null });
    await world.runQueued();
    expect(world.erp.salesOrders[0]!.draft.customerNumber).toBe('WEB-GUEST');

    world.deps.config = testOrdersConfig({ customers: { guests: { rule: 'exception' } } });
    const held = await world.place({ number: next + 1, email: null });
    await world.runQueued();
    const [record] = await searchRecords(store.db, held.name);
    expect((await listExceptions(store.db, { recordId: record!.id }))[0]).toMatchObject({
      code: 'guest_without_email',
      owner: 'ecommerce',
    });
  });

  it('does not post to a blocked customer', async () => {
    world.erp.customers[0]!.blocked = 'All';
    const order = await world.place({ number: next });
    await world.runQueued();
    const [record] = await searchRecords(store.db, order.name);
    expect((await listExceptions(store.db, { recordId: record!.id }))[0]).toMatchObject({ code: 'customer_blocked', owner: 'finance' });
    expect(world.erp.customerCreates).toBe(0);
  });

  it('holds the order when creating customers is switched off', async () => {
    world.deps.config = testOrdersConfig({ customers: { createMissing: false } });
    const order = await world.place({ number: next, email: 'stranger@example.com' });
    await world.runQueued();
    const [record] = await searchRecords(store.db, order.name);
    expect((await listExceptions(store.db, { recordId: record!.id }))[0]).toMatchObject({ code: 'no_customer', owner: 'finance' });
  });
});
