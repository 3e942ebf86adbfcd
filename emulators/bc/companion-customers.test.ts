/**
 * Extension 1.3: a companion `salesOrders` insert without `customerNumber` finds or creates
 * its customer by `customerEmail` in the same request — one customer per e-mail, the order
 * and a new customer stored together or not at all.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createBcEmulator, type BcEmulator } from './emulator.ts';
import { connectTestApi, type TestApi } from './test-api.ts';

const line = { lineType: 'Item', lineObjectNumber: 'SOCK-WOOL-3PK', quantity: 1, unitPrice: 18.5 };

function order(reference: string, customer: Record<string, unknown>, lines: Record<string, unknown>[] = [line]) {
  return { externalDocumentNumber: reference, orderDate: '2026-11-22', pricesIncludeTax: true, ...customer, salesOrderLines: lines };
}

const newBuyer = {
  customerEmail: 'Ruby.Clarke@example.co.uk',
  customerName: 'Ruby Clarke',
  customerType: 'Person',
  customerAddressLine1: '4 Mill Lane',
  customerCity: 'York',
  customerPostCode: 'YO1 7HH',
  customerCountry: 'GB',
};

describe('the companion salesOrders insert resolves the customer by e-mail', () => {
  let emulator: BcEmulator;
  let companion: TestApi;
  const customersWith = (email: string) => emulator.rows('customers').filter((c) => String(c.email).toLowerCase() === email.toLowerCase());

  beforeEach(async () => {
    emulator = createBcEmulator({ limits: false });
    companion = await connectTestApi(emulator, 'ledgerbridge/integration/v1.0');
  });

  it('matches a customer entered in BC, ignoring case, and creates none', async () => {
    const before = emulator.rows('customers').length;
    const created = await companion.post('{company}/salesOrders', order('shop-1', { customerEmail: 'olivia.brown@example.co.uk' }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ customerNumber: 'C00050', customerCreated: false });
    expect(emulator.rows('customers')).toHaveLength(before);
  });

  it('creates a new buyer once, with the request fields, and gives later orders the same customer', async () => {
    const first = await companion.post('{company}/salesOrders', order('shop-2', newBuyer));
    expect(first.status).toBe(201);
    expect(first.body.customerCreated).toBe(true);
    const [customer] = customersWith(newBuyer.customerEmail);
    expect(customer).toMatchObject({ number: first.body.customerNumber, displayName: 'Ruby Clarke', type: 'Person', city: 'York' });
    const second = await companion.post(
      '{company}/salesOrders',
      order('shop-3', { ...newBuyer, customerEmail: ' ruby.clarke@EXAMPLE.co.uk ' }),
    );
    expect(second.body).toMatchObject({ customerNumber: first.body.customerNumber, customerCreated: false });
    expect(customersWith(newBuyer.customerEmail)).toHaveLength(1);
    // The flag stays readable on the order, for review.
    const read = await companion.get(`{company}/salesOrders(${first.body.id})`);
    expect(read.body.customerCreated).toBe(true);
  });

  it('makes one customer for concurrent orders from one new buyer', async () => {
    const answers = await Promise.all(
      ['shop-4', 'shop-5', 'shop-6', 'shop-7'].map((reference) => companion.post('{company}/salesOrders', order(reference, newBuyer))),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.customerNumber)).size).toBe(1);
    expect(answers.filter((a) => a.body.customerCreated)).toHaveLength(1);
    expect(customersWith(newBuyer.customerEmail)).toHaveLength(1);
  });

  it('keeps no new customer when the order is refused', async () => {
    const refused = await companion.post(
      '{company}/salesOrders',
      order('shop-8', newBuyer, [{ ...line, lineObjectNumber: 'NO-SUCH-ITEM' }]),
    );
    // BC's answer for a missing item (404 Internal_RecordNotFound); nothing of the request stays.
    expect(refused.status).toBe(404);
    expect(customersWith(newBuyer.customerEmail)).toHaveLength(0);
    expect(emulator.rows('lb.customerEmails')).toHaveLength(0);
  });

  it('refuses when every customer with the e-mail is blocked, naming them', async () => {
    for (const customer of customersWith('olivia.brown@example.co.uk')) customer.blocked = 'All';
    const refused = await companion.post('{company}/salesOrders', order('shop-9', { customerEmail: 'olivia.brown@example.co.uk' }));
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('Every customer with the e-mail olivia.brown@example.co.uk is blocked (C00050).');
  });

  it('refuses an order with neither customerNumber nor customerEmail, naming both', async () => {
    const refused = await companion.post('{company}/salesOrders', order('shop-10', {}));
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('"customerNumber" or "customerEmail"');
  });
});
