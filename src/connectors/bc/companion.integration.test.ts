import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultContractPath, type CompanionContract } from '../../../emulators/bc/companion-contract.ts';
import type { ItemJournalLineDraft, SalesOrderDraft } from '../../core/domain/erp.ts';
import { isConnectorError } from '../../core/errors.ts';
import { isCompanionMissing } from './capabilities.ts';
import { createInProcessBc, type InProcessBc } from './test-support/emulated-bc.ts';

const order = (reference: string): SalesOrderDraft => ({
  externalDocumentNumber: reference,
  customerNumber: 'WEB-GUEST',
  orderDate: '2026-11-22',
  pricesIncludeTax: true,
  lines: [
    { lineType: 'Item', lineObjectNumber: 'TEE-ORG-M', quantity: '3', unitPrice: '24.00' },
    { lineType: 'Account', lineObjectNumber: '40250', description: 'Shipping', quantity: '1', unitPrice: '3.99' },
  ],
});

let bc: InProcessBc;
const since = () => bc.emulator.requestLog.total;
const sentSince = (mark: number) => bc.requests().slice(-(bc.emulator.requestLog.total - mark));

beforeEach(() => {
  bc = createInProcessBc({ emulator: { limits: false } });
});

describe('companion capabilities', () => {
  it('are all present on a tenant with the extension, probed once', async () => {
    const capabilities = await bc.connector.capabilities();
    expect(capabilities).toMatchObject({
      companion: true,
      salesOrderIntegrationFields: true,
      releaseReopen: true,
      shipOnly: true,
      stockLevels: true,
      itemJournals: true,
      purchaseReceive: true,
      itemReferences: true,
    });
    await bc.connector.capabilities();
    expect(bc.requests().filter((r) => r.endsWith('$metadata'))).toHaveLength(1);
  });

  it('leave the hub degraded with clear errors when the extension is absent', async () => {
    bc = createInProcessBc({ emulator: { limits: false, companion: false } });
    expect(await bc.connector.capabilities()).toMatchObject({ companion: false, shipOnly: false });
    const error = await bc.connector.releaseSalesOrder('11111111-1111-4111-8111-111111111111').catch((e: unknown) => e);
    expect(isCompanionMissing(error)).toBe(true);
    expect(error).toMatchObject({ code: 'invalid_request', retryable: false, message: expect.stringContaining('companion extension') });
    const degraded = await bc.connector.withoutMissingFeatures();
    expect(degraded.setSalesOrderIntegrationFields).toBeUndefined();
    expect(degraded.findSalesOrdersByShopifyOrderId).toBeUndefined();
    expect((await degraded.createSalesOrder(order('plain-1'))).number).toBe('S-ORD101001');
    expect(await degraded.findItemByGtin('5060123450110')).toBeUndefined();
  });
});

describe('sales order integration fields', () => {
  it('are written right after the create with one PATCH, using the etag the create returned', async () => {
    const created = await bc.connector.createSalesOrder(order('shop-7001'));
    await bc.connector.capabilities();
    const mark = since();
    await bc.connector.setSalesOrderIntegrationFields(created.id, {
      shopifyOrderId: 'gid://shopify/Order/7001',
      paymentTransactionId: 'pi_3PzX',
    });
    expect(sentSince(mark)).toEqual([`PATCH ledgerbridge/integration/v1.0/salesOrders(${created.id})`]);
    expect(await bc.connector.getSalesOrderIntegration(created.id)).toMatchObject({
      shopifyOrderId: 'gid://shopify/Order/7001',
      paymentTransactionId: 'pi_3PzX',
      status: 'Open',
      trackingNumber: null,
    });
    const found = await bc.connector.findSalesOrdersByShopifyOrderId('gid://shopify/Order/7001');
    expect(found).toMatchObject([{ id: created.id, number: created.number, totalAmountIncludingTax: created.totalAmountIncludingTax }]);
    expect(await bc.connector.findSalesOrdersByShopifyOrderId('gid://shopify/Order/9999')).toEqual([]);
  });

  it('read the current etag once when the order changed meanwhile', async () => {
    const created = await bc.connector.createSalesOrder(order('shop-7002'));
    await bc.connector.updateSalesOrder(created.id, created.etag!, { shipTo: { city: 'York' } });
    bc.emulator.control.releaseSalesOrder(created.number);
    await bc.connector.capabilities();
    const mark = since();
    await bc.connector.setSalesOrderIntegrationFields(created.id, { trackingNumber: '1Z999' });
    expect(sentSince(mark).map((r) => r.split(' ')[0])).toEqual(['PATCH', 'GET', 'PATCH']);
    expect((await bc.connector.getSalesOrderIntegration(created.id))?.trackingNumber).toBe('1Z999');
  });
});

