import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SalesOrderDraft } from '../../core/domain/erp.ts';
import type { OrdersErp } from '../../flows/orders/ports.ts';
import { createBcConnector } from './index.ts';
import { iteratePages } from './paging.ts';
import { FakeClock } from '../../../test/support/fake-clock.ts';
import { startEmulatedBc, type EmulatedBc } from './test-support/emulated-bc.ts';

const draft = (reference: string, overrides: Partial<SalesOrderDraft> = {}): SalesOrderDraft => ({
  externalDocumentNumber: reference,
  customerNumber: 'WEB-GUEST',
  orderDate: '2026-11-22',
  pricesIncludeTax: true,
  email: 'shopper@example.co.uk',
  shipTo: { name: 'Ada Lovelace', addressLine1: '1 High St', city: 'Leeds', postCode: 'LS1 1AA', country: 'gb' },
  lines: [
    { lineType: 'Item', lineObjectNumber: 'tee-org-s', quantity: '2', unitPrice: '24.00' },
    { lineType: 'Item', lineObjectNumber: 'BOOK-CARE', quantity: '1', unitPrice: '14.99' },
    { lineType: 'Account', lineObjectNumber: '40250', description: 'Shipping', quantity: '1', unitPrice: '3.99' },
  ],
  ...overrides,
});

