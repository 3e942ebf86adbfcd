/**
 * Wire shapes of the standard API v2.0 entities beyond orders, customers and items: reference
 * data, posted documents, credit memos, journals, purchasing, item ledger entries and webhook
 * subscriptions, with the `$select` lists the connector asks for. Names come from the real
 * `$metadata`; the contract test checks every list against it.
 */
import type { BcSalesOrderLine, Props, WireDecimal, WireEntity } from './schemas.ts';

export interface BcCodeEntity extends WireEntity {
  code: string;
  displayName: string;
}
export interface BcLocation extends BcCodeEntity {
  city: string;
  country: string;
}
export interface BcTaxCode extends BcCodeEntity {
  taxType: string;
}
export interface BcItemVariant extends WireEntity {
  itemId: string;
  itemNumber: string;
  code: string;
  description: string;
}

interface BcDocumentTotals {
  currencyCode: string;
  pricesIncludeTax: boolean;
  totalAmountExcludingTax: WireDecimal;
  totalTaxAmount: WireDecimal;
  totalAmountIncludingTax: WireDecimal;
  lastModifiedDateTime: string;
  status: string;
}
export interface BcSalesInvoice extends WireEntity, BcDocumentTotals {
  number: string;
  externalDocumentNumber: string;
  orderId: string;
  orderNumber: string;
  customerNumber: string;
  invoiceDate: string;
  postingDate: string;
  dueDate: string;
  remainingAmount: WireDecimal;
  salesInvoiceLines?: BcSalesOrderLine[];
}
export interface BcSalesCreditMemo extends WireEntity, BcDocumentTotals {
  number: string;
  externalDocumentNumber: string;
  customerNumber: string;
  creditMemoDate: string;
  postingDate: string;
  invoiceId: string;
  invoiceNumber: string;
  salesCreditMemoLines?: BcSalesOrderLine[];
}
export interface BcSalesShipmentLine extends WireEntity {
  sequence: WireDecimal;
  lineType: string;
  lineObjectNumber: string;
  description: string;
  quantity: WireDecimal;
}
export interface BcSalesShipment extends WireEntity {
  number: string;
  orderNumber: string;
  externalDocumentNumber: string;
  customerNumber: string;
  postingDate: string;
  shipmentMethodCode: string;
  lastModifiedDateTime: string;
  salesShipmentLines?: BcSalesShipmentLine[];
}
export interface BcJournal extends WireEntity {
  code: string;
  displayName: string;
  templateDisplayName: string;
}
export interface BcJournalLine extends WireEntity {
  journalId: string;
  lineNumber: WireDecimal;
  accountType: string;
  accountNumber: string;
  postingDate: string;
  documentNumber: string;
  externalDocumentNumber: string;
  amount: WireDecimal;
  description: string;
  balancingAccountNumber: string;
}
export interface BcPurchaseOrderLine extends WireEntity {
  sequence: WireDecimal;
  lineType: string;
  lineObjectNumber: string;
  description: string;
  quantity: WireDecimal;
  directUnitCost: WireDecimal;
  receivedQuantity: WireDecimal;
  receiveQuantity: WireDecimal;
  locationId: string;
  itemVariantId: string;
  expectedReceiptDate: string;
}
export interface BcPurchaseOrder extends WireEntity {
  number: string;
  vendorNumber: string;
  vendorName: string;
  orderDate: string;
  status: string;
  fullyReceived: boolean;
  lastModifiedDateTime: string;
  purchaseOrderLines?: BcPurchaseOrderLine[];
}
export interface BcPurchaseReceiptLine extends WireEntity {
  sequence: WireDecimal;
  lineObjectNumber: string;
  description: string;
  quantity: WireDecimal;
}
export interface BcPurchaseReceipt extends WireEntity {
  number: string;
  orderNumber: string;
  vendorNumber: string;
  postingDate: string;
  lastModifiedDateTime: string;
  purchaseReceiptLines?: BcPurchaseReceiptLine[];
}
export interface BcItemLedgerEntry extends WireEntity {
  entryNumber: WireDecimal;
  itemNumber: string;
  postingDate: string;
  entryType: string;
  documentType: string;
  documentNumber: string;
  quantity: WireDecimal;
  salesAmountActual: WireDecimal;
  costAmountActual: WireDecimal;
  lastModifiedDateTime: string;
}
export interface BcSubscription {
  '@odata.etag'?: string;
  subscriptionId: string;
  notificationUrl: string;
  resource: string;
  clientState: string;
  expirationDateTime: string;
  lastModifiedDateTime: string;
}

