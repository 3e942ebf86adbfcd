/**
 * Calls every public method of the connector once, with the longest values BC allows, so
 * the contract test sees every request shape the connector can send. Errors the fake BC
 * provokes (e.g. "nothing was posted") are expected and ignored: the requests were sent.
 */
import type { SalesOrderDraft } from '../../../core/domain/erp.ts';
import { createBcConnector, type BcConnector } from '../index.ts';
import type { FetchLike } from '../transport.ts';

const id = '22222222-2222-4222-8222-222222222222';
const line = '22222222-2222-4222-8222-222222222222';
/** The id the fake BC gives every entity it finds (recording-fetch.ts). */
const known = '11111111-1111-4111-8111-111111111111';
const longest = (n: number) => 'W'.repeat(n);

export const longestDraft: SalesOrderDraft = {
  externalDocumentNumber: longest(35),
  customerNumber: longest(20),
  orderDate: '2026-11-22',
  currencyCode: 'EUR',
  pricesIncludeTax: true,
  email: `${longest(68)}@example.com`,
  phoneNumber: longest(30),
  shipTo: {
    name: longest(100),
    addressLine1: longest(100),
    addressLine2: longest(50),
    city: longest(30),
    state: longest(30),
    postCode: longest(20),
    country: 'GB',
  },
  shipmentMethodId: '33333333-3333-4333-8333-333333333333',
  lines: [
    {
      lineType: 'Item',
      lineObjectNumber: longest(20),
      itemVariantId: '44444444-4444-4444-8444-444444444444',
      locationId: '55555555-5555-4555-8555-555555555555',
      description: longest(100),
      quantity: '2',
      unitPrice: '12.50',
      discountAmount: '1.25',
      taxCode: 'STANDARD',
    },
    { lineType: 'Account', lineObjectNumber: '40250', description: 'Shipping', quantity: '1', unitPrice: '3.99' },
    { lineType: 'Charge', lineObjectNumber: 'FREIGHT', quantity: '1', unitPrice: '1' },
    { lineType: 'Comment', description: 'Gift wrap, please', quantity: '0', unitPrice: '0' },
  ],
};

/** For the companion create: no currency, every id one the fake BC's reference data knows. */
const companionDraft: SalesOrderDraft = {
  externalDocumentNumber: longestDraft.externalDocumentNumber,
  customerNumber: longestDraft.customerNumber,
  orderDate: longestDraft.orderDate,
  pricesIncludeTax: true,
  email: longestDraft.email,
  phoneNumber: longestDraft.phoneNumber,
  shipTo: { ...longestDraft.shipTo, addressLine2: undefined },
  shipmentMethodId: known,
  lines: longestDraft.lines.map((line) => (line.lineType === 'Item' ? { ...line, itemVariantId: known, locationId: known } : line)),
  integration: { shopifyOrderId: longest(50), paymentTransactionId: longest(100), shippingAgentCode: 'dpd', trackingNumber: longest(30) },
};

async function drain<T>(items: AsyncIterable<T>): Promise<void> {
  for await (const item of items) void item;
}

async function attempt(work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch {
    // The fake BC's answers are not always what the method expects; the request was sent.
  }
}