describe('the one-request create through the companion page', () => {
  const companionPost = 'POST ledgerbridge/integration/v1.0/salesOrders';
  const idOf = (set: string, code: string) => bc.emulator.rows(set).find((row) => row.code === code)!.id;
  /** As the orders flow builds it: ids for the shipment method, variant and location. */
  const fullDraft = (reference: string): SalesOrderDraft => ({
    ...order(reference),
    customerNumber: 'C00010',
    email: 'amelia@example.co.uk',
    shipTo: { name: 'Amelia Hughes', addressLine1: '1 High St', city: 'Leeds', postCode: 'LS1 1AA', country: 'gb' },
    shipmentMethodId: idOf('shipmentMethods', 'EXPRESS'),
    lines: [
      {
        lineType: 'Item',
        lineObjectNumber: 'BEANIE-MRN',
        itemVariantId: idOf('itemVariants', 'OLIVE'),
        locationId: idOf('locations', 'LONDON'),
        quantity: '3',
        unitPrice: '16.99',
        discountAmount: '1.50',
      },
      { lineType: 'Account', lineObjectNumber: '40250', description: 'Shipping', quantity: '1', unitPrice: '3.99' },
      { lineType: 'Comment', description: 'Gift wrap, please', quantity: '0', unitPrice: '0' },
    ],
  });
  const integration = { shopifyOrderId: 'gid://shopify/Order/7101', paymentTransactionId: 'pi_3Q7101' };
  /** What the flow has looked up before it creates: the connector's caches are warm. */
  const warm = async () => {
    await bc.connector.capabilities();
    await bc.connector.listShipmentMethods();
    await bc.connector.listLocations();
    await bc.connector.findItemVariant('BEANIE-MRN', 'OLIVE');
  };

  it('writes order, lines and integration fields in one request: the order the standard API shows', async () => {
    await warm();
    const mark = since();
    const created = await bc.connector.createSalesOrder({ ...fullDraft('shop-7101'), integration });
    expect(sentSince(mark)).toEqual([companionPost]);
    expect(created).toMatchObject({
      externalDocumentNumber: 'SHOP-7101',
      customerNumber: 'C00010',
      status: 'Draft',
      pricesIncludeTax: true,
      integrationWritten: true,
    });
    expect(created.lines?.map((l) => [l.lineType, l.lineObjectNumber, l.quantity, l.amountIncludingTax])).toEqual([
      ['Item', 'BEANIE-MRN', '3', '49.47'],
      ['Account', '40250', '1', '3.99'],
      ['Comment', '', '0', '0'],
    ]);
    // The same draft through the standard API: the same amounts, line by line and in total.
    const standard = await bc.connector.createSalesOrder(fullDraft('shop-7102'));
    expect(standard.integrationWritten).toBeUndefined();
    expect([created.totalAmountExcludingTax, created.totalTaxAmount, created.totalAmountIncludingTax]).toEqual([
      standard.totalAmountExcludingTax,
      standard.totalTaxAmount,
      standard.totalAmountIncludingTax,
    ]);
    expect(created.lines?.map((l) => [l.amountExcludingTax, l.totalTaxAmount, l.taxPercent])).toEqual(
      standard.lines?.map((l) => [l.amountExcludingTax, l.totalTaxAmount, l.taxPercent]),
    );

    expect(await bc.connector.getSalesOrderIntegration(created.id)).toMatchObject({ number: created.number, ...integration });
    expect((await bc.connector.findSalesOrdersByShopifyOrderId(integration.shopifyOrderId)).map((o) => o.id)).toEqual([created.id]);
    const seen = await bc.connector.getSalesOrder(created.id, { expandLines: true });
    expect(seen?.lines?.[0]).toMatchObject({ itemVariantId: idOf('itemVariants', 'OLIVE'), locationId: idOf('locations', 'LONDON') });
    const stored = bc.emulator.rows('salesOrders').find((row) => row.id === created.id)!;
    expect(stored).toMatchObject({
      shipmentMethodId: idOf('shipmentMethods', 'EXPRESS'),
      shipToCountry: 'GB',
      shipToAddressLine2: '',
      email: 'amelia@example.co.uk',
    });
  });

  it('looks a variant up once by id when no lookup brought it, then knows it', async () => {
    await bc.connector.capabilities();
    const mark = since();
    await bc.connector.createSalesOrder({ ...fullDraft('shop-7103'), integration });
    expect(sentSince(mark).map((r) => r.replace(/\(.*\)/, '(…)'))).toEqual([
      'GET shipmentMethods',
      'GET locations',
      'GET itemVariants(…)',
      companionPost,
    ]);
    const again = since();
    await bc.connector.createSalesOrder({ ...fullDraft('shop-7104'), integration: { shopifyOrderId: 'gid://shopify/Order/7104' } });
    expect(sentSince(again)).toEqual([companionPost]);
  });

  it('sends a currency through the companion page, as the page has the field (a second shop in euros)', async () => {
    await warm();
    const mark = since();
    const created = await bc.connector.createSalesOrder({ ...fullDraft('shop-7106'), currencyCode: 'EUR', integration });
    expect(sentSince(mark)).toEqual([companionPost]);
    expect(created).toMatchObject({ integrationWritten: true, currencyCode: 'EUR' });
  });

  it('goes the standard way without integration fields, or with an id the reference data lacks', async () => {
    await warm();
    const cases: [SalesOrderDraft, string][] = [
      [fullDraft('shop-7105'), 'POST salesOrders'],
      [{ ...fullDraft('shop-7107'), shipmentMethodId: '99999999-9999-4999-8999-999999999999', integration }, 'POST salesOrders'],
    ];
    for (const [draft, expected] of cases) {
      const mark = since();
      const result = await bc.connector.createSalesOrder(draft).catch((error: unknown) => error);
      expect(sentSince(mark), draft.externalDocumentNumber).toEqual([expected]);
      expect((result as { integrationWritten?: boolean }).integrationWritten).toBeUndefined();
    }
  });

  it('goes the standard way on a tenant whose extension cannot create orders yet (1.0)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lb-contract-'));
    try {
      // The 1.0 page: integration fields readable and writable, no insert, no lines part.
      const contract = JSON.parse(readFileSync(defaultContractPath, 'utf8')) as CompanionContract;
      contract.entitySets = contract.entitySets
        .filter((set) => set.name !== 'salesOrderLines')
        .map((set) => (set.name === 'salesOrders' ? { ...set, insertable: false, navigation: [] } : set));
      writeFileSync(join(dir, 'contract.json'), JSON.stringify(contract));
      bc = createInProcessBc({ emulator: { limits: false, companionContractPath: join(dir, 'contract.json') } });
      expect(await bc.connector.capabilities()).toMatchObject({ salesOrderIntegrationFields: true, salesOrderCreate: false });
      const mark = since();
      const created = await bc.connector.createSalesOrder({ ...order('shop-7108'), integration });
      expect([sentSince(mark), created.integrationWritten]).toEqual([['POST salesOrders'], undefined]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never repeats a create whose answer was lost: outcome unknown, and the order already carries the fields', async () => {
    await warm();
    bc.emulator.control.addFault({ kind: 'drop-response', method: 'POST', path: 'integration/v1.0/companies' });
    const error = await bc.connector.createSalesOrder({ ...fullDraft('shop-7109'), integration }).catch((e: unknown) => e);
    expect(isConnectorError(error) && error.outcomeUnknown).toBe(true);
    expect(bc.requests().filter((r) => r === companionPost)).toHaveLength(1);
    expect(bc.emulator.rows('salesOrders').map((row) => [row.externalDocumentNumber, row._shopifyOrderId])).toEqual([
      ['SHOP-7109', integration.shopifyOrderId],
    ]);
    expect(await bc.connector.findSalesOrdersByShopifyOrderId(integration.shopifyOrderId)).toHaveLength(1);

    // A gateway error before BC did anything: also unknown to the client, also not repeated.
    bc.emulator.control.addFault({ kind: 'status', status: 503, method: 'POST', path: 'integration/v1.0/companies' });
    const unavailable = await bc.connector.createSalesOrder({ ...fullDraft('shop-7110'), integration }).catch((e: unknown) => e);
    expect(unavailable).toMatchObject({ code: 'upstream_unavailable', outcomeUnknown: true });
    expect(bc.requests().filter((r) => r === companionPost)).toHaveLength(2);
    expect(bc.emulator.rows('salesOrders')).toHaveLength(1);
  });
});

