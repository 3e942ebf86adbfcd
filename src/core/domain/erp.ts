/**
 * ERP documents as the hub writes and reads them. Field names follow Business Central's
 * API v2.0 (the ERP the hub ships for); amounts are decimal strings, never floats.
 */
export interface ErpCustomer {
  id: string;
  number: string;
  displayName: string;
  /** `Person` or `Company`. */
  type?: string;
  email: string | null;
  currencyCode: string | null;
  blocked: string | null;
}

export interface ErpItem {
  id: string;
  number: string;
  displayName: string;
  gtin: string | null;
  blocked: boolean;
  type: string;
  unitPrice: string;
  priceIncludesTax: boolean;
}

export interface SalesOrderLineDraft {
  /** `Charge` is an item charge: BC needs an assignment before invoicing, which its API cannot make. */
  lineType: 'Item' | 'Account' | 'Comment' | 'Charge';
  /** Item number, G/L account number or item charge number. */
  lineObjectNumber?: string;
  itemVariantId?: string;
  locationId?: string;
  description?: string;
  quantity: string;
  unitPrice: string;
  discountAmount?: string;
  /** VAT product posting group, when the line must not take the item's or account's own. */
  taxCode?: string;
}

export interface PostalAddressDraft {
  name?: string;
  addressLine1?: string;
  addressLine2?: string;
  city?: string;
  state?: string;
  postCode?: string;
  /** Country code, e.g. `GB`. */
  country?: string;
}

export interface SalesOrderDraft {
  /** The hub's reference; BC upper-cases it and cuts nothing: it must fit 35 characters. */
  externalDocumentNumber: string;
  /** Blank with `customerByEmail`: the ERP resolves the customer inside the create. */
  customerNumber: string;
  /**
   * The customer found by this draft's e-mail inside the create, or created from it when none
   * matches, in the same request (companion feature `salesOrderCustomerByEmail`); the created
   * order says which customer and whether it was new (`customerCreated`).
   */
  customerByEmail?: CustomerDraft & { email: string };
  orderDate: string;
  currencyCode?: string;
  pricesIncludeTax: boolean;
  email?: string;
  phoneNumber?: string;
  shipTo?: PostalAddressDraft;
  shipmentMethodId?: string;
  lines: SalesOrderLineDraft[];
  /**
   * The companion extension's fields for the new order. Where the ERP can write them in the
   * create itself it does, and the created order says so (`integrationWritten`); otherwise
   * they are ignored here and the caller writes them afterwards.
   */
  integration?: SalesOrderIntegrationFields;
}

export interface ErpSalesOrderLine {
  id: string;
  sequence: number;
  lineType: string;
  lineObjectNumber: string;
  description: string;
  quantity: string;
  unitPrice: string;
  discountAmount: string;
  amountExcludingTax: string;
  totalTaxAmount: string;
  amountIncludingTax: string;
  /** VAT product posting group (UK) or tax group code, and its rate in percent. */
  taxCode?: string;
  taxPercent?: string;
  /** Progress of shipping and invoicing, when read. */
  shippedQuantity?: string;
  invoicedQuantity?: string;
  /** What the next shipment / invoice posts (order lines only). */
  shipQuantity?: string;
  invoiceQuantity?: string;
  itemVariantId?: string;
  locationId?: string;
  /** Needed to change or delete the line. */
  etag?: string;
}

/** What every sales document (order, invoice, credit memo) says of its state and money. */
export interface ErpDocumentTotals {
  status: string;
  currencyCode: string;
  pricesIncludeTax: boolean;
  totalAmountExcludingTax: string;
  totalTaxAmount: string;
  totalAmountIncludingTax: string;
  lastModifiedDateTime: string;
  /** The ERP's optimistic-concurrency token, needed to change the document later. */
  etag?: string;
}

export interface ErpSalesOrder extends ErpDocumentTotals {
  id: string;
  number: string;
  externalDocumentNumber: string;
  customerNumber: string;
  orderDate: string;
  lines?: ErpSalesOrderLine[];
  /** Set by a create that wrote the draft's `integration` fields in the same request. */
  integrationWritten?: boolean;
  /** Set by a create with `customerByEmail`: its customer was made by this create. */
  customerCreated?: boolean;
}

/** A customer the hub creates in the ERP when none matches by e-mail; flagged for review. */
export interface CustomerDraft {
  displayName: string;
  type?: 'Person' | 'Company';
  email?: string;
  phoneNumber?: string;
  addressLine1?: string;
  addressLine2?: string;
  city?: string;
  state?: string;
  /** Country code, e.g. `GB`. */
  country?: string;
  postalCode?: string;
  currencyCode?: string;
  /** From the hub's customer template; BC applies its own configuration template on insert too. */
  paymentTermsId?: string;
  paymentMethodId?: string;
  shipmentMethodId?: string;
  taxAreaId?: string;
  taxLiable?: boolean;
}

/** A BC location or shipment method: the code people use and the id the API wants. */
export interface ErpCodeRef {
  id: string;
  code: string;
}