describe('BC connector against the emulator', () => {
  let env: EmulatedBc;

  beforeAll(async () => {
    env = await startEmulatedBc();
  });
  afterAll(() => env.close());
  beforeEach(() => {
    env.bc.emulator.control.reset();
    env.connector.invalidateCaches();
  });

  it('satisfies the orders flow port', () => {
    const erp: OrdersErp = env.connector;
    expect(typeof erp.createSalesOrder).toBe('function');
  });

  it('resolves the company by name among several, once', async () => {
    const companies = await env.connector.listCompanies();
    expect(companies.map((c) => c.name).sort()).toEqual(['CRONUS UK Ltd.', 'LedgerBridge Sandbox UK']);
    await env.connector.findItemByNumber('TEE-ORG-S');
    await env.connector.findItemByNumber('TEE-ORG-M');
    expect(env.requests().filter((r) => r.startsWith('GET companies'))).toHaveLength(2); // listCompanies + one lookup
    const wrong = createBcConnector({ config: { ...env.config, company: { name: 'Nope Ltd' } }, clientSecret: env.bc.clientSecret });
    await expect(wrong.findItemByNumber('TEE-ORG-S')).rejects.toMatchObject({ code: 'not_found', system: 'bc' });
  });

  it('finds customers by e-mail ignoring case and spaces, quotes included', async () => {
    const olivia = await env.connector.findCustomersByEmail('  OLIVIA.BROWN@EXAMPLE.CO.UK ');
    expect(olivia.map((c) => c.number)).toEqual(['C00050']);
    const liam = await env.connector.findCustomersByEmail("Liam.O'Brien@example.ie");
    expect(liam).toMatchObject([{ number: 'C00020', displayName: "Liam O'Brien", email: "liam.o'brien@example.ie", blocked: null }]);
    expect(await env.connector.findCustomersByEmail("x' or 1 eq 1 or email eq 'y")).toEqual([]);
    expect(await env.connector.findCustomersByEmail('nobody@example.com')).toEqual([]);
  });

  it('finds items by number, and sees items added and removed at run time', async () => {
    expect(await env.connector.findItemByNumber('tee-org-s')).toMatchObject({
      number: 'TEE-ORG-S',
      gtin: '5060123450011',
      unitPrice: '24',
      priceIncludesTax: true,
      blocked: false,
      type: 'Inventory',
    });
    expect(await env.connector.findItemByNumber('TEE-ORG-XL')).toBeUndefined();
    env.bc.emulator.control.addItem({ number: 'TEE-ORG-XL', displayName: 'Organic Cotton Tee, XL', unitPrice: '26.00' });
    // Lookups are cached (misses briefly): until then the connector still says "unknown".
    expect(await env.connector.findItemByNumber('TEE-ORG-XL')).toBeUndefined();
    env.connector.invalidateCaches();
    expect(await env.connector.findItemByNumber('TEE-ORG-XL')).toMatchObject({ number: 'TEE-ORG-XL', unitPrice: '26' });
    env.bc.emulator.control.removeItem('TEE-ORG-XL');
    env.connector.invalidateCaches();
    expect(await env.connector.findItemByNumber('TEE-ORG-XL')).toBeUndefined();
  });

  it('caches item and customer lookups, so repeated orders cost one request each', async () => {
    env.connector.invalidateCaches();
    const before = env.bc.emulator.requestLog.total;
    for (let i = 0; i < 5; i += 1) {
      await env.connector.findItemByNumber('TEE-ORG-S');
      await env.connector.findCustomersByEmail('amelia.hughes@example.co.uk');
      await env.connector.findItemVariant('BEANIE-MRN', 'NAVY');
      await env.connector.listLocations();
    }
    expect(env.bc.emulator.requestLog.total - before).toBe(4);
  });

  it('creates a sales order in one deep insert and reads it back with lines and totals', async () => {
    const before = env.bc.emulator.requestLog.total;
    const created = await env.connector.createSalesOrder(draft('shopify-1042'));
    const sent = env.requests().slice(-(env.bc.emulator.requestLog.total - before));
    expect(sent.filter((r) => r.startsWith('POST'))).toEqual(['POST salesOrders']);
    expect(created).toMatchObject({
      number: 'S-ORD101001',
      externalDocumentNumber: 'SHOPIFY-1042',
      customerNumber: 'WEB-GUEST',
      status: 'Draft',
      currencyCode: 'GBP',
      pricesIncludeTax: true,
      totalAmountIncludingTax: '66.98',
      totalAmountExcludingTax: '58.32',
      totalTaxAmount: '8.66',
    });
    expect(
      created.lines?.map((l) => [l.sequence, l.lineObjectNumber, l.quantity, l.amountExcludingTax, l.totalTaxAmount, l.taxCode]),
    ).toEqual([
      [10000, 'TEE-ORG-S', '2', '40', '8', 'STANDARD'],
      [20000, 'BOOK-CARE', '1', '14.99', '0', 'ZERO'],
      [30000, '40250', '1', '3.33', '0.66', 'STANDARD'],
    ]);
    const read = await env.connector.getSalesOrder(created.id, { expandLines: true });
    expect(read).toEqual({ ...created, etag: read?.etag });
    expect((await env.connector.getSalesOrder(created.id))?.lines).toBeUndefined();
    expect(await env.connector.getSalesOrder('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('finds orders by reference whatever its case, and only those', async () => {
    await env.connector.createSalesOrder(draft('shopify-1042'));
    await env.connector.createSalesOrder(draft('SHOPIFY-1043'));
    const found = await env.connector.findSalesOrdersByExternalDocumentNumber('Shopify-1042');
    expect(found.map((o) => o.externalDocumentNumber)).toEqual(['SHOPIFY-1042']);
    expect(await env.connector.findSalesOrdersByExternalDocumentNumber('SHOPIFY-9999')).toEqual([]);
  });

  it('reads many sales orders by number, 20 a request, and only those', async () => {
    const created = [];
    for (let index = 0; index < 23; index += 1) created.push(await env.connector.createSalesOrder(draft(`shopify-2${index}`)));
    const before = env.requests().length;
    const wanted = [...created.slice(0, 22).map((order) => order.number), 'S-NO-SUCH'];
    const found = await env.connector.findSalesOrdersByNumbers(wanted);
    expect(found.map((order) => order.number).sort()).toEqual(
      created
        .slice(0, 22)
        .map((order) => order.number)
        .sort(),
    );
    expect(found[0]!.totalAmountIncludingTax).toBe(created.find((order) => order.number === found[0]!.number)!.totalAmountIncludingTax);
    expect(
      env
        .requests()
        .slice(before)
        .filter((request) => request.startsWith('GET salesOrders')),
    ).toHaveLength(2);
  });

  it('computes VAT on top when prices exclude tax', async () => {
    const order = await env.connector.createSalesOrder(
      draft('ref-excl', {
        pricesIncludeTax: false,
        lines: [{ lineType: 'Item', lineObjectNumber: 'HOOD-MRN-M', quantity: '3', unitPrice: '74.17' }],
      }),
    );
    expect(order).toMatchObject({ totalAmountExcludingTax: '222.51', totalTaxAmount: '44.5', totalAmountIncludingTax: '267.01' });
  });

  it('refuses a reference longer than 35 characters before sending anything', async () => {
    const before = env.bc.emulator.requestLog.total;
    await expect(env.connector.createSalesOrder(draft('X'.repeat(36)))).rejects.toMatchObject({
      code: 'invalid_request',
      retryable: false,
    });
    expect(env.bc.emulator.requestLog.total).toBe(before);
  });

  it('reports BC refusing a line with its own code, and stores nothing', async () => {
    const error = await env.connector
      .createSalesOrder(
        draft('ref-unknown-account', { lines: [{ lineType: 'Account', lineObjectNumber: '99999', quantity: '1', unitPrice: '1' }] }),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'not_found', upstreamCode: 'Internal_RecordNotFound', status: 404 });
    expect(env.bc.emulator.rows('salesOrders')).toHaveLength(0);
  });

  it('creates a customer and finds it by e-mail', async () => {
    const customer = await env.connector.createCustomer({
      displayName: 'Grace Hopper',
      email: 'Grace@Example.com',
      country: 'gb',
      addressLine1: '2 Low Rd',
    });
    expect(customer).toMatchObject({ number: 'C00060', displayName: 'Grace Hopper', email: 'Grace@Example.com' });
    expect((await env.connector.findCustomersByEmail('grace@example.com')).map((c) => c.id)).toEqual([customer.id]);
  });

  it('pages through @odata.nextLink', async () => {
    const path = await env.connector.client.companyPath('customers?$select=number');
    const pages: string[][] = [];
    for await (const page of iteratePages<{ number: string }>(env.connector.client, { path }, { pageSize: 4 }))
      pages.push(page.map((c) => c.number));
    expect(pages).toEqual([
      ['C00010', 'C00020', 'C00030', 'C00040'],
      ['C00050', 'WEB-GUEST'],
    ]);
  });

  it('gets a fresh token once when BC rejects the cached one', async () => {
    await env.connector.listCompanies();
    const issued = env.bc.emulator.control.revokeTokens();
    expect(issued).toBeGreaterThan(0);
    expect(await env.connector.listCompanies()).toHaveLength(2);
    expect(
      env.bc.emulator.requestLog
        .recent()
        .slice(-2)
        .map((e) => e.status),
    ).toEqual([401, 200]);
  });
});

describe('riding out a 429 storm', () => {
  it('waits as told and loses nothing', async () => {
    const clock = new FakeClock();
    // A deadline far beyond the clock's jump horizon: only backoff and Retry-After waits are skipped.
    const env = await startEmulatedBc({
      clock,
      config: { requestTimeoutMs: 3_600_000, retry: { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 8_000 } },
    });
    try {
      env.bc.emulator.control.addFault({ kind: 'status', status: 429, retryAfterSeconds: 3, count: 5, path: 'salesOrders' });
      const started = clock.now();
      const orders = await clock.drive(
        Promise.all([env.connector.createSalesOrder(draft('storm-1')), env.connector.createSalesOrder(draft('storm-2'))]),
      );
      expect(orders.map((o) => o.externalDocumentNumber).sort()).toEqual(['STORM-1', 'STORM-2']);
      expect(env.bc.emulator.rows('salesOrders')).toHaveLength(2);
      expect(env.requests().filter((r) => r === 'POST salesOrders')).toHaveLength(7);
      expect(clock.now() - started).toBeGreaterThanOrEqual(3 * 3_000);
    } finally {
      await env.close();
    }
  });
});
