/**
 * The BC API v2.0 entities as they travel on the wire, limited to the properties the hub
 * reads or writes. Names and lengths come from the real `$metadata`; a contract test
 * checks every list here against it, so they cannot drift.
 */
import type { LosslessNumber } from 'lossless-json';

/** Edm.Decimal as parsed by the connector: the exact text of the JSON number. */
export type WireDecimal = LosslessNumber;

export interface WireEntity {
  id: string;
  '@odata.etag'?: string;
}

export interface BcCompany extends WireEntity {
  name: string;
  displayName: string;
  businessProfileId: string;
  systemVersion: string;
}

export interface BcCustomer extends WireEntity {
  number: string;
  displayName: string;
  type: string;
  email: string;
  currencyCode: string;
  blocked: string;
}

export interface BcItem extends WireEntity {
  number: string;
  displayName: string;
  type: string;
  gtin: string;
  blocked: boolean;
  unitPrice: WireDecimal;
  priceIncludesTax: boolean;
}

export interface BcSalesOrderLine extends WireEntity {
  sequence: WireDecimal;
  lineType: string;
  lineObjectNumber: string;
  description: string;
  quantity: WireDecimal;
  unitPrice: WireDecimal;
  discountAmount: WireDecimal;
  amountExcludingTax: WireDecimal;
  totalTaxAmount: WireDecimal;
  amountIncludingTax: WireDecimal;
  taxCode: string;
  taxPercent: WireDecimal;
  shipQuantity?: WireDecimal;
  invoiceQuantity?: WireDecimal;
  shippedQuantity?: WireDecimal;
  invoicedQuantity?: WireDecimal;
  itemVariantId?: string;
  locationId?: string;
}

export interface BcSalesOrder extends WireEntity {
  number: string;
  externalDocumentNumber: string;
  customerNumber: string;
  orderDate: string;
  status: string;
  currencyCode: string;
  pricesIncludeTax: boolean;
  totalAmountExcludingTax: WireDecimal;
  totalTaxAmount: WireDecimal;
  totalAmountIncludingTax: WireDecimal;
  lastModifiedDateTime: string;
  fullyShipped?: boolean;
  salesOrderLines?: BcSalesOrderLine[];
}

export type Props<T> = Exclude<keyof T, '@odata.etag' | `${string}Lines`> & string;

/** Line fields every sales document line shares (orders, invoices, credit memos). */
const documentLineSelect = [
  'id',
  'sequence',
  'lineType',
  'lineObjectNumber',
  'description',
  'quantity',
  'unitPrice',
  'discountAmount',
  'amountExcludingTax',
  'totalTaxAmount',
  'amountIncludingTax',
  'taxCode',
  'taxPercent',
  'itemVariantId',
  'locationId',
] as const;

/** What each read asks for with `$select`, per entity type (metadata type name). */
export const selects = {
  company: ['id', 'name', 'displayName', 'businessProfileId', 'systemVersion'] satisfies Props<BcCompany>[],
  customer: ['id', 'number', 'displayName', 'type', 'email', 'currencyCode', 'blocked'] satisfies Props<BcCustomer>[],
  item: ['id', 'number', 'displayName', 'type', 'gtin', 'blocked', 'unitPrice', 'priceIncludesTax'] satisfies Props<BcItem>[],
  salesOrder: [
    'id',
    'number',
    'externalDocumentNumber',
    'customerNumber',
    'orderDate',
    'status',
    'currencyCode',
    'pricesIncludeTax',
    'totalAmountExcludingTax',
    'totalTaxAmount',
    'totalAmountIncludingTax',
    'lastModifiedDateTime',
    'fullyShipped',
  ] satisfies Props<BcSalesOrder>[],
  salesOrderLine: [
    ...documentLineSelect,
    'shipQuantity',
    'invoiceQuantity',
    'shippedQuantity',
    'invoicedQuantity',
  ] satisfies Props<BcSalesOrderLine>[],
  /** Invoice and credit memo lines: the same fields without the order's shipping progress. */
  salesInvoiceLine: [...documentLineSelect] satisfies Props<BcSalesOrderLine>[],
  salesCreditMemoLine: [...documentLineSelect] satisfies Props<BcSalesOrderLine>[],
} as const;

/**
 * MaxLength of every string property the connector writes, per entity type. Checked before
 * sending (BC would answer `Application_StringExceededLength`) and exported so mappers can
 * shorten address text deliberately instead of failing.
 */
export const maxLengths = {
  salesOrder: {
    externalDocumentNumber: 35,
    customerNumber: 20,
    email: 80,
    phoneNumber: 30,
    shipToName: 100,
    shipToContact: 100,
    shipToAddressLine1: 100,
    shipToAddressLine2: 50,
    shipToCity: 30,
    shipToState: 30,
    shipToPostCode: 20,
    shipToCountry: 10,
  },
  salesOrderLine: { lineObjectNumber: 20, description: 100, unitOfMeasureCode: 10, taxCode: 50 },
  salesInvoice: { externalDocumentNumber: 35, customerNumber: 20 },
  salesInvoiceLine: { lineObjectNumber: 20, description: 100, taxCode: 50 },
  salesCreditMemo: { externalDocumentNumber: 35, customerNumber: 20 },
  salesCreditMemoLine: { lineObjectNumber: 20, description: 100, taxCode: 50 },
  journalLine: { accountNumber: 20, documentNumber: 20, externalDocumentNumber: 35, description: 100, balancingAccountNumber: 20 },
  journal: { code: 10 },
  itemVariant: { code: 10, itemNumber: 20 },
  subscriptions: { clientState: 2048 },
  customer: {
    displayName: 100,
    email: 80,
    phoneNumber: 30,
    addressLine1: 100,
    addressLine2: 50,
    city: 30,
    state: 30,
    country: 10,
    postalCode: 20,
  },
  item: { number: 20, gtin: 14 },
  company: { name: 30 },
} as const satisfies Record<string, Record<string, number>>;