describe('release, reopen and shipments', () => {
  it('releases and reopens an order', async () => {
    const created = await bc.connector.createSalesOrder(order('shop-7003'));
    await bc.connector.releaseSalesOrder(created.id);
    expect((await bc.connector.getSalesOrder(created.id))?.status).toBe('Open');
    await bc.connector.reopenSalesOrder(created.id);
    expect((await bc.connector.getSalesOrderIntegration(created.id))?.status).toBe('Open');
    expect((await bc.connector.getSalesOrder(created.id))?.status).toBe('Draft');
  });

  it('ships in parts with carrier and tracking, without invoicing', async () => {
    const created = await bc.connector.createSalesOrder(order('shop-7004'));
    await bc.connector.releaseSalesOrder(created.id);
    const [tee, shipping] = created.lines!;
    const first = await bc.connector.shipSalesOrder(created.id, {
      lines: [
        { lineId: tee!.id, quantity: '2' },
        { lineId: shipping!.id, quantity: '1' },
      ],
      shippingAgentCode: 'dpd',
      trackingNumber: '15501234567890',
    });
    expect(first.shipments).toMatchObject([
      {
        orderNumber: created.number,
        lines: [
          { lineObjectNumber: 'TEE-ORG-M', quantity: '2' },
          { lineObjectNumber: '40250', quantity: '1' },
        ],
      },
    ]);
    expect(bc.emulator.rows('salesShipments')[0]).toMatchObject({ _shippingAgentCode: 'DPD', _packageTrackingNumber: '15501234567890' });
    const second = await bc.connector.shipSalesOrder(created.id, {
      lines: [{ lineId: tee!.id, quantity: '1' }],
      trackingNumber: '15501234567891',
    });
    expect(second.shipments.map((s) => s.lines?.map((l) => l.quantity))).toEqual([['1']]);
    const after = await bc.connector.getSalesOrder(created.id, { expandLines: true });
    expect(after?.lines?.map((l) => [l.shippedQuantity, l.invoicedQuantity])).toEqual([
      ['3', '0'],
      ['1', '0'],
    ]);
    expect(bc.emulator.rows('salesInvoices')).toHaveLength(0);
    await expect(bc.connector.shipSalesOrder(created.id, { lines: [{ lineId: tee!.id, quantity: '1' }] })).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });

  it('does not post twice when the answer to ship is lost', async () => {
    const created = await bc.connector.createSalesOrder(order('shop-7005'));
    bc.emulator.control.addFault({ kind: 'drop-response', method: 'POST', path: 'Microsoft.NAV.ship' });
    const result = await bc.connector.shipSalesOrder(created.id, { lines: [{ lineId: created.lines![0]!.id, quantity: '3' }] });
    expect(result.shipments).toHaveLength(1);
    expect(bc.emulator.rows('salesShipments')).toHaveLength(1);
    expect(bc.requests().filter((r) => r.endsWith('Microsoft.NAV.ship'))).toHaveLength(1);
  });
});

