/**
 * Telling the sales channel that goods left the warehouse: which fulfilment-order lines
 * shipped, with what tracking, and whether the customer is told. The shipments flow builds
 * a `FulfillmentRequest` from the warehouse's shipment; the Shopify connector sends it.
 */

export interface FulfillmentTracking {
  /** Carrier name; Shopify builds tracking URLs itself when it matches a carrier it knows exactly. */
  company: string | null;
  /** One number per parcel. */
  numbers: string[];
  /** One URL per parcel, for carriers the channel does not know. */
  urls: string[];
}

export interface FulfillmentRequest {
  /** The fulfilment order shipped from (ChannelFulfillmentOrder.id). */
  fulfillmentOrderId: string;
  /** Lines and quantities shipped; empty means the whole fulfilment order. */
  lines: { fulfillmentOrderLineItemId: string; quantity: number }[];
  tracking: FulfillmentTracking;
  /** Only after the warehouse has really shipped. */
  notifyCustomer: boolean;
}

export interface ChannelFulfillment {
  /** e.g. `gid://shopify/Fulfillment/123`. */
  id: string;
  /** `SUCCESS`, `CANCELLED`, `ERROR`, `FAILURE`. */
  status: string;
  createdAt: string;
  tracking: { company: string | null; number: string | null; url: string | null }[];
  lines: { lineItemId: string; quantity: number }[];
  /**
   * True when the first attempt's answer was lost and the fulfilment was found by reading
   * the fulfilment order again, rather than created by a second attempt.
   */
  adopted: boolean;
}