/** Fields the companion extension keeps on a sales order (see bc-extension/). */
export interface SalesOrderIntegrationFields {
  shopifyOrderId?: string;
  paymentTransactionId?: string;
  shippingAgentCode?: string;
  trackingNumber?: string;
}

// --- The rest of the order-to-cash surface of the ERP (BC connector, issue 3) ---

/** A create that first looks for an earlier attempt: made now, or found and adopted. */
export interface EnsureResult<T> {
  outcome: 'created' | 'adopted';
  value: T;
}

/** Lines created in bulk: those made now and those an earlier attempt had already made. */
export interface CreatedLines<T> {
  created: T[];
  adopted: T[];
}

/** A code-and-name record of the ERP: shipment or payment method, tax area or group. */
export interface ErpCodeEntity extends ErpCodeRef {
  displayName: string;
}

export interface ErpLocation extends ErpCodeEntity {
  city: string | null;
  country: string | null;
}

export interface ErpTaxCode extends ErpCodeEntity {
  /** `VAT` or `Sales Tax`. */
  taxType: string;
}

export interface ErpItemVariant extends ErpCodeRef {
  itemId: string;
  itemNumber: string;
  description: string;
}

/** An item found by barcode, with the variant when the barcode belongs to one. */
export type ErpItemByBarcode = ErpItem & { variant?: ErpItemVariant };

export interface SalesOrderPatch {
  externalDocumentNumber?: string;
  orderDate?: string;
  requestedDeliveryDate?: string;
  email?: string;
  phoneNumber?: string;
  shipTo?: PostalAddressDraft;
  shipmentMethodId?: string;
  partialShipping?: boolean;
}

export interface SalesOrderLinePatch {
  description?: string;
  quantity?: string;
  unitPrice?: string;
  discountAmount?: string;
  locationId?: string;
  itemVariantId?: string;
  /** What the next shipment / invoice posts. */
  shipQuantity?: string;
  invoiceQuantity?: string;
}

/** The companion extension's view of a sales order: BC's own status and the integration fields. */
export interface ErpSalesOrderIntegration {
  id: string;
  number: string;
  externalDocumentNumber: string;
  customerNumber: string;
  /** BC's document status: `Open`, `Released`, `Pending Approval`, `Pending Prepayment`. */
  status: string;
  shopifyOrderId: string | null;
  paymentTransactionId: string | null;
  shippingAgentCode: string | null;
  trackingNumber: string | null;
  lastModifiedDateTime: string;
  etag?: string;
}

/** A shipment of some lines (quantities as decimal strings), with carrier and tracking. */
export interface ShipSalesOrderRequest {
  lines: { lineId: string; quantity: string }[];
  shippingAgentCode?: string;
  trackingNumber?: string;
}

export interface ErpSalesShipmentLine {
  id: string;
  sequence: number;
  lineType: string;
  lineObjectNumber: string;
  description: string;
  quantity: string;
}

export interface ErpSalesShipment {
  id: string;
  number: string;
  orderNumber: string;
  externalDocumentNumber: string;
  customerNumber: string;
  postingDate: string;
  shipmentMethodCode: string;
  lastModifiedDateTime: string;
  lines?: ErpSalesShipmentLine[];
}

/** What posting a shipment left: the new posted shipments and the order (gone once fully posted). */
export interface ErpShipmentResult {
  shipments: ErpSalesShipment[];
  order?: ErpSalesOrder;
}

/** What posting an order's shipment and invoice left. */
export interface ErpShipAndInvoiceResult {
  invoices: ErpSalesInvoice[];
  order?: ErpSalesOrder;
}

/** Lines of invoices and credit memos carry the same fields as order lines. */
export type ErpSalesDocumentLine = ErpSalesOrderLine;

export interface ErpSalesInvoice extends ErpDocumentTotals {
  id: string;
  number: string;
  externalDocumentNumber: string;
  orderId: string | null;
  orderNumber: string | null;
  customerNumber: string;
  invoiceDate: string;
  postingDate: string;
  dueDate: string;
  /** `Draft`, `In Review`, `Open`, `Paid`, `Canceled`, `Corrective`. */
  status: string;
  remainingAmount: string;
  lines?: ErpSalesDocumentLine[];
}

export interface SalesInvoiceDraft {
  /** The hub's reference (Code[35], upper-cased by BC): how a retry finds an earlier attempt. */
  externalDocumentNumber: string;
  customerNumber: string;
  invoiceDate?: string;
  postingDate?: string;
  currencyCode?: string;
  pricesIncludeTax: boolean;
  lines: SalesOrderLineDraft[];
}

export interface SalesCreditMemoDraft {
  /** The hub's reference (Code[35], upper-cased by BC): how a retry finds an earlier attempt. */
  externalDocumentNumber: string;
  customerNumber: string;
  creditMemoDate?: string;
  postingDate?: string;
  currencyCode?: string;
  pricesIncludeTax: boolean;
  /** Applies the memo to this posted invoice. */
  invoiceId?: string;
  returnReasonId?: string;
  lines: SalesOrderLineDraft[];
}