describe('stock, barcodes, item journals and receipts', () => {
  it('reads stock per location and variant, and resolves a variant barcode', async () => {
    const levels = await bc.connector.getStockByLocation({ itemNumbers: ['beanie-mrn', 'TEE-ORG-S'], locationCodes: ['SCEND'] });
    expect(levels.map((l) => `${l.itemNumber}/${l.variantCode}@${l.locationCode}=${l.quantity}`)).toEqual([
      'TEE-ORG-S/@SCEND=320',
      'BEANIE-MRN/NAVY@SCEND=60',
      'BEANIE-MRN/OLIVE@SCEND=40',
      'BEANIE-MRN/CHARCOAL@SCEND=30',
    ]);
    expect(await bc.connector.findItemByGtin('5060123450127')).toMatchObject({ number: 'BEANIE-MRN', variant: { code: 'OLIVE' } });
    expect(await bc.connector.findItemByGtin('5060123450011')).toMatchObject({ number: 'TEE-ORG-S' });
    expect((await bc.connector.findItemByGtin('5060123450011'))?.variant).toBeUndefined();
  });

  it('creates adjustment lines once, in batches of 100, and posts them', async () => {
    const drafts: ItemJournalLineDraft[] = Array.from({ length: 150 }, (_, i) => ({
      documentNumber: `WH-ADJ-${Math.floor(i / 10)}`,
      entryType: i % 2 ? 'Positive Adjmt.' : 'Negative Adjmt.',
      itemNumber: 'SOCK-WOOL-3PK',
      locationCode: 'SCEND',
      quantity: String(i + 1),
    }));
    const mark = since();
    const first = await bc.connector.createItemJournalLines('LB-STOCK', drafts);
    expect([first.created.length, first.adopted.length]).toEqual([150, 0]);
    expect(sentSince(mark).filter((r) => r.endsWith('$batch'))).toHaveLength(2);
    const again = await bc.connector.createItemJournalLines('LB-STOCK', drafts);
    expect([again.created.length, again.adopted.length]).toEqual([0, 150]);
    await bc.connector.postItemJournal('LB-STOCK');
    expect(await bc.connector.listItemJournalLines('LB-STOCK')).toEqual([]);
    const posted = await bc.connector.createItemJournalLines('LB-STOCK', drafts.slice(0, 3));
    expect([posted.created.length, posted.alreadyPosted.length]).toEqual([0, 3]);
    const [level] = await bc.connector.getStockByLocation({ itemNumbers: ['SOCK-WOOL-3PK'], locationCodes: ['SCEND'] });
    expect(level?.quantity).toBe(String(640 + 75));
  });

  it('settles a lost answer to an item journal post by reading the batch', async () => {
    await bc.connector.createItemJournalLines('LB-STOCK', [
      { documentNumber: 'WH-9', entryType: 'Positive Adjmt.', itemNumber: 'CAP-CANVAS', locationCode: 'LONDON', quantity: '4' },
    ]);
    bc.emulator.control.addFault({ kind: 'drop-response', method: 'POST', path: 'Microsoft.NAV.post' });
    await bc.connector.postItemJournal('LB-STOCK');
    expect(bc.emulator.rows('itemLedgerEntries').filter((e) => e.documentNumber === 'WH-9')).toHaveLength(1);
  });

  it('receives part of a purchase order', async () => {
    const [released] = await bc.connector.listPurchaseOrders({ releasedOnly: true });
    const full = await bc.connector.getPurchaseOrder(released!.id, { expandLines: true });
    const receipts = await bc.connector.receivePurchaseOrder(released!.id, { lines: [{ lineId: full!.lines![0]!.id, quantity: '25' }] });
    expect(receipts).toMatchObject([
      { orderNumber: released!.number, vendorNumber: 'V00010', lines: [{ lineObjectNumber: 'HOOD-MRN-M', quantity: '25' }] },
    ]);
    const after = await bc.connector.getPurchaseOrder(released!.id, { expandLines: true });
    expect(after?.lines?.map((l) => [l.receivedQuantity, l.receiveQuantity])).toEqual([
      ['25', '15'],
      ['0', '0'],
    ]);
    const entries = [];
    for await (const entry of bc.connector.listItemLedgerEntries({ itemNumber: 'HOOD-MRN-M', pageSize: 1 })) entries.push(entry);
    expect(entries.map((e) => [e.entryType, e.quantity])).toEqual([
      ['Positive Adjmt.', '96'],
      ['Positive Adjmt.', '24'],
      ['Purchase', '25'],
    ]);
  });
});
