/**
 * A realistic UK company for the sandbox, built from the shared catalogue so Shopify and BC
 * agree on SKUs: VAT setup, units, currencies, payment terms and methods, shipment methods,
 * the two locations, a small chart of accounts, the items and the known customers.
 */
import { sandboxCatalogue, sandboxCustomers, sandboxLocations, sandboxWebCustomerNumber } from '../sandbox/catalogue.ts';
import type { CompanyState, EmulatorStore, Row } from './store.ts';
import { seedOperations } from './seed-operations.ts';
import { vatBusinessGroupFor } from './tax.ts';

const locationDetails: Record<string, Record<string, string>> = {
  SCEND: {
    addressLine1: 'Unit 4, Magna Park',
    city: 'Lutterworth',
    postalCode: 'LE17 4XN',
    country: 'GB',
    contact: 'Scend Warehouse Desk',
  },
  LONDON: { addressLine1: '12 Redchurch Street', city: 'London', postalCode: 'E2 7DJ', country: 'GB', contact: 'Shop Manager' },
};

const customerAddresses: Record<string, Record<string, string>> = {
  GB: { addressLine1: '14 Park Row', city: 'Leeds', postalCode: 'LS1 5HD' },
  IE: { addressLine1: '3 Dame Street', city: 'Dublin', postalCode: 'D02 F658' },
  FR: { addressLine1: '8 Rue Oberkampf', city: 'Paris', postalCode: '75011' },
  US: { addressLine1: '250 Greenwich Street', city: 'New York', state: 'NY', postalCode: '10007' },
};

/** Number series every company has, so documents and master data number like BC's. */
export function defineNumberSeries(store: EmulatorStore, company: CompanyState): void {
  store.defineSeries(company, 'SO', { prefix: 'S-ORD', next: 101001, width: 6, step: 1 });
  store.defineSeries(company, 'CUST', { prefix: 'C', next: 60, width: 5, step: 10 });
  store.defineSeries(company, 'ITEM', { prefix: '', next: 70000, width: 5, step: 10 });
  store.defineSeries(company, 'SI', { prefix: 'S-INV', next: 102001, width: 6, step: 1 });
  store.defineSeries(company, 'PSI', { prefix: 'PS-INV', next: 103001, width: 6, step: 1 });
  store.defineSeries(company, 'SCM', { prefix: 'S-CR', next: 104001, width: 6, step: 1 });
  store.defineSeries(company, 'PSCM', { prefix: 'PS-CR', next: 104001, width: 6, step: 1 });
  store.defineSeries(company, 'SSH', { prefix: 'S-SHPT', next: 102001, width: 6, step: 1 });
  store.defineSeries(company, 'PO', { prefix: 'P-ORD', next: 106001, width: 6, step: 1 });
  store.defineSeries(company, 'PRCPT', { prefix: 'P-RCPT', next: 107001, width: 6, step: 1 });
  store.defineSeries(company, 'ILE', { prefix: '', next: 1, width: 1, step: 1 });
  store.defineSeries(company, 'GLE', { prefix: '', next: 1, width: 1, step: 1 });
}

