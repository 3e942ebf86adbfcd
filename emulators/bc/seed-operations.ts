/**
 * The operational half of the sandbox company: what posting needs and what the flows read
 * beyond the catalogue. Opening stock as item ledger entries per location (80 % at Scend,
 * the rest in the London shop, as the Shopify emulator splits it), an item with variants and
 * their barcodes (item references), shipping agents, vendors with purchase orders, a bank
 * account, general and item journal batches, return reasons.
 */
import { sandboxCatalogue } from '../sandbox/catalogue.ts';
import { addItemLedgerEntry } from './item-ledger.ts';
import { itemReferencesTable, shippingAgentsTable } from './companion-pages.ts';
import { itemJournalsTable } from './posting-journals.ts';
import type { CompanyState, EmulatorStore, Row } from './store.ts';

const beanie = {
  number: 'BEANIE-MRN',
  displayName: 'Merino Beanie',
  gtin: '5060123450103',
  unitPrice: '28',
  variants: [
    { code: 'NAVY', description: 'Navy', barcode: '5060123450110', scend: 60, london: 10 },
    { code: 'OLIVE', description: 'Olive', barcode: '5060123450127', scend: 40, london: 5 },
    { code: 'CHARCOAL', description: 'Charcoal', barcode: '5060123450134', scend: 30, london: 0 },
  ],
};