export interface ErpSalesCreditMemo extends ErpDocumentTotals {
  id: string;
  number: string;
  externalDocumentNumber: string;
  customerNumber: string;
  creditMemoDate: string;
  postingDate: string;
  invoiceId: string | null;
  invoiceNumber: string | null;
  /** `Draft` until posted, then `Open` (or `Paid` once applied). */
  status: string;
  lines?: ErpSalesDocumentLine[];
}

/** Quantity on hand per item, variant and location (companion extension). */
/** BC's figures behind available-to-sell for one item, variant and location (decimal strings, base units). */
export interface ErpStockAvailability {
  itemNumber: string;
  variantCode: string;
  locationCode: string;
  /** Sum of item ledger entries. */
  inventory: string;
  /** Outstanding quantity of open sales-order lines. */
  outstanding: string;
  /** Units reserved for sales orders (a positive figure). */
  reserved: string;
}

export interface ErpStockLevel {
  itemNumber: string;
  variantCode: string;
  locationCode: string;
  quantity: string;
}

/** A stock adjustment; `documentNumber` is the hub's reference a retry looks for. */
export interface ItemJournalLineDraft {
  documentNumber: string;
  entryType: 'Positive Adjmt.' | 'Negative Adjmt.';
  itemNumber: string;
  variantCode?: string;
  locationCode?: string;
  /** Positive; the entry type gives the direction. */
  quantity: string;
  postingDate?: string;
  externalDocumentNumber?: string;
  description?: string;
}

export interface ErpItemJournalLine {
  id: string;
  journalBatchName: string;
  lineNumber: number;
  entryType: string;
  postingDate: string;
  documentNumber: string;
  externalDocumentNumber: string;
  itemNumber: string;
  variantCode: string;
  locationCode: string;
  quantity: string;
  description: string;
  etag?: string;
}

export interface ErpJournal {
  id: string;
  code: string;
  displayName: string;
  templateDisplayName: string;
}

export type JournalAccountType = 'G/L Account' | 'Customer' | 'Vendor' | 'Bank Account';

/** A general journal line; positive amount = debit. Lines of one document must balance. */
export interface JournalLineDraft {
  accountType?: JournalAccountType;
  accountNumber: string;
  postingDate: string;
  documentNumber: string;
  externalDocumentNumber?: string;
  amount: string;
  description?: string;
  /** A fixed line number makes a repeated create fail as a duplicate instead of doubling. */
  lineNumber?: number;
  balanceAccountType?: JournalAccountType;
  balancingAccountNumber?: string;
}

export interface ErpJournalLine {
  id: string;
  journalId: string;
  lineNumber: number;
  accountType: string;
  accountNumber: string;
  postingDate: string;
  documentNumber: string;
  externalDocumentNumber: string;
  amount: string;
  description: string;
  balancingAccountNumber: string;
  etag?: string;
}

export interface ErpPurchaseOrderLine {
  id: string;
  sequence: number;
  lineType: string;
  lineObjectNumber: string;
  description: string;
  quantity: string;
  directUnitCost: string;
  receivedQuantity: string;
  receiveQuantity: string;
  locationId: string | null;
  itemVariantId: string | null;
  expectedReceiptDate: string;
  etag?: string;
}

export interface ErpPurchaseOrder {
  id: string;
  number: string;
  vendorNumber: string;
  vendorName: string;
  orderDate: string;
  /** API status: `Draft`, `In Review`, `Open` (released). */
  status: string;
  fullyReceived: boolean;
  lastModifiedDateTime: string;
  etag?: string;
  lines?: ErpPurchaseOrderLine[];
}

export interface ReceivePurchaseOrderRequest {
  lines: { lineId: string; quantity: string }[];
}

export interface ErpPurchaseReceiptLine {
  id: string;
  sequence: number;
  lineObjectNumber: string;
  description: string;
  quantity: string;
}

export interface ErpPurchaseReceipt {
  id: string;
  number: string;
  orderNumber: string;
  vendorNumber: string;
  postingDate: string;
  lastModifiedDateTime: string;
  lines?: ErpPurchaseReceiptLine[];
}

export interface ErpItemLedgerEntry {
  id: string;
  entryNumber: number;
  itemNumber: string;
  postingDate: string;
  entryType: string;
  documentType: string;
  documentNumber: string;
  quantity: string;
  salesAmountActual: string;
  costAmountActual: string;
  lastModifiedDateTime: string;
}

export interface ErpSubscription {
  subscriptionId: string;
  notificationUrl: string;
  resource: string;
  clientState: string;
  expirationDateTime: string;
  lastModifiedDateTime: string;
  etag?: string;
}

/**
 * Characters BC keeps in a shipment's "Package Tracking No.": Text[30] in BC 24, the oldest
 * version the companion extension supports (app.json `application` 24.0.0.0); Microsoft's
 * current base application has Text[50]. The hub holds to the smallest supported length until
 * the minimum version is raised (docs/decisions, bc-extension/README.md).
 */
export const erpTrackingNumberMaxLength = 30;
