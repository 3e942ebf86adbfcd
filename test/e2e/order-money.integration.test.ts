/**
 * Order money end to end: a hub running the gift-card `payment` policy, the real connectors and
 * the emulators.
 *
 * The gift-card `payment` policy: An order of £66.50 part-paid with a £20.00 gift card reaches BC with the
 * goods at full price (VAT on the full price) and one −20.00 line on the liability account,
 * outside VAT, for a total of £46.50 — the form real BC accepts (quantity 1, negative price).
 *
 * Tips: a tip added at checkout goes to the configured tips account, without VAT, so BC's total
 * is Shopify's and the order raises no exception.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlCaller, orderCreateDocument, variantBySkuDocument } from '../../emulators/shopify/testing/order-create.ts';
import { listExceptions, searchRecords } from '../../src/ledger/index.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/run-sandbox.ts';
import { waitFor } from '../support/wait-for.ts';

const root = resolve(import.meta.dirname, '../..');
const gbp = (amount: string) => ({ shopMoney: { amount, currencyCode: 'GBP' } });

describe('order money through the hub', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lb-giftcard-e2e-'));
  let sandbox: Sandbox;

  beforeAll(async () => {
    const config = readFileSync(join(root, 'config/sandbox.yaml'), 'utf8')
      .replace(/dataDir: .*/, `dataDir: ${join(dir, 'data')}`)
      .replace('giftCards: { policy: line-discount,', 'giftCards: { policy: payment,');
    expect(config).toContain('policy: payment');
    writeFileSync(join(dir, 'sandbox.yaml'), config);
    sandbox = await startSandbox({
      configPath: join(dir, 'sandbox.yaml'),
      logger: silentLogger,
      ordersPerMinute: 0,
      ports: { hub: 0, shopify: 0, bc: 0, warehouse: 0 },
      seed: 17,
      pollingIntervalSeconds: 0.5,
    });
  }, 60_000);
  afterAll(async () => {
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('books goods at full price with VAT, −20.00 on the liability account without VAT, £46.50 in all', async () => {
    const shopify = sandbox.shopify;
    const call = graphqlCaller((path, init) => fetch(`${shopify.url}${path}`, init), shopify.emulator.graphqlPath, shopify.accessToken);
    const variant = async (sku: string) =>
      (await call(variantBySkuDocument, { query: `sku:${sku}` })).body.data.productVariants.nodes[0].id;
    const vat = (amount: string) => [{ title: 'GB VAT', rate: '0.2', priceSet: gbp(amount) }];
    const { body } = await call(orderCreateDocument, {
      order: {
        email: 'rosa.giftcard@example.co.uk',
        shippingAddress: { firstName: 'Rosa', lastName: 'Park', address1: '2 Canal St', city: 'Leeds', zip: 'LS1 4AP', countryCode: 'GB' },
        lineItems: [
          { variantId: await variant('TEE-ORG-M'), quantity: 2, taxLines: vat('8.00') },
          { variantId: await variant('SOCK-WOOL-3PK'), quantity: 1, taxLines: vat('3.08') },
        ],
        shippingLines: [{ title: 'Free UK delivery', code: 'FREE-UK', priceSet: gbp('0.00') }],
        transactions: [
          { kind: 'SALE', status: 'SUCCESS', gateway: 'gift_card', amountSet: gbp('20.00'), giftCardId: 'gid://shopify/GiftCard/4242' },
          { kind: 'SALE', status: 'SUCCESS', gateway: 'shopify_payments', amountSet: gbp('46.50') },
        ],
        taxesIncluded: true,
      },
    });
    expect(body.data.orderCreate.userErrors).toEqual([]);
    expect(Number(body.data.orderCreate.order.totalPriceSet.shopMoney.amount)).toBe(66.5);
    const reference = `SHOP-${String(body.data.orderCreate.order.name).replace('#', '')}`;

    const salesOrder = await waitFor(
      () => sandbox.bc.emulator.rows('salesOrders').find((row) => row.externalDocumentNumber === reference),
      { timeoutMs: 30_000, what: `BC sales order ${reference}` },
    );
    const lines = sandbox.bc.emulator
      .rows('salesOrderLines')
      .filter((line) => line.documentId === salesOrder.id)
      .sort((a, b) => Number(a.sequence) - Number(b.sequence))
      .map((line) => [line.lineObjectNumber, String(line.quantity), String(line.unitPrice), String(line.totalTaxAmount)]);
    expect(lines).toEqual([
      ['TEE-ORG-M', '2', '24', '8'],
      ['SOCK-WOOL-3PK', '1', '18.5', '3.08'],
      ['22100', '1', '-20', '0'],
    ]);
    expect(String(salesOrder.totalAmountIncludingTax)).toBe('46.5');
    expect(String(salesOrder.totalTaxAmount)).toBe('11.08');
    const [record] = (await searchRecords(sandbox.hub.store.db, body.data.orderCreate.order.id)).filter((found) => found.flow === 'orders');
    expect((await listExceptions(sandbox.hub.store.db, { recordId: record!.id })).map((exception) => exception.code)).toEqual([]);
  }, 60_000);

  it('books a tip on the tips account without VAT, so BC totals what the buyer paid', async () => {
    const shopify = sandbox.shopify;
    const variant = shopify.emulator.shop.variantBySku('SOCK-WOOL-3PK')!;
    const placed = shopify.placeOrder({
      email: 'tom.tipper@example.co.uk',
      shippingAddress: {
        firstName: 'Tom',
        lastName: 'Tipper',
        company: null,
        address1: '9 Quay St',
        address2: null,
        city: 'Bristol',
        province: null,
        provinceCode: null,
        zip: 'BS1 4DJ',
        countryCode: 'GB',
        phone: null,
      },
      lines: [{ variantId: variant.id, quantity: 2 }],
      computeTaxes: true,
      taxesIncluded: true,
      tip: '5.00',
      checkoutPayment: { gateway: 'shopify_payments' },
      shippingLines: [{ title: 'Free UK delivery', code: 'FREE-UK', price: '0.00' }],
    });
    const order = shopify.emulator.shop.orders.get(BigInt(placed.legacyId))!;
    expect(order.totals).toMatchObject({ total: '42.00', tip: '5.00' });
    const reference = `SHOP-${order.name.replace('#', '')}`;
    const salesOrder = await waitFor(
      () => sandbox.bc.emulator.rows('salesOrders').find((row) => row.externalDocumentNumber === reference),
      { timeoutMs: 30_000, what: `BC sales order ${reference}` },
    );
    const lines = sandbox.bc.emulator
      .rows('salesOrderLines')
      .filter((line) => line.documentId === salesOrder.id)
      .sort((a, b) => Number(a.sequence) - Number(b.sequence))
      .map((line) => [line.lineObjectNumber, String(line.quantity), String(line.unitPrice), String(line.totalTaxAmount)]);
    expect(lines).toEqual([
      ['SOCK-WOOL-3PK', '2', '18.5', '6.17'],
      ['40600', '1', '5', '0'],
    ]);
    expect(String(salesOrder.totalAmountIncludingTax)).toBe('42');
    const [record] = (await searchRecords(sandbox.hub.store.db, `gid://shopify/Order/${placed.legacyId}`)).filter(
      (found) => found.flow === 'orders',
    );
    expect((await listExceptions(sandbox.hub.store.db, { recordId: record!.id })).map((exception) => exception.code)).toEqual([]);
  }, 60_000);
});