const totals = [
  'currencyCode',
  'pricesIncludeTax',
  'totalAmountExcludingTax',
  'totalTaxAmount',
  'totalAmountIncludingTax',
  'lastModifiedDateTime',
  'status',
] as const;

/** `$select` per entity type (metadata type name). */
export const documentSelects = {
  location: ['id', 'code', 'displayName', 'city', 'country'] satisfies Props<BcLocation>[],
  shipmentMethod: ['id', 'code', 'displayName'] satisfies Props<BcCodeEntity>[],
  paymentMethod: ['id', 'code', 'displayName'] satisfies Props<BcCodeEntity>[],
  taxArea: ['id', 'code', 'displayName', 'taxType'] satisfies Props<BcTaxCode>[],
  taxGroup: ['id', 'code', 'displayName', 'taxType'] satisfies Props<BcTaxCode>[],
  itemVariant: ['id', 'itemId', 'itemNumber', 'code', 'description'] satisfies Props<BcItemVariant>[],
  salesInvoice: [
    'id',
    'number',
    'externalDocumentNumber',
    'orderId',
    'orderNumber',
    'customerNumber',
    'invoiceDate',
    'postingDate',
    'dueDate',
    'remainingAmount',
    ...totals,
  ] satisfies Props<BcSalesInvoice>[],
  salesCreditMemo: [
    'id',
    'number',
    'externalDocumentNumber',
    'customerNumber',
    'creditMemoDate',
    'postingDate',
    'invoiceId',
    'invoiceNumber',
    ...totals,
  ] satisfies Props<BcSalesCreditMemo>[],
  salesShipment: [
    'id',
    'number',
    'orderNumber',
    'externalDocumentNumber',
    'customerNumber',
    'postingDate',
    'shipmentMethodCode',
    'lastModifiedDateTime',
  ] satisfies Props<BcSalesShipment>[],
  salesShipmentLine: ['id', 'sequence', 'lineType', 'lineObjectNumber', 'description', 'quantity'] satisfies Props<BcSalesShipmentLine>[],
  journal: ['id', 'code', 'displayName', 'templateDisplayName'] satisfies Props<BcJournal>[],
  journalLine: [
    'id',
    'journalId',
    'lineNumber',
    'accountType',
    'accountNumber',
    'postingDate',
    'documentNumber',
    'externalDocumentNumber',
    'amount',
    'description',
    'balancingAccountNumber',
  ] satisfies Props<BcJournalLine>[],
  purchaseOrder: [
    'id',
    'number',
    'vendorNumber',
    'vendorName',
    'orderDate',
    'status',
    'fullyReceived',
    'lastModifiedDateTime',
  ] satisfies Props<BcPurchaseOrder>[],
  purchaseOrderLine: [
    'id',
    'sequence',
    'lineType',
    'lineObjectNumber',
    'description',
    'quantity',
    'directUnitCost',
    'receivedQuantity',
    'receiveQuantity',
    'locationId',
    'itemVariantId',
    'expectedReceiptDate',
  ] satisfies Props<BcPurchaseOrderLine>[],
  purchaseReceipt: [
    'id',
    'number',
    'orderNumber',
    'vendorNumber',
    'postingDate',
    'lastModifiedDateTime',
  ] satisfies Props<BcPurchaseReceipt>[],
  purchaseReceiptLine: ['id', 'sequence', 'lineObjectNumber', 'description', 'quantity'] satisfies Props<BcPurchaseReceiptLine>[],
  itemLedgerEntry: [
    'id',
    'entryNumber',
    'itemNumber',
    'postingDate',
    'entryType',
    'documentType',
    'documentNumber',
    'quantity',
    'salesAmountActual',
    'costAmountActual',
    'lastModifiedDateTime',
  ] satisfies Props<BcItemLedgerEntry>[],
} as const;