export function seedOperations(store: EmulatorStore, company: CompanyState): void {
  const add = (set: string, data: Record<string, unknown>): Row => store.insert(company, set, data);
  const ctx = { store, company };
  const today = store.today();
  const find = (set: string, field: string, value: string) => store.findBy(company, set, field, value)!;
  const pcs = find('unitsOfMeasure', 'code', 'PCS');
  const standard = find('taxGroups', 'code', 'STANDARD');
  const [scend, london] = [find('locations', 'code', 'SCEND'), find('locations', 'code', 'LONDON')];

  const opening = (itemNumber: string, locationCode: string, quantity: number, variantCode = '') => {
    if (quantity > 0)
      addItemLedgerEntry(ctx, {
        itemNumber,
        variantCode,
        locationCode,
        postingDate: '2026-11-01',
        entryType: 'Positive Adjmt.',
        documentType: ' ',
        documentNumber: 'OPENING',
        quantity: String(quantity),
        description: 'Opening balance',
      });
  };
  for (const item of sandboxCatalogue) {
    add(itemReferencesTable, {
      itemNumber: item.sku,
      variantCode: '',
      unitOfMeasureCode: 'PCS',
      referenceType: 'Bar Code',
      referenceNumber: item.gtin,
      description: item.title,
    });
    const atScend = Math.floor(item.initialStock * 0.8);
    opening(item.sku, 'SCEND', atScend);
    opening(item.sku, 'LONDON', item.initialStock - atScend);
  }
  const item = add('items', {
    number: beanie.number,
    displayName: beanie.displayName,
    type: 'Inventory',
    gtin: beanie.gtin,
    blocked: false,
    inventory: '0',
    unitPrice: beanie.unitPrice,
    priceIncludesTax: true,
    taxGroupId: standard.id,
    taxGroupCode: 'STANDARD',
    baseUnitOfMeasureId: pcs.id,
    baseUnitOfMeasureCode: 'PCS',
    generalProductPostingGroupCode: 'RETAIL',
    inventoryPostingGroupCode: 'FINISHED',
  });
  for (const variant of beanie.variants) {
    add('itemVariants', { itemId: item.id, itemNumber: beanie.number, code: variant.code, description: variant.description });
    add(itemReferencesTable, {
      itemNumber: beanie.number,
      variantCode: variant.code,
      unitOfMeasureCode: 'PCS',
      referenceType: 'Bar Code',
      referenceNumber: variant.barcode,
      description: `${beanie.displayName}, ${variant.description}`,
    });
    opening(beanie.number, 'SCEND', variant.scend, variant.code);
    opening(beanie.number, 'LONDON', variant.london, variant.code);
  }

  for (const [code, name] of [
    ['DPD', 'DPD UK'],
    ['ROYALMAIL', 'Royal Mail Tracked'],
    ['EVRI', 'Evri'],
    ['DHL', 'DHL Express'],
    ['UPS', 'UPS'],
  ]) {
    add(shippingAgentsTable, { code, name, internetAddress: '' });
  }
  for (const [code, description] of [
    ['DAMAGED', 'Arrived damaged'],
    ['WRONGSIZE', 'Wrong size'],
    ['CHANGED', 'Changed mind'],
  ]) {
    add('customerReturnReasons', { code, description });
  }
  add('bankAccounts', {
    number: 'BANK-GBP',
    displayName: 'Barclays Business Current',
    bankAccountNumber: '20-00-00 43218765',
    blocked: false,
    currencyCode: '',
    iban: 'GB33BARC20000043218765',
    intercompanyEnabled: false,
    // Its Bank Account Posting Group's G/L account: bank lines post there.
    _glAccountNumber: '18200',
  });
  add('journals', { code: 'GENERAL', displayName: 'Default general journal', templateDisplayName: 'GENERAL' });
  add('journals', { code: 'SHOPIFY', displayName: 'Shopify payouts (no number series)', templateDisplayName: 'GENERAL' });
  // The sandbox's second shop's batches, when it posts into this company too.
  add('journals', { code: 'SHOPIFY-EU', displayName: 'Shopify EU payouts (no number series)', templateDisplayName: 'GENERAL' });
  const clearing = store.findBy(company, 'accounts', 'number', '18100');
  add('customerPaymentJournals', {
    code: 'GENERAL',
    displayName: 'Default cash receipts',
    balancingAccountId: '00000000-0000-0000-0000-000000000000',
    balancingAccountNumber: '',
  });
  add('customerPaymentJournals', {
    code: 'SHOPIFY-CR',
    displayName: 'Shopify cash application (no number series)',
    balancingAccountId: clearing?.id,
    balancingAccountNumber: '18100',
  });
  add('customerPaymentJournals', {
    code: 'SHOP-EU-CR',
    displayName: 'Shopify EU cash application (no number series)',
    balancingAccountId: clearing?.id,
    balancingAccountNumber: '18100',
  });
  // Like BC's own DEFAULT batch, it takes document numbers from a series; the hub's batch has none.
  store.defineSeries(company, 'IJNL-GEN', { prefix: 'T', next: 1, width: 5, step: 1 });
  add(itemJournalsTable, { templateName: 'ITEM', code: 'DEFAULT', description: 'Default item journal', _noSeries: 'IJNL-GEN' });
  add(itemJournalsTable, { templateName: 'ITEM', code: 'LB-STOCK', description: 'LedgerBridge stock movements' });

  const vendors = [
    add('vendors', {
      number: 'V00010',
      displayName: 'Pennine Knitwear Ltd',
      addressLine1: '4 Mill Lane',
      city: 'Huddersfield',
      postalCode: 'HD1 3AB',
      country: 'GB',
      email: 'orders@pennine-knitwear.example',
      currencyCode: '',
      taxLiable: true,
      blocked: ' ',
      balance: '0',
    }),
    add('vendors', {
      number: 'V00020',
      displayName: 'Porto Cotton Mills Lda',
      addressLine1: 'Rua das Flores 120',
      city: 'Porto',
      postalCode: '4050-262',
      country: 'PT',
      email: 'sales@portocotton.example',
      currencyCode: '',
      taxLiable: true,
      blocked: ' ',
      balance: '0',
    }),
  ];
  const purchaseOrder = (vendor: Row, status: string, lines: [string, number, string][], location: Row) => {
    const number = store.nextNumber(company, 'PO');
    const amounts = lines.map(([, quantity, cost]) => Number(cost) * quantity);
    const excl = amounts.reduce((a, b) => a + b, 0).toFixed(2);
    const tax = (Number(excl) * 0.2).toFixed(2);
    const order = add('purchaseOrders', {
      number,
      orderDate: today,
      postingDate: today,
      vendorId: vendor.id,
      vendorNumber: vendor.number,
      vendorName: vendor.displayName,
      payToName: vendor.displayName,
      payToVendorId: vendor.id,
      payToVendorNumber: vendor.number,
      buyFromAddressLine1: vendor.addressLine1,
      buyFromCity: vendor.city,
      buyFromCountry: vendor.country,
      buyFromPostCode: vendor.postalCode,
      shipToName: 'Scend Warehouse',
      shipToAddressLine1: location.addressLine1,
      shipToCity: location.city,
      shipToPostCode: location.postalCode,
      shipToCountry: 'GB',
      currencyCode: 'GBP',
      pricesIncludeTax: false,
      status,
      fullyReceived: false,
      requestedReceiptDate: today,
      totalAmountExcludingTax: excl,
      totalTaxAmount: tax,
      totalAmountIncludingTax: (Number(excl) + Number(tax)).toFixed(2),
    });
    lines.forEach(([sku, quantity, cost], index) => {
      const target = find('items', 'number', sku);
      const amount = (Number(cost) * quantity).toFixed(2);
      add('purchaseOrderLines', {
        documentId: order.id,
        sequence: (index + 1) * 10_000,
        itemId: target.id,
        lineType: 'Item',
        lineObjectNumber: sku,
        description: target.displayName,
        unitOfMeasureId: pcs.id,
        unitOfMeasureCode: 'PCS',
        quantity: String(quantity),
        directUnitCost: cost,
        discountAmount: '0',
        discountPercent: '0',
        amountExcludingTax: amount,
        taxCode: 'STANDARD',
        taxPercent: '20',
        totalTaxAmount: (Number(amount) * 0.2).toFixed(2),
        amountIncludingTax: (Number(amount) * 1.2).toFixed(2),
        netAmount: amount,
        expectedReceiptDate: today,
        receivedQuantity: '0',
        invoicedQuantity: '0',
        invoiceQuantity: '0',
        receiveQuantity: String(quantity),
        locationId: location.id,
      });
    });
  };
  purchaseOrder(
    vendors[0]!,
    'Open',
    [
      ['HOOD-MRN-M', 40, '31.5'],
      ['HOOD-MRN-L', 30, '31.5'],
    ],
    scend,
  );
  purchaseOrder(
    vendors[1]!,
    'Draft',
    [
      ['TEE-ORG-S', 100, '6.2'],
      ['TEE-ORG-M', 150, '6.2'],
      ['TEE-ORG-L', 120, '6.2'],
    ],
    scend,
  );
  void london;
}
