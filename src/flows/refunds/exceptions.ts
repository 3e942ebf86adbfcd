/** Every exception the refunds flow raises: owner, severity, what to do. */
import { exceptionsOf, retriesExhausted, type ExceptionDefinition } from '../shared/exception-catalogue.ts';

export const refundsExceptionCatalogue = {
  order_not_in_bc: {
    code: 'order_not_in_bc',
    category: 'orphan',
    severity: 'error',
    owner: 'finance',
    action:
      'The refunded order is not in Business Central yet (see its own exception). The credit memo is created by itself once the order posts; if the order will never be posted, credit the customer by hand and resolve this with a note.',
    autoRetry: true,
  },
  refund_not_found: {
    code: 'refund_not_found',
    category: 'upstream',
    severity: 'warning',
    owner: 'ecommerce',
    action:
      'The refund could not be read from Shopify. Check it in the Shopify admin; ignore this with a note if it should not be credited.',
    autoRetry: false,
  },
  refund_item_unknown: {
    code: 'refund_item_unknown',
    category: 'master_data',
    severity: 'error',
    owner: 'ecommerce',
    action: "A returned line's SKU matches no Business Central item. Create or correct the item; the credit memo is retried by itself.",
    autoRetry: true,
  },
  refund_location_unmapped: {
    code: 'refund_location_unmapped',
    category: 'mapping',
    severity: 'error',
    owner: 'operations',
    action:
      'Map the Shopify location the units were restocked at (flows.orders.locations) or set flows.refunds.returnLocationCode, then retry.',
    autoRetry: true,
  },
  account_not_configured: {
    code: 'account_not_configured',
    category: 'mapping',
    severity: 'error',
    owner: 'finance',
    action: 'Set the G/L account named in the message in the refunds configuration, then retry.',
    autoRetry: true,
  },
  refund_amount_mismatch: {
    code: 'refund_amount_mismatch',
    category: 'validation',
    severity: 'error',
    owner: 'finance',
    action:
      "The credit memo's total differs from the money Shopify refunded. Review the draft memo in Business Central, correct it, post it, then resolve this with a note.",
    autoRetry: false,
  },
  bc_rejected: {
    code: 'bc_rejected',
    category: 'validation',
    severity: 'error',
    owner: 'finance',
    action: 'Business Central refused the credit memo for the reason shown. Fix the data in Business Central, then retry.',
    autoRetry: false,
  },
  retries_exhausted: retriesExhausted,
} satisfies Record<string, ExceptionDefinition>;

export type RefundsExceptionCode = keyof typeof refundsExceptionCatalogue;

export const refundsException = exceptionsOf('refunds', refundsExceptionCatalogue);
