/**
 * A sales-channel order as the hub understands it, whatever channel it came from. The
 * Shopify connector maps Admin GraphQL orders to this shape; flows read only this.
 * Amounts are decimal strings in the shop currency (Shopify's `shopMoney`).
 */
export interface PostalAddress {
  name: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  zip: string | null;
  /** ISO 3166-1 alpha-2. */
  countryCode: string | null;
  phone: string | null;
}

export interface TaxLine {
  title: string;
  /** Rate as a decimal fraction string, e.g. `"0.2"`. */
  rate: string;
  amount: string;
}

export interface DiscountAllocation {
  amount: string;
  /** Index into the order's discount applications. */
  discountApplicationIndex: number | null;
}

export interface DiscountApplication {
  index: number;
  /** `DISCOUNT_CODE`, `AUTOMATIC`, `MANUAL`, `SCRIPT`. */
  kind: string;
  code: string | null;
  title: string | null;
  /** `ACROSS` (order level, spread by Shopify) or `EACH`/`ONE` (line level). */
  allocationMethod: string;
  targetType: string;
  /** `ALL`, `ENTITLED` or `EXPLICIT`: which lines or shipping lines the discount may reach. */
  targetSelection?: string;
  /** What the discount was worth as set: a fixed amount in shop money, or a percentage (`"10"` = 10 %). */
  value?: { type: 'fixed_amount'; amount: string } | { type: 'percentage'; percentage: string };
}

export interface ChannelOrderLine {
  id: string;
  sku: string | null;
  title: string;
  variantTitle: string | null;
  variantId: string | null;
  inventoryItemId: string | null;
  barcode: string | null;
  quantity: number;
  /** Quantity after removals, edits and refunds (Shopify takes refunded units off it). */
  currentQuantity: number;
  /**
   * Units refunded by refunds that BC credits with a credit memo (every restock type but
   * `CANCEL`): they left `currentQuantity`, but they stay on the sales order, which the memo
   * then credits. Absent on payloads read before the hub knew it: zero.
   */
  creditedQuantity?: number;
  /** Price of one unit before discounts. */
  unitPrice: string;
  /** Sum of the discounts allocated to the whole line. */
  totalDiscount: string;
  discountAllocations: DiscountAllocation[];
  taxLines: TaxLine[];
  isGiftCard: boolean;
  requiresShipping: boolean;
  taxable: boolean;
  /** Customs data of the variant's inventory item, when the channel has it. */
  harmonizedSystemCode?: string | null;
  countryOfOrigin?: string | null;
}

export interface ChannelShippingLine {
  id: string | null;
  title: string;
  code: string | null;
  source: string | null;
  /** Price before shipping discounts. */
  price: string;
  discountedPrice: string;
  taxLines: TaxLine[];
}

export type TransactionKind =
  'AUTHORIZATION' | 'CAPTURE' | 'SALE' | 'REFUND' | 'VOID' | 'CHANGE' | 'EMV_AUTHORIZATION' | 'SUGGESTED_REFUND';
export type TransactionStatus = 'SUCCESS' | 'PENDING' | 'FAILURE' | 'ERROR' | 'AWAITING_RESPONSE' | 'UNKNOWN';

export interface ChannelTransaction {
  id: string;
  kind: TransactionKind;
  status: TransactionStatus;
  /** e.g. `shopify_payments`, `gift_card`, `manual`. */
  gateway: string;
  /** The payment transaction id finance reconciles payouts with. */
  paymentId: string | null;
  amount: string;
  processedAt: string | null;
  parentTransactionId: string | null;
  test: boolean;
}

/** A transaction as Shopify announced it by webhook, with the currency its amount is in. */
export interface AnnouncedTransaction {
  orderId: string;
  currency: string;
  transaction: ChannelTransaction;
}

export interface ChannelFulfillmentOrder {
  id: string;
  status: string;
  /** The channel location the order is assigned to ship from. */
  locationId: string | null;
  lines: { id: string; lineItemId: string; sku: string | null; totalQuantity: number; remainingQuantity: number }[];
  /**
   * The order's only fulfilment order, its lines not read: they are the order's lines to ship
   * with units left (blank line ids). Read from an order webhook's body; flows that fulfil read the order again.
   */
  linesFromOrder?: boolean;
}

export interface ChannelCustomer {
  id: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
}

export interface ChannelOrder {
  /** Globally unique id, e.g. `gid://shopify/Order/5678`. */
  id: string;
  /**
   * The order as its webhook body shows it, its transactions and fulfilment orders not read (both
   * empty): an order held for what the body already shows is kept so until it may post.
   */
  bodyOnly?: true;
  /** The numeric id as a string (never a JS number: 64-bit). */
  legacyId: string;
  /** The name shoppers and staff use, e.g. `#1042`. */
  name: string;
  createdAt: string;
  updatedAt: string;
  processedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  test: boolean;
  tags: string[];
  sourceName: string | null;
  /** The shop currency: every amount here is in it. */
  currency: string;
  presentmentCurrency: string;
  taxesIncluded: boolean;
  taxExempt: boolean;
  email: string | null;
  phone: string | null;
  customer: ChannelCustomer | null;
  shippingAddress: PostalAddress | null;
  billingAddress: PostalAddress | null;
  lines: ChannelOrderLine[];
  shippingLines: ChannelShippingLine[];
  discountApplications: DiscountApplication[];
  transactions: ChannelTransaction[];
  fulfillmentOrders: ChannelFulfillmentOrder[];
  taxLines: TaxLine[];
  totals: {
    subtotal: string;
    discounts: string;
    shipping: string;
    tax: string;
    total: string;
    /** Tips the buyer added at checkout: inside `total`, outside subtotal, shipping and tax. */
    tip?: string;
  };
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string | null;
  /** Extra checkout fields (Shopify note attributes), e.g. the buyer's EORI number. */
  attributes?: { key: string; value: string }[];
}

/** What a listing or a webhook tells about an order before the hub fetches it whole. */
export interface ChannelOrderRef {
  id: string;
  legacyId: string;
  name: string | null;
  updatedAt: string;
  /**
   * What a webhook's own body says of the order, in the channel connector's form: opaque to
   * flows, handed back to `getOrder`, which completes it instead of reading the order whole.
   */
  snapshot?: unknown;
  /** From a listing: the order's refund ids when the listing carries them all (none: an empty list). */
  refundIds?: string[];
}
