/**
 * Every exception the orders flow raises, in one place: who owns it, how bad it is and what
 * the owner should do. The operations guides are written from this list, and a test keeps
 * them in step.
 */
import { exceptionsOf, retriesExhausted, type ExceptionDefinition } from '../shared/exception-catalogue.ts';

const fixThenRetry = 'The order is tried again automatically every few minutes and posts by itself once this is fixed.';

export const ordersExceptionCatalogue = {
  unknown_sku: {
    code: 'unknown_sku',
    category: 'master_data',
    severity: 'error',
    owner: 'ecommerce',
    action: `Create the item in Business Central with this number, or correct the SKU on the Shopify variant. ${fixThenRetry}`,
    autoRetry: true,
  },
  missing_sku: {
    code: 'missing_sku',
    category: 'mapping',
    severity: 'error',
    owner: 'ecommerce',
    action: `Give the Shopify variant a SKU that matches a Business Central item number. ${fixThenRetry}`,
    autoRetry: true,
  },
  incomplete_address: {
    code: 'incomplete_address',
    category: 'validation',
    severity: 'error',
    owner: 'ecommerce',
    action: `Complete the shipping address on the order in Shopify, or retry with an override (ledgerbridge exceptions retry <id> --set shippingAddress.zip=…). ${fixThenRetry}`,
    autoRetry: true,
  },
  missing_contact: {
    code: 'missing_contact',
    category: 'validation',
    severity: 'error',
    owner: 'ecommerce',
    action: `Add a phone number or e-mail address to the order in Shopify, or retry with an override (--set shippingAddress.phone=…). ${fixThenRetry}`,
    autoRetry: true,
  },
  shipping_method_unmapped: {
    code: 'shipping_method_unmapped',
    category: 'mapping',
    severity: 'error',
    owner: 'operations',
    action: 'Map this Shopify shipping method to a Business Central shipment method in flows.orders.shippingMethods, then retry the order.',
    autoRetry: true,
  },
  location_unmapped: {
    code: 'location_unmapped',
    category: 'mapping',
    severity: 'error',
    owner: 'operations',
    action: 'Map this Shopify location to a Business Central location code in flows.orders.locations, then retry the order.',
    autoRetry: true,
  },
  missing_customs_data: {
    code: 'missing_customs_data',
    category: 'master_data',
    severity: 'error',
    owner: 'ecommerce',
    action: `Fill in the HS code and country of origin on the product's inventory item in Shopify, or retry with an override (--set lines[N].harmonizedSystemCode=… --set lines[N].countryOfOrigin=…, N the line number above). ${fixThenRetry}`,
    autoRetry: true,
  },
  missing_eori: {
    code: 'missing_eori',
    category: 'validation',
    severity: 'error',
    owner: 'ecommerce',
    action: 'Ask the buyer for their EORI number, then retry with an override (--set attributes.eori=GB123456789000).',
    autoRetry: true,
  },
  missing_ioss: {
    code: 'missing_ioss',
    category: 'mapping',
    severity: 'error',
    owner: 'finance',
    action:
      "Set the shop's IOSS number in flows.orders.readyToFulfil.customs.iossNumber (or decide how EU consumer orders ship), then retry the order.",
    autoRetry: true,
  },
  guest_without_email: {
    code: 'guest_without_email',
    category: 'master_data',
    severity: 'error',
    owner: 'ecommerce',
    action:
      "Add the buyer's e-mail to the order, retry with an override (--set email=…), or configure a default customer for guest orders.",
    autoRetry: true,
  },
  no_customer: {
    code: 'no_customer',
    category: 'master_data',
    severity: 'error',
    owner: 'finance',
    action: 'Create the customer in Business Central with this e-mail (or allow the hub to create customers), then retry the order.',
    autoRetry: true,
  },
  customer_blocked: {
    code: 'customer_blocked',
    category: 'master_data',
    severity: 'error',
    owner: 'finance',
    action: 'Unblock the customer in Business Central or decide how this order is to be handled, then retry it.',
    autoRetry: true,
  },
  customer_created: {
    code: 'customer_created',
    category: 'master_data',
    severity: 'info',
    owner: 'finance',
    action: 'Review the new customer in Business Central (posting groups, payment terms, address). Resolve this with a note when done.',
    autoRetry: false,
  },
  account_not_configured: {
    code: 'account_not_configured',
    category: 'mapping',
    severity: 'error',
    owner: 'finance',
    action: 'Set the G/L account named in the message in the orders configuration, then retry the order.',
    autoRetry: true,
  },
  tax_mismatch: {
    code: 'tax_mismatch',
    category: 'validation',
    severity: 'error',
    owner: 'finance',
    action:
      'The order is in Business Central but held from release. Compare the VAT setup of the lines shown (item VAT groups, customer) with what Shopify charged, correct the BC order or the setup, then resolve this with a note to release it.',
    autoRetry: false,
  },
  order_changed_after_release: {
    code: 'order_changed_after_release',
    category: 'conflict',
    severity: 'error',
    owner: 'operations',
    action:
      'The order changed in Shopify after Business Central released or shipped it. Apply the change by hand (or stop the shipment), then resolve this with a note.',
    autoRetry: false,
  },
  invalid_override: {
    code: 'invalid_override',
    category: 'validation',
    severity: 'error',
    owner: 'ecommerce',
    action: 'An override set on this order does not fit it. Retry with a corrected override (ledgerbridge exceptions retry <id> --set …).',
    autoRetry: false,
  },
  order_not_found: {
    code: 'order_not_found',
    category: 'upstream',
    severity: 'warning',
    owner: 'ecommerce',
    action:
      'Check whether the order was deleted in Shopify or is older than the app may read (60 days without read_all_orders). Ignore it with a note if it should not be posted.',
    autoRetry: false,
  },
  discount_exceeds_line: {
    code: 'discount_exceeds_line',
    category: 'validation',
    severity: 'error',
    owner: 'finance',
    action:
      'A discount (or gift-card money spread as one) is larger than the line it lowers, which Business Central refuses. Enter the order in BC by hand (the gift-card part as a payment), then resolve this with a note; or switch flows.orders.giftCards.policy to payment and retry.',
    autoRetry: false,
  },
  bc_rejected: {
    code: 'bc_rejected',
    category: 'validation',
    severity: 'error',
    owner: 'finance',
    action:
      'Business Central refused the document for the reason shown. Fix the data in Business Central (customer, item, posting setup), then retry the order.',
    autoRetry: false,
  },
  retries_exhausted: retriesExhausted,
} satisfies Record<string, ExceptionDefinition>;

