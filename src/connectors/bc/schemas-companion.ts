/**
 * Wire shapes of the companion extension's API (`ledgerbridge/integration/v1.0`, see
 * bc-extension/api-contract.json), with the `$select` lists and the lengths the connector
 * checks before writing. A contract test holds them to the contract file.
 */
import { erpTrackingNumberMaxLength } from '../../core/domain/erp.ts';
import type { Props, WireDecimal, WireEntity } from './schemas.ts';

export interface BcCompanionSalesOrder extends WireEntity {
  number: string;
  externalDocumentNumber: string;
  customerNumber: string;
  status: string;
  shopifyOrderId: string;
  paymentTransactionId: string;
  shippingAgentCode: string;
  packageTrackingNumber: string;
  lastModifiedDateTime: string;
}
/** A companion sales order line (BC's Sales Line Type: ' ', 'G/L Account', 'Item', 'Charge (Item)', …). */
export interface BcCompanionSalesOrderLine extends WireEntity {
  documentId: string;
  sequence: WireDecimal;
  lineType: string;
  lineObjectNumber: string;
  variantCode: string;
  locationCode: string;
  taxCode: string;
  description: string;
  quantity: WireDecimal;
  unitPrice: WireDecimal;
  discountAmount: WireDecimal;
  taxPercent: WireDecimal;
  amountExcludingTax: WireDecimal;
  totalTaxAmount: WireDecimal;
  amountIncludingTax: WireDecimal;
}
/** The companion sales order as its create answers: the order's own fields and totals too. */
export interface BcCompanionSalesOrderCreated extends BcCompanionSalesOrder {
  currencyCode: string;
  pricesIncludeTax: boolean;
  orderDate: string;
  totalAmountExcludingTax: WireDecimal;
  totalTaxAmount: WireDecimal;
  totalAmountIncludingTax: WireDecimal;
  /** Extension 1.3. */
  customerCreated?: boolean;
  salesOrderLines?: BcCompanionSalesOrderLine[];
}
export interface BcStockLevel {
  itemNumber: string;
  variantCode: string;
  locationCode: string;
  quantity: WireDecimal;
}
export interface BcItemJournal extends WireEntity {
  templateName: string;
  code: string;
  description: string;
}
export interface BcItemJournalLine extends WireEntity {
  journalTemplateName: string;
  journalBatchName: string;
  lineNumber: WireDecimal;
  entryType: string;
  postingDate: string;
  documentNumber: string;
  externalDocumentNumber: string;
  itemNumber: string;
  variantCode: string;
  locationCode: string;
  quantity: WireDecimal;
  description: string;
}
export interface BcItemReference extends WireEntity {
  itemNumber: string;
  variantCode: string;
  referenceType: string;
  referenceNumber: string;
}
export interface BcCompanionPurchaseOrder extends WireEntity {
  number: string;
  status: string;
}

/** `$select` per companion entity type (contract entity name). */
export const companionSelects = {
  salesOrder: [
    'id',
    'number',
    'externalDocumentNumber',
    'customerNumber',
    'status',
    'shopifyOrderId',
    'paymentTransactionId',
    'shippingAgentCode',
    'packageTrackingNumber',
    'lastModifiedDateTime',
  ] satisfies Props<BcCompanionSalesOrder>[],
  salesOrderLine: [
    'id',
    'documentId',
    'sequence',
    'lineType',
    'lineObjectNumber',
    'variantCode',
    'locationCode',
    'taxCode',
    'description',
    'quantity',
    'unitPrice',
    'discountAmount',
    'taxPercent',
    'amountExcludingTax',
    'totalTaxAmount',
    'amountIncludingTax',
  ] satisfies Props<BcCompanionSalesOrderLine>[],
  stockLevel: ['itemNumber', 'variantCode', 'locationCode', 'quantity'] satisfies (keyof BcStockLevel)[],
  itemJournal: ['id', 'templateName', 'code', 'description'] satisfies Props<BcItemJournal>[],
  itemJournalLine: [
    'id',
    'journalTemplateName',
    'journalBatchName',
    'lineNumber',
    'entryType',
    'postingDate',
    'documentNumber',
    'externalDocumentNumber',
    'itemNumber',
    'variantCode',
    'locationCode',
    'quantity',
    'description',
  ] satisfies Props<BcItemJournalLine>[],
  itemReference: ['id', 'itemNumber', 'variantCode', 'referenceType', 'referenceNumber'] satisfies Props<BcItemReference>[],
  purchaseOrder: ['id', 'number', 'status'] satisfies Props<BcCompanionPurchaseOrder>[],
} as const;

/** MaxLength of what the connector writes to companion pages, per contract entity name. */
export const companionMaxLengths = {
  salesOrder: {
    customerNumber: 20,
    currencyCode: 10,
    externalDocumentNumber: 35,
    email: 80,
    phoneNumber: 30,
    shipToCountry: 10,
    shipToName: 100,
    shipToAddressLine1: 100,
    shipToAddressLine2: 50,
    shipToPostCode: 20,
    shipToCity: 30,
    shipToState: 30,
    shipmentMethodCode: 10,
    shopifyOrderId: 50,
    paymentTransactionId: 100,
    shippingAgentCode: 10,
    packageTrackingNumber: erpTrackingNumberMaxLength,
    customerEmail: 80,
    customerName: 100,
    customerPhoneNumber: 30,
    customerAddressLine1: 100,
    customerAddressLine2: 50,
    customerCity: 30,
    customerState: 30,
    customerPostCode: 20,
    customerCountry: 10,
  },
  salesOrderLine: { lineObjectNumber: 20, variantCode: 10, locationCode: 10, taxCode: 20, description: 100 },
  itemJournalLine: {
    journalTemplateName: 10,
    journalBatchName: 10,
    documentNumber: 20,
    externalDocumentNumber: 35,
    itemNumber: 20,
    variantCode: 10,
    locationCode: 10,
    description: 100,
  },
} as const satisfies Record<string, Record<string, number>>;
