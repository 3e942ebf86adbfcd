/**
 * The hub process killed at each step boundary of order and credit-memo creation, then
 * restarted on the same data directory: exactly one BC document each time, nothing lost.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBcEmulator, type RunningBcEmulator } from '../../emulators/bc/index.ts';
import { startShopifyEmulator, type RunningShopifyEmulator } from '../../emulators/shopify/index.ts';
import { findRecord, listExceptions } from '../../src/ledger/index.ts';
import { openStore } from '../../src/store/open-store.ts';

const root = resolve(import.meta.dirname, '../..');

function runHub(args: object): Promise<{ stdout: string; signal: NodeJS.Signals | null; code: number | null }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(root, 'test/support/crash-orders-hub.ts'), JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('exit', (code, signal) => done({ stdout, signal, code }));
  });
}

interface CrashCase {
  /** Where each run is killed, in turn; the run after the last one finishes. */
  at: string[];
  /** Create as with companion extension 1.0: the standard deep insert, then the fields. */
  twoStepCreate?: boolean;
  /** As with extension 1.2 or older: the hub matches and creates the customer before the create. */
  customersByHub?: boolean;
}

const crashCases: CrashCase[] = [
  { at: ['before:findItemByNumber'] },
  // Extension 1.3: customer, order, lines and companion fields are one request.
  { at: ['before:createSalesOrderResolvingCustomer'] },
  { at: ['after:createSalesOrderResolvingCustomer'] },
  // The restart adopts that order and writes the fields again, the one follow-up left: killed there too.
  { at: ['after:createSalesOrderResolvingCustomer', 'after:setSalesOrderIntegrationFields'] },
  // Older extensions: the hub creates the customer, then the order.
  { at: ['before:createCustomer'], customersByHub: true },
  { at: ['after:createCustomer'], customersByHub: true },
  { at: ['before:createSalesOrder'], customersByHub: true },
  // Order, lines and companion fields are one request (extension 1.1): this is after all three.
  { at: ['after:createSalesOrder'], customersByHub: true },
  // Without the one-request create the fields follow the create: the boundary between the two.
  { at: ['after:createSalesOrder'], twoStepCreate: true },
  { at: ['after:setSalesOrderIntegrationFields'], twoStepCreate: true },
];