export function seedSandboxCompany(store: EmulatorStore, company: CompanyState): void {
  const add = (set: string, data: Record<string, unknown>): Row => store.insert(company, set, data);
  const byCode = (rows: Row[]) => new Map(rows.map((row) => [String(row.code), row]));

  const pcs = add('unitsOfMeasure', { code: 'PCS', displayName: 'Piece', internationalStandardCode: 'H87', symbol: '' });
  const taxGroups = byCode([
    add('taxGroups', { code: 'STANDARD', displayName: 'Standard rate VAT (20%)', taxType: 'VAT' }),
    add('taxGroups', { code: 'REDUCED', displayName: 'Reduced rate VAT (5%)', taxType: 'VAT' }),
    add('taxGroups', { code: 'ZERO', displayName: 'Zero-rated VAT', taxType: 'VAT' }),
  ]);
  const taxAreas = byCode([
    add('taxAreas', { code: 'DOMESTIC', displayName: 'Domestic customers and vendors', taxType: 'VAT' }),
    add('taxAreas', { code: 'EU', displayName: 'Customers and vendors in the EU', taxType: 'VAT' }),
    add('taxAreas', { code: 'EXPORT', displayName: 'Other customers and vendors (not EU)', taxType: 'VAT' }),
  ]);
  for (const [code, displayName, symbol] of [
    ['EUR', 'Euro', '€'],
    ['USD', 'US dollar', '$'],
  ]) {
    add('currencies', { code, displayName, symbol, amountDecimalPlaces: '2:2', amountRoundingPrecision: '0.01' });
  }
  for (const [code, displayName] of [
    ['GB', 'United Kingdom'],
    ['IE', 'Ireland'],
    ['FR', 'France'],
    ['DE', 'Germany'],
    ['US', 'USA'],
  ]) {
    add('countriesRegions', { code, displayName, addressFormat: code === 'US' ? 'City+County+Post Code' : 'Post Code+City' });
  }
  const prepaid = add('paymentTerms', {
    code: 'PREPAID',
    displayName: 'Paid before dispatch',
    dueDateCalculation: '0D',
    discountDateCalculation: '',
    discountPercent: '0',
  });
  add('paymentTerms', {
    code: '30 DAYS',
    displayName: 'Net 30 days',
    dueDateCalculation: '30D',
    discountDateCalculation: '',
    discountPercent: '0',
  });
  const shopifyPayments = add('paymentMethods', { code: 'SHOPIFY', displayName: 'Shopify Payments' });
  add('paymentMethods', { code: 'GIFTCARD', displayName: 'Gift card' });
  add('paymentMethods', { code: 'BANK', displayName: 'Bank transfer' });
  const standard = add('shipmentMethods', { code: 'STANDARD', displayName: 'Standard delivery (2-4 days)' });
  add('shipmentMethods', { code: 'EXPRESS', displayName: 'Express delivery (next day)' });
  add('shipmentMethods', { code: 'INTL', displayName: 'International tracked' });
  add('shipmentMethods', { code: 'PICKUP', displayName: 'Collect in store' });

  for (const location of sandboxLocations) {
    add('locations', { code: location.bcCode, displayName: location.shopifyName, ...locationDetails[location.bcCode] });
  }

  const accounts: [string, string, string, string][] = [
    ['18100', 'Shopify Payments Clearing', 'Assets', 'ZERO'],
    ['18200', 'Bank, Current Account', 'Assets', 'ZERO'],
    ['22100', 'Gift Card Liability', 'Liabilities', 'ZERO'],
    ['22600', 'IOSS VAT Payable (EU)', 'Liabilities', 'ZERO'],
    ['40100', 'Sales, Web Shop', 'Income', 'STANDARD'],
    ['40250', 'Shipping Charges', 'Income', 'STANDARD'],
    ['40900', 'Rounding Differences', 'Income', 'ZERO'],
    ['18150', 'Shopify Payouts in Transit', 'Assets', 'ZERO'],
    ['40400', 'Sales Returns and Refunds', 'Income', 'STANDARD'],
    ['65400', 'Payment Provider Fees', 'Expense', 'ZERO'],
    ['65410', 'Chargebacks and Disputes', 'Expense', 'ZERO'],
    ['18110', 'PayPal Clearing', 'Assets', 'ZERO'],
    ['18300', 'Shopify Payments Reserve', 'Assets', 'ZERO'],
    ['65420', 'Payment Provider Adjustments', 'Expense', 'ZERO'],
    ['79100', 'Currency Conversion Differences', 'Expense', 'ZERO'],
    ['40600', 'Tips Received', 'Income', 'ZERO'],
  ];
  for (const [number, displayName, category, vat] of accounts) {
    add('accounts', { number, displayName, category, accountType: 'Posting', directPosting: true, blocked: false, _vatProdGroup: vat });
  }

  for (const item of sandboxCatalogue) {
    const group = taxGroups.get(item.vatProductGroup)!;
    add('items', {
      number: item.sku,
      displayName: item.variantTitle ? `${item.title}, ${item.variantTitle}` : item.title,
      type: item.sku.startsWith('GIFT-CARD') ? 'Non-Inventory' : 'Inventory',
      gtin: item.gtin,
      blocked: false,
      // Opening stock comes as item ledger entries per location (seed-operations.ts).
      inventory: '0',
      unitPrice: item.price,
      priceIncludesTax: true,
      taxGroupId: group.id,
      taxGroupCode: group.code,
      baseUnitOfMeasureId: pcs.id,
      baseUnitOfMeasureCode: 'PCS',
      generalProductPostingGroupCode: 'RETAIL',
      inventoryPostingGroupCode: 'FINISHED',
    });
  }

  const customers = [...sandboxCustomers, { number: sandboxWebCustomerNumber, name: 'Web Shop Guest', email: '', country: 'GB' }];
  for (const customer of customers) {
    const group = vatBusinessGroupFor(customer.country);
    const area = taxAreas.get(group)!;
    add('customers', {
      number: customer.number,
      displayName: customer.name,
      type: 'Person',
      email: customer.email,
      country: customer.country,
      ...customerAddresses[customer.country],
      taxLiable: true,
      taxAreaId: area.id,
      taxAreaDisplayName: area.displayName,
      paymentTermsId: prepaid.id,
      paymentMethodId: shopifyPayments.id,
      shipmentMethodId: standard.id,
      currencyCode: '',
      blocked: ' ',
      _vatBusGroup: group,
      // The web-shop customer is priced as the shop shows prices: VAT included.
      _pricesIncludingVat: customer.number === sandboxWebCustomerNumber,
    });
  }
  seedOperations(store, company);
}
