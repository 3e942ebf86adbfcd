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
  customerNumber: string;
  orderDate: string;
  currencyCode?: string;
  pricesIncludeTax: boolean;
  email?: string;
  phoneNumber?: string;
  shipTo?: PostalAddressDraft;
  shipmentMethodId?: string;
  lines: SalesOrderLineDraft[];
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
}

export interface ErpSalesOrder {
  id: string;
  number: string;
  externalDocumentNumber: string;
  customerNumber: string;
  orderDate: string;
  status: string;
  currencyCode: string;
  pricesIncludeTax: boolean;
  totalAmountExcludingTax: string;
  totalTaxAmount: string;
  totalAmountIncludingTax: string;
  lastModifiedDateTime: string;
  /** The ERP's optimistic-concurrency token, needed to change the document later. */
  etag?: string;
  lines?: ErpSalesOrderLine[];
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
