/**
 * The in-memory shop's records. Ids are 64-bit numbers above 2^53, as Shopify's can be, so
 * any client that reads webhook JSON with a plain JSON.parse is caught rounding them.
 * Amounts are decimal strings in the shop currency.
 */
import type { FulfillmentRecord, RefundRecord } from './after-sale-records.ts';

export type GidKind =
  | 'Order'
  | 'LineItem'
  | 'Customer'
  | 'Product'
  | 'ProductVariant'
  | 'InventoryItem'
  | 'InventoryLevel'
  | 'Location'
  | 'FulfillmentOrder'
  | 'FulfillmentOrderLineItem'
  | 'OrderTransaction'
  | 'ShippingLine'
  | 'WebhookSubscription'
  | 'MailingAddress'
  | 'GiftCard'
  | 'Refund'
  | 'RefundLineItem'
  | 'RefundShippingLine'
  | 'OrderAdjustment'
  | 'Fulfillment'
  | 'FulfillmentLineItem'
  | 'InventoryAdjustmentGroup'
  | 'ShopifyPaymentsAccount'
  | 'ShopifyPaymentsPayout'
  | 'ShopifyPaymentsBalanceTransaction'
  | 'BulkOperation';

export function gid(kind: GidKind, id: bigint): string {
  return `gid://shopify/${kind}/${id}`;
}

/** The numeric id of a GID of the expected kind, or undefined. */
export function parseGid(value: string, kind: GidKind): bigint | undefined {
  const match = /^gid:\/\/shopify\/(\w+)\/(\d+)(\?.*)?$/.exec(value);
  return match && match[1] === kind ? BigInt(match[2]!) : undefined;
}

export interface AddressRecord {
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  zip: string | null;
  countryCode: string | null;
  phone: string | null;
}

export interface ProductRecord {
  id: bigint;
  title: string;
  vendor: string;
  isGiftCard: boolean;
}

export interface VariantRecord {
  id: bigint;
  productId: bigint;
  inventoryItemId: bigint;
  sku: string;
  barcode: string | null;
  title: string;
  price: string;
  taxable: boolean;
  /** UK VAT rate as a fraction; the emulator's checkout charges it. */
  vatRate: string;
  inventoryPolicy: 'DENY' | 'CONTINUE';
  grams: number;
}

export interface InventoryItemRecord {
  id: bigint;
  sku: string;
  tracked: boolean;
  requiresShipping: boolean;
  harmonizedSystemCode: string | null;
  countryCodeOfOrigin: string | null;
}

export interface LocationRecord {
  id: bigint;
  name: string;
  countryCode: string;
  fulfillsOnlineOrders: boolean;
}

export interface InventoryLevelRecord {
  id: bigint;
  inventoryItemId: bigint;
  locationId: bigint;
  available: number;
  committed: number;
  updatedAt: string;
}

export interface CustomerRecord {
  id: bigint;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TaxLineRecord {
  title: string;
  rate: string;
  amount: string;
  channelLiable: boolean;
}

export interface AllocationRecord {
  applicationIndex: number;
  amount: string;
}

export interface LineRecord {
  id: bigint;
  variantId: bigint | null;
  productId: bigint | null;
  sku: string | null;
  title: string;
  variantTitle: string | null;
  vendor: string | null;
  quantity: number;
  currentQuantity: number;
  unitPrice: string;
  allocations: AllocationRecord[];
  taxLines: TaxLineRecord[];
  isGiftCard: boolean;
  requiresShipping: boolean;
  taxable: boolean;
  grams: number;
}

export interface ShippingLineRecord {
  id: bigint;
  title: string;
  code: string | null;
  source: string | null;
  price: string;
  allocations: AllocationRecord[];
  taxLines: TaxLineRecord[];
}

export type DiscountValue = { type: 'fixed_amount'; amount: string } | { type: 'percentage'; percentage: number };

export interface DiscountApplicationRecord {
  index: number;
  typename: 'DiscountCodeApplication' | 'AutomaticDiscountApplication' | 'ManualDiscountApplication';
  code: string | null;
  title: string;
  allocationMethod: 'ACROSS' | 'EACH';
  targetSelection: 'ALL' | 'ENTITLED' | 'EXPLICIT';
  targetType: 'LINE_ITEM' | 'SHIPPING_LINE';
  value: DiscountValue;
}

export interface TransactionRecord {
  id: bigint;
  kind: string;
  status: string;
  gateway: string;
  paymentId: string | null;
  amount: string;
  processedAt: string;
  createdAt: string;
  test: boolean;
  parentId: bigint | null;
  receipt: Record<string, unknown> | null;
}

export interface FulfillmentOrderRecord {
  id: bigint;
  status: string;
  requestStatus: string;
  locationId: bigint;
  createdAt: string;
  updatedAt: string;
  lines: { id: bigint; lineId: bigint; totalQuantity: number; remainingQuantity: number }[];
}

export interface OrderTotals {
  lineItems: string;
  subtotal: string;
  discounts: string;
  shipping: string;
  tax: string;
  total: string;
  outstanding: string;
  /** Tips received at checkout: part of `total`, outside the subtotal, shipping and tax. */
  tip?: string;
}

export interface OrderRecord {
  id: bigint;
  number: number;
  name: string;
  token: string;
  createdAt: string;
  updatedAt: string;
  processedAt: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  closedAt: string | null;
  test: boolean;
  tags: string[];
  note: string | null;
  sourceName: string;
  currency: string;
  taxesIncluded: boolean;
  taxExempt: boolean;
  email: string | null;
  phone: string | null;
  buyerAcceptsMarketing: boolean;
  customerId: bigint | null;
  shippingAddress: AddressRecord | null;
  billingAddress: AddressRecord | null;
  lines: LineRecord[];
  shippingLines: ShippingLineRecord[];
  discountApplications: DiscountApplicationRecord[];
  discountCodes: string[];
  transactions: TransactionRecord[];
  fulfillmentOrders: FulfillmentOrderRecord[];
  refunds: RefundRecord[];
  fulfillments: FulfillmentRecord[];
  attributes: { key: string; value: string }[];
  taxLines: TaxLineRecord[];
  totals: OrderTotals;
  financialStatus: string;
  fulfillmentStatus: string;
}

export interface WebhookSubscriptionRecord {
  id: bigint;
  topic: string;
  uri: string;
  format: string;
  filter: string | null;
  includeFields: string[];
  name: string | null;
  createdAt: string;
  updatedAt: string;
}
