/**
 * A refund as the hub understands it, whatever channel it came from: which order lines went
 * back (and whether their stock did), refunded shipping, adjustments, and the money
 * movements. The Shopify connector maps Admin GraphQL refunds to this shape; the refunds
 * flow reads only this. Amounts are decimal strings in the shop currency, ids are strings.
 */
import type { ChannelTransaction } from './channel-order.ts';

/**
 * What happened to the stock of a refunded line:
 * - `RETURN`: fulfilled units came back and were restocked at `locationId`;
 * - `CANCEL`: unfulfilled units were cancelled and released at `locationId`;
 * - `NO_RESTOCK`: money back, stock untouched (damaged, kept by the customer);
 * - `LEGACY_RESTOCK`: restocked by an older API that did not say how.
 */
export type RefundRestockType = 'RETURN' | 'CANCEL' | 'NO_RESTOCK' | 'LEGACY_RESTOCK';

export interface ChannelRefundLine {
  /** The refund line's own id; may be null on very old refunds. */
  id: string | null;
  /** The order line refunded (ChannelOrderLine.id). */
  lineItemId: string;
  sku: string | null;
  quantity: number;
  restockType: RefundRestockType;
  /** True once the channel has put the units back into stock. */
  restocked: boolean;
  /** Where the units were restocked or released; null for `NO_RESTOCK`. */
  locationId: string | null;
  /** Price of one unit as refunded, after discounts. */
  unitPrice: string;
  /** Refunded amount of the line (tax included when the order's prices include tax). */
  subtotal: string;
  /** Tax part of the refunded line. */
  tax: string;
}

export interface ChannelRefundShippingLine {
  id: string;
  /** The order's shipping line refunded (ChannelShippingLine.id). */
  shippingLineId: string | null;
  /** Refunded shipping (tax included when the order's prices include tax). */
  subtotal: string;
  tax: string;
}

export interface ChannelRefundAdjustment {
  id: string;
  /** e.g. `REFUND_DISCREPANCY`, `PENDING_REFUND_DISCREPANCY`, `RESTOCK`, `CUSTOMER`, `DAMAGE`; null when the channel gives none. */
  reason: string | null;
  /** Signed: negative when less money went back than the lines add up to. */
  amount: string;
  tax: string;
}

/**
 * Where the refund's money stands. The channel's own refunded total counts only settled
 * money, so a refund whose transaction is still pending reports zero: post a credit memo
 * for `settled`, and look again later while `pending` is not zero.
 */
export interface ChannelRefundMoney {
  /** Σ successful refund transactions. */
  settled: string;
  /** Σ refund transactions still pending or awaiting a response. */
  pending: string;
  /** Σ refund transactions that failed or errored: money that did not go back. */
  failed: string;
  /** The channel's own total (Shopify's `totalRefundedSet`), kept to compare, never trusted alone. */
  reportedTotal: string;
  /** `settled` when nothing is pending, `pending` while something is, `none` with no money movement at all. */
  state: 'settled' | 'pending' | 'none';
}

export interface ChannelRefund {
  /** Globally unique id, e.g. `gid://shopify/Refund/123`. */
  id: string;
  /** The numeric id as a string (64-bit). */
  legacyId: string;
  /** The order refunded (ChannelOrder.id). */
  orderId: string;
  createdAt: string | null;
  processedAt: string;
  updatedAt: string;
  note: string | null;
  /** The shop currency: every amount here is in it. */
  currency: string;
  lines: ChannelRefundLine[];
  shippingLines: ChannelRefundShippingLine[];
  adjustments: ChannelRefundAdjustment[];
  /** Refund transactions (kind `REFUND`), in the order the channel lists them. */
  transactions: ChannelTransaction[];
  money: ChannelRefundMoney;
  /** The return this refund settles, when there is one. */
  returnId: string | null;
}

/** What a listing or a webhook tells about a refund before the hub fetches it whole. */
export interface ChannelRefundRef {
  id: string;
  legacyId: string;
  orderId: string;
  /** When the refund was made, as the channel reports it; null when the payload has none. */
  processedAt: string | null;
}