describe('orders: crash at every step boundary', () => {
  let shopify: RunningShopifyEmulator;
  let bc: RunningBcEmulator;
  const dirs: string[] = [];
  /** A migrated, empty data directory, copied for each case instead of creating a database each time. */
  let template: string;

  beforeAll(async () => {
    bc = await startBcEmulator({ port: 0 });
    shopify = await startShopifyEmulator({ port: 0 });
    template = mkdtempSync(join(tmpdir(), 'lb-crash-template-'));
    dirs.push(template);
    await (await openStore({ backend: 'embedded', dataDir: template })).close();
  });
  afterAll(async () => {
    await shopify?.close();
    await bc?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function placeOrder() {
    const response = await fetch(`${shopify.url}/_emulator/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        count: 1,
        mix: {
          unknownSkuRate: 0,
          knownCustomerRate: 0,
          ukRate: 1,
          euRate: 0,
          giftCardPurchaseRate: 0,
          giftCardRedemptionRate: 0,
          secondLocationRate: 0,
          lineDiscountRate: 0,
          orderDiscountRate: 0,
        },
      }),
    });
    const { orders } = (await response.json()) as { orders: { id: string; legacyId: string; name: string; updatedAt: string }[] };
    const dataDir = mkdtempSync(join(tmpdir(), 'lb-crash-order-'));
    dirs.push(dataDir);
    cpSync(template, dataDir, { recursive: true });
    return {
      dataDir,
      shopify: { url: shopify.url, shopDomain: shopify.shopDomain, accessToken: shopify.accessToken },
      bc: {
        url: bc.url,
        tenantId: bc.tenantId,
        environment: bc.environment,
        companyId: bc.companyId,
        clientId: bc.clientId,
        clientSecret: bc.clientSecret,
      },
      order: orders[0]!,
    };
  }

  const named = crashCases.map(
    (crash) =>
      [
        `${crash.at.join(', then ')}${crash.twoStepCreate ? ' (two-step create)' : crash.customersByHub ? ' (customer by the hub)' : ''}`,
        crash,
      ] as const,
  );
  it.each(named)(
    'killed at %s, restarted: exactly one sales order with its companion fields, and one customer',
    async (_name, { at, twoStepCreate, customersByHub }) => {
      const args = await placeOrder();
      const { order } = args;
      const reference = `SHOP-${order.name.replace('#', '')}`;
      const salesOrders = () => bc.emulator.rows('salesOrders').filter((row) => row.externalDocumentNumber === reference);
      for (const crashAt of at) {
        const crashed = await runHub({ ...args, crashAt, twoStepCreate, customersByHub });
        expect(crashed.stdout).toContain(`crash-point:${crashAt}`);
        expect(crashed.signal).toBe('SIGKILL');
        // Killed right after the create: the fields are there only if the create wrote them.
        if (crashAt === 'after:createSalesOrder' || crashAt === 'after:createSalesOrderResolvingCustomer')
          expect(salesOrders().map((row) => row._shopifyOrderId ?? '')).toEqual([twoStepCreate ? '' : order.id]);
      }

      const restarted = await runHub({ ...args, twoStepCreate, customersByHub });
      expect(restarted.stdout).toContain('finished:posted');

      const salesOrder = salesOrders();
      expect(salesOrder).toHaveLength(1);
      expect(salesOrder[0]!._shopifyOrderId).toBe(order.id);
      const placed = shopify.emulator.shop.orders.get(BigInt(order.legacyId));
      const email = String(placed?.email ?? '')
        .trim()
        .toLowerCase();
      const customers = bc.emulator.rows('customers').filter((row) => String(row.email ?? '').toLowerCase() === email);
      expect(customers).toHaveLength(1);
      // A customer the lost create made is recorded and flagged for review, as after an answered create.
      if (at.includes('after:createSalesOrderResolvingCustomer')) {
        const store = await openStore({ backend: 'embedded', dataDir: args.dataDir });
        try {
          const customer = await findRecord(store.db, { flow: 'customers', sourceSystem: 'email', sourceId: email });
          expect(customer).toMatchObject({ state: 'posted' });
          const reviews = await listExceptions(store.db, { recordId: customer!.id });
          expect(reviews.map((review) => review.code)).toEqual(['customer_created']);
        } finally {
          await store.close();
        }
      }
    },
    90_000,
  );

  it.each(['before:createSalesCreditMemo', 'after:createSalesCreditMemo', 'before:postSalesCreditMemo', 'after:postSalesCreditMemo'])(
    'killed at %s, restarted: exactly one credit memo, posted once',
    async (crashAt) => {
      const args = await placeOrder();
      expect((await runHub(args)).stdout).toContain('finished:posted');
      const response = await fetch(`${shopify.url}/_emulator/orders/${encodeURIComponent(args.order.id)}/refunds`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ lines: [{ quantity: 1, restockType: 'NO_RESTOCK' }] }),
      });
      expect(response.ok).toBe(true);
      const refund = (await response.json()) as { id: string; legacyId: string; orderId: string };
      const crashed = await runHub({ ...args, refund, crashAt });
      expect(crashed.stdout).toContain(`crash-point:${crashAt}`);
      const restarted = await runHub({ ...args, refund });
      expect(restarted.stdout).toContain('finished:posted');
      const memos = bc.emulator.rows('salesCreditMemos').filter((row) => row.externalDocumentNumber === `SHOPR-${refund.legacyId}`);
      expect(memos).toHaveLength(1);
      expect(memos[0]!.status).not.toBe('Draft');
    },
    90_000,
  );
});
