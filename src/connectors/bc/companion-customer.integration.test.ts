/**
 * Companion 1.3 through the real connector: a create that resolves its customer by e-mail is
 * one request at BC, concurrent orders of one new buyer make one customer, and a tenant with an
 * older extension does not offer the method, so the orders flow keeps its own customer path.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultContractPath, type CompanionContract } from '../../../emulators/bc/companion-contract.ts';
import type { SalesOrderDraft } from '../../core/domain/erp.ts';
import { createInProcessBc, type InProcessBc } from './test-support/emulated-bc.ts';

const customerFields = ['customerEmail', 'customerName', 'customerType', 'customerPhoneNumber', 'customerAddressLine1'];

function draft(reference: string, email: string) {
  return {
    externalDocumentNumber: reference,
    customerNumber: '',
    customerByEmail: { email, displayName: 'Ruby Clarke', type: 'Person' as const, city: 'York', postalCode: 'YO1 7HH', country: 'GB' },
    orderDate: '2026-11-22',
    pricesIncludeTax: true,
    lines: [{ lineType: 'Item' as const, lineObjectNumber: 'TEE-ORG-M', quantity: '1', unitPrice: '24.00' }],
    integration: { shopifyOrderId: `gid://shopify/Order/${reference}` },
  } satisfies SalesOrderDraft;
}

let bc: InProcessBc;
const customersWith = (email: string) => bc.emulator.rows('customers').filter((c) => String(c.email).toLowerCase() === email);

beforeEach(() => {
  bc = createInProcessBc({ emulator: { limits: false } });
});

describe('creating a sales order whose customer BC resolves by e-mail', () => {
  it('is one request per order once the capabilities are known, matched or created', async () => {
    await bc.connector.capabilities();
    const before = bc.emulator.requestLog.total;
    const matched = await bc.connector.createSalesOrderResolvingCustomer(draft('shop-8001', 'Amelia.Hughes@example.co.uk'));
    const created = await bc.connector.createSalesOrderResolvingCustomer(draft('shop-8002', 'ruby.clarke@example.co.uk'));
    expect(bc.emulator.requestLog.total - before).toBe(2);
    expect(bc.requests().slice(-2)).toEqual([
      'POST ledgerbridge/integration/v1.0/salesOrders',
      'POST ledgerbridge/integration/v1.0/salesOrders',
    ]);
    expect([matched.customerNumber, matched.customerCreated]).toEqual(['C00010', false]);
    expect(created.customerCreated).toBe(true);
    expect(customersWith('ruby.clarke@example.co.uk')).toMatchObject([{ number: created.customerNumber, displayName: 'Ruby Clarke' }]);
    // Kept on the order: the exact lookup (an adoption after a lost answer) reads it back.
    const found = async (reference: string) => (await bc.connector.findSalesOrdersByShopifyOrderId(`gid://shopify/Order/${reference}`))[0];
    expect([(await found('shop-8001'))?.customerCreated, (await found('shop-8002'))?.customerCreated]).toEqual([false, true]);
  });

  it('makes one customer for a new buyer whose orders arrive together', async () => {
    const orders = await Promise.all(
      ['shop-8101', 'shop-8102', 'shop-8103', 'shop-8104', 'shop-8105'].map((reference) =>
        bc.connector.createSalesOrderResolvingCustomer(draft(reference, 'new.buyer@example.com')),
      ),
    );
    expect(new Set(orders.map((order) => order.customerNumber)).size).toBe(1);
    expect(orders.filter((order) => order.customerCreated)).toHaveLength(1);
    expect(customersWith('new.buyer@example.com')).toHaveLength(1);
  });

  it('is not offered by a tenant whose extension is older than 1.3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lb-contract-'));
    try {
      const contract = JSON.parse(readFileSync(defaultContractPath, 'utf8')) as CompanionContract;
      for (const set of contract.entitySets.filter((s) => s.name === 'salesOrders'))
        set.properties = set.properties.filter((p) => !customerFields.includes(p.name) && p.name !== 'customerCreated');
      writeFileSync(join(dir, 'contract.json'), JSON.stringify(contract));
      bc = createInProcessBc({ emulator: { limits: false, companionContractPath: join(dir, 'contract.json') } });
      expect(await bc.connector.capabilities()).toMatchObject({ salesOrderCreate: true, salesOrderCustomerByEmail: false });
      const degraded = await bc.connector.withoutMissingFeatures();
      expect(degraded.createSalesOrderResolvingCustomer).toBeUndefined();
      // A hub that could not probe at start keeps every method; the flow asks this first.
      expect(await bc.connector.resolvesCustomersInOrders()).toBe(false);
      const error = await bc.connector.createSalesOrderResolvingCustomer(draft('shop-8201', 'x@example.com')).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'invalid_request', retryable: false, message: expect.stringContaining('by e-mail') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