export async function exerciseConnector(fetch: FetchLike): Promise<BcConnector> {
  const bc = createBcConnector({
    config: {
      baseUrl: 'https://bc.test',
      tenantId: 't',
      environment: 'production',
      company: { name: 'LedgerBridge Sandbox UK' },
      clientId: 'c',
      cache: { itemTtlMs: 0, customerTtlMs: 0, referenceTtlMs: 0, missTtlMs: 0 },
    },
    clientSecret: 's',
    fetch,
  });
  const documentLines = longestDraft.lines.filter((l) => l.lineType !== 'Charge');
  const calls: (() => Promise<unknown>)[] = [
    () => bc.listCompanies(),
    () => bc.capabilities(),
    () => bc.findCustomersByEmail("o'brien@example.com"),
    () => bc.getCustomer(id),
    () =>
      bc.createCustomer({
        displayName: longest(100),
        type: 'Company',
        email: `${longest(68)}@example.com`,
        phoneNumber: longest(30),
        addressLine1: longest(100),
        addressLine2: longest(50),
        city: longest(30),
        state: longest(30),
        country: 'IE',
        postalCode: longest(20),
        currencyCode: 'EUR',
        paymentTermsId: id,
        paymentMethodId: id,
        shipmentMethodId: id,
        taxAreaId: id,
        taxLiable: true,
      }),
    () => bc.findItemByNumber('TEE-ORG-S'),
    () => bc.findItemByGtin('5060123450110'),
    () => bc.listItemVariants(id),
    () => bc.findItemVariant('BEANIE-MRN', 'NAVY'),
    () => bc.getItemVariant(id),
    () => bc.listLocations(),
    () => bc.listShipmentMethods(),
    () => bc.listPaymentMethods(),
    () => bc.listTaxAreas(),
    () => bc.listTaxGroups(),
    () => bc.findSalesOrdersByExternalDocumentNumber('SHOPIFY-1042'),
    () => bc.createSalesOrder(longestDraft),
    () => bc.createSalesOrder(companionDraft),
    () => bc.ensureSalesOrder(longestDraft),
    () => bc.getSalesOrder(id, { expandLines: true }),
    () => bc.getSalesOrder(id),
    () =>
      bc.updateSalesOrder(id, 'W/"e"', {
        externalDocumentNumber: longest(35),
        orderDate: '2026-11-23',
        requestedDeliveryDate: '2026-11-25',
        email: 'a@b.c',
        phoneNumber: longest(30),
        shipTo: longestDraft.shipTo,
        shipmentMethodId: id,
        partialShipping: false,
      }),
    () => bc.addSalesOrderLine(id, longestDraft.lines[0]!),
    () =>
      bc.updateSalesOrderLine(id, line, 'W/"e"', {
        description: longest(100),
        quantity: '3',
        unitPrice: '9.99',
        discountAmount: '0',
        locationId: id,
        itemVariantId: id,
        shipQuantity: '1',
        invoiceQuantity: '1',
      }),
    () => bc.deleteSalesOrderLine(id, line, 'W/"e"'),
    () => bc.deleteSalesOrder(id, 'W/"e"'),
    () => bc.shipAndInvoice(id),
    () => bc.findSalesInvoicesByOrderNumber('S-ORD101001'),
    () => bc.findSalesOrdersByShopifyOrderId('gid://shopify/Order/5000000001042'),
    () => bc.getSalesOrderIntegration(id),
    () =>
      bc.setSalesOrderIntegrationFields(id, {
        shopifyOrderId: longest(50),
        paymentTransactionId: longest(100),
        shippingAgentCode: 'DPD',
        trackingNumber: longest(30),
      }),
    () => bc.releaseSalesOrder(id),
    () => bc.reopenSalesOrder(id),
    () => bc.shipSalesOrder(id, { lines: [{ lineId: line, quantity: '1' }], shippingAgentCode: 'DPD', trackingNumber: longest(30) }),
    () => bc.getStockByLocation({ itemNumbers: ['TEE-ORG-S', 'BEANIE-MRN'], locationCodes: ['SCEND'] }),
    () => bc.getStockByLocation(),
    () => bc.findSalesShipmentsByOrderNumber('S-ORD101001'),
    () =>
      bc.createItemJournalLines('LB-STOCK', [
        {
          documentNumber: longest(20),
          entryType: 'Negative Adjmt.',
          itemNumber: longest(20),
          variantCode: longest(10),
          locationCode: longest(10),
          quantity: '2',
          postingDate: '2026-11-22',
          externalDocumentNumber: longest(35),
          description: longest(100),
        },
      ]),
    () => bc.listItemJournalLines('LB-STOCK'),
    () => bc.postItemJournal('LB-STOCK'),
    () => bc.findSalesInvoicesByExternalDocumentNumber('INV-1'),
    () => bc.getSalesInvoice(id, { expandLines: true }),
    () =>
      bc.createSalesInvoice({
        externalDocumentNumber: longest(35),
        customerNumber: longest(20),
        invoiceDate: '2026-11-22',
        postingDate: '2026-11-22',
        currencyCode: 'EUR',
        pricesIncludeTax: true,
        lines: documentLines,
      }),
    () => bc.postSalesInvoice(id),
    () =>
      bc.createSalesCreditMemo({
        externalDocumentNumber: longest(35),
        customerNumber: longest(20),
        creditMemoDate: '2026-11-22',
        postingDate: '2026-11-22',
        currencyCode: 'EUR',
        pricesIncludeTax: true,
        invoiceId: id,
        returnReasonId: id,
        lines: documentLines,
      }),
    () => bc.findSalesCreditMemosByExternalDocumentNumber('REFUND-1'),
    () => bc.getSalesCreditMemo(id, { expandLines: true }),
    () => bc.postSalesCreditMemo(id),
    () => bc.listJournals(),
    () => bc.findJournalByCode('SHOPIFY'),
    () => bc.listJournalLines(id),
    () =>
      bc.createJournalLines(id, [
        {
          accountType: 'G/L Account',
          accountNumber: '18200',
          postingDate: '2026-11-22',
          documentNumber: longest(20),
          externalDocumentNumber: longest(35),
          amount: '95.40',
          description: longest(100),
          lineNumber: 10000,
        },
        {
          accountType: 'Bank Account',
          accountNumber: 'BANK-GBP',
          postingDate: '2026-11-22',
          documentNumber: 'P1',
          amount: '-95.40',
          balanceAccountType: 'G/L Account',
          balancingAccountNumber: '18100',
        },
      ]),
    () => bc.postJournal(id),
    () => bc.listPurchaseOrders({ releasedOnly: true }),
    () => bc.getPurchaseOrder(id, { expandLines: true }),
    () => bc.findPurchaseReceiptsByOrderNumber('P-ORD106001'),
    () => bc.getPurchaseReceipt(id),
    () => bc.receivePurchaseOrder(id, { lines: [{ lineId: line, quantity: '1' }] }),
    () => drain(bc.listItemLedgerEntries({ itemNumber: 'TEE-ORG-S', afterEntryNumber: 10, pageSize: 100 })),
    () =>
      bc.createSubscription({
        notificationUrl: 'https://hub.example.com/webhooks/bc',
        entitySet: 'salesOrders',
        clientState: longest(2048),
      }),
    () =>
      bc.createSubscription({
        notificationUrl: 'https://hub.example.com/webhooks/bc',
        entitySet: 'salesOrders',
        clientState: 's',
        api: 'companion',
      }),
    () => bc.listSubscriptions(),
    () => bc.renewSubscription('abc123'),
    () => bc.deleteSubscription('abc123', { etag: 'W/"e"' }),
    () => bc.renewSubscriptionsDue(24 * 3_600_000),
    () => drain(bc.iterateModifiedSince('itemVariants', '2026-11-22T08:00:00Z', { select: ['id', 'code', 'lastModifiedDateTime'] })),
    () => drain(bc.pollSalesShipments('2026-11-22T08:00:00Z')),
  ];
  for (const call of calls) await attempt(call);
  return bc;
}