export type OrdersExceptionCode = keyof typeof ordersExceptionCatalogue;

/**
 * Where a held order's fix shows, for its scheduled retry's first look (import-order.ts). On the
 * order as the ledger kept it: the fix lies in BC, the configuration, or an edit of the order,
 * which Shopify announces (orders/updated, or the poll's listing) and the hub then reads afresh.
 * On the product's details: an HS code filled in on the product changes no order. Codes not here
 * need the order read afresh: locations come from its fulfilment orders, which Shopify may move
 * without announcing the order, and the rest arise from reads or BC's answers.
 */
export const whereFixShows: Partial<Record<OrdersExceptionCode, 'stored-order' | 'product-details'>> = {
  unknown_sku: 'stored-order',
  incomplete_address: 'stored-order',
  missing_contact: 'stored-order',
  shipping_method_unmapped: 'stored-order',
  missing_eori: 'stored-order',
  missing_ioss: 'stored-order',
  account_not_configured: 'stored-order',
  discount_exceeds_line: 'stored-order',
  missing_customs_data: 'product-details',
};

/** Exceptions that keep a BC order from being released to the warehouse while open. */
export const releaseHoldCodes: readonly OrdersExceptionCode[] = ['tax_mismatch', 'order_changed_after_release'];

export const ordersException = exceptionsOf('orders', ordersExceptionCatalogue);
