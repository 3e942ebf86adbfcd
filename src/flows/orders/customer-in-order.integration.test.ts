/**
 * With companion extension 1.3 the orders flow leaves the customer to BC: the create carries
 * the e-mail and a customer draft, and the flow makes no customer lookups or creates of its
 * own. A customer BC made is flagged for review once; "every customer blocked" from BC is the
 * same owned exception as before. (What BC does inside the insert — the match, the lock, one
 * customer per e-mail — is tested at the emulator: emulators/bc/companion-customers.test.ts.)
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachBackend } from '../../../test/support/backends.ts';
import { FakeErp } from '../../../test/support/fake-orders-world.ts';
import { ordersHarness } from '../../../test/support/orders-harness.ts';
import { ConnectorError } from '../../core/errors.ts';
import type { ErpSalesOrder, SalesOrderDraft } from '../../core/domain/erp.ts';
import { listExceptions, searchRecords } from '../../ledger/index.ts';
import type { Store } from '../../store/open-store.ts';
import { ordersJobs } from './deps.ts';

/** The fake BC with the 1.3 create: it resolves the customer as the page does, in one step. */
class CompanionErp extends FakeErp {
  lookups = 0;
  resolvingCreates = 0;
  drafts: SalesOrderDraft[] = [];

  override findCustomersByEmail(email: string) {
    this.lookups += 1;
    return super.findCustomersByEmail(email);
  }

  async createSalesOrderResolvingCustomer(draft: SalesOrderDraft & { customerByEmail: NonNullable<SalesOrderDraft['customerByEmail']> }) {
    this.resolvingCreates += 1;
    this.drafts.push(draft);
    const email = draft.customerByEmail.email.trim().toLowerCase();
    const all = this.customers.filter((customer) => customer.email?.trim().toLowerCase() === email);
    if (all.length > 0 && all.every((customer) => customer.blocked !== ' '))
      throw new ConnectorError({
        system: 'bc',
        code: 'invalid_request',
        retryable: false,
        message: `Every customer with the e-mail ${email} is blocked (${all.map((c) => c.number).join(' ')}).  CorrelationId: x.`,
      });
    let customer = all.find((candidate) => candidate.blocked === ' ');
    const created = customer === undefined;
    customer ??= await FakeErp.prototype.createCustomer.call(this, draft.customerByEmail);
    const order: ErpSalesOrder = await this.createSalesOrder({ ...draft, customerNumber: customer.number });
    // Kept on the order, as the page keeps it: the exact lookup reads it back.
    Object.assign(
      this.salesOrders.find((stored) => stored.id === order.id)!,
      { customerCreated: created },
    );
    return { ...order, customerCreated: created };
  }
}

describeEachBackend('orders flow: the customer resolved in the BC create (companion 1.3)', (backend) => {
  let store: Store;
  let world: ReturnType<typeof ordersHarness>;
  let erp: CompanionErp;
  let next = 9000;

  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
  });
  beforeEach(() => {
    world = ordersHarness(store);
    erp = new CompanionErp();
    world.deps.erp = erp;
    next += 100;
  });

  it('sends the e-mail and a customer draft with the create, and looks nothing up itself', async () => {
    await world.place({ number: next, email: ' Amelia.HUGHES@Example.co.uk ' });
    await world.runQueued();
    expect(erp.resolvingCreates).toBe(1);
    expect(erp.lookups).toBe(0);
    expect(erp.drafts[0]).toMatchObject({ customerNumber: '', customerByEmail: { email: 'amelia.hughes@example.co.uk' } });
    expect(erp.salesOrders[0]!.customerNumber).toBe('C00010');
    expect(erp.customerCreates).toBe(0);
  });

  it('flags a customer BC created for review once, on the customer record', async () => {
    const email = `first.time.${next}@example.com`;
    for (let index = 0; index < 5; index += 1) await world.place({ number: next + index, email });
    await world.runQueued();
    expect(erp.lookups).toBe(0);
    expect(erp.customerCreates).toBe(1);
    expect(new Set(erp.salesOrders.map((order) => order.customerNumber)).size).toBe(1);
    const [customerRecord] = await searchRecords(store.db, email);
    expect(customerRecord).toMatchObject({ flow: 'customers', state: 'posted' });
    const reviews = await listExceptions(store.db, { recordId: customerRecord!.id });
    expect(reviews.map((review) => review.code)).toEqual(['customer_created']);
    expect(reviews[0]!.message).toMatch(
      /^New Business Central customer C9\d{4} \(first\.time\.\d+@example\.com\) was created with sales order/,
    );
  });

  it('flags the customer a create made even when the hub stopped before recording the order', async () => {
    Object.assign(erp, { companion: true, companionCreate: true });
    const email = `stopped.${next}@example.com`;
    const order = await world.place({ number: next, email });
    const create = erp.createSalesOrderResolvingCustomer.bind(erp);
    erp.createSalesOrderResolvingCustomer = async (draft) => {
      await create(draft);
      erp.createSalesOrderResolvingCustomer = create;
      throw new Error('the hub stopped here');
    };
    await expect(world.runQueued()).rejects.toThrow('the hub stopped here');
    const [stopped] = await searchRecords(store.db, order.name);
    expect(stopped!.state).toBe('posting');

    await world.queue.enqueue(ordersJobs.import, { recordId: stopped!.id });
    await world.runQueued();
    expect([erp.resolvingCreates, erp.salesOrders.length]).toEqual([1, 1]);
    expect(world.outcomes.at(-1)).toBe('adopted');
    const [customerRecord] = await searchRecords(store.db, email);
    expect(customerRecord).toMatchObject({ flow: 'customers', state: 'posted' });
    expect((await listExceptions(store.db, { recordId: customerRecord!.id })).map((review) => review.code)).toEqual(['customer_created']);
  });

  it('holds the order as customer_blocked when BC says every customer with the e-mail is blocked', async () => {
    erp.customers[0]!.blocked = 'All';
    const order = await world.place({ number: next });
    await world.runQueued();
    const [record] = await searchRecords(store.db, order.name);
    const [exception] = await listExceptions(store.db, { recordId: record!.id });
    expect(exception).toMatchObject({ code: 'customer_blocked', owner: 'finance' });
    expect(exception!.message).toContain('is blocked (C00010)');
  });

  it('keeps matching customers itself when the tenant turns out not to have the 1.3 create', async () => {
    Object.assign(erp, { resolvesCustomersInOrders: async () => false });
    await world.place({ number: next });
    await world.runQueued();
    expect(erp.resolvingCreates).toBe(0);
    expect(erp.lookups).toBeGreaterThan(0);
  });

  it('keeps matching customers itself when the customer template names ids the page cannot take', async () => {
    world.deps.config = {
      ...world.deps.config,
      customers: { ...world.deps.config.customers, template: { type: 'Person', taxLiable: true } },
    };
    await world.place({ number: next });
    await world.runQueued();
    expect(erp.resolvingCreates).toBe(0);
    expect(erp.lookups).toBeGreaterThan(0);
    expect(erp.salesOrders[0]!.customerNumber).toBe('C00010');
  });
});
