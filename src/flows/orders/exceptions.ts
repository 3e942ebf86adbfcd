/**
 * Every exception the orders flow raises, in one place: who owns it, how bad it is and what
 * the owner should do. The operations guides are written from this list.
 */
import type { ExceptionInput } from '../../ledger/exceptions.js';

type Definition = Omit<ExceptionInput, 'message' | 'evidence' | 'recordId' | 'flow'>;

export const ordersExceptionCatalogue = {
  unknown_sku: {
    code: 'unknown_sku',
    category: 'master_data',
    severity: 'error',
    owner: 'ecommerce',
    action:
      'Create the item in Business Central with this number, or correct the SKU on the Shopify variant. The order is tried again automatically every few minutes and posts by itself once the SKU is known.',
    autoRetry: true,
  },
  missing_sku: {
    code: 'missing_sku',
    category: 'mapping',
    severity: 'error',
    owner: 'ecommerce',
    action: 'Give the Shopify variant a SKU that matches a Business Central item number, then retry the order.',
    autoRetry: true,
  },
  no_customer: {
    code: 'no_customer',
    category: 'master_data',
    severity: 'error',
    owner: 'finance',
    action: 'Create the customer in Business Central (or configure a default web customer), then retry the order.',
    autoRetry: true,
  },
  order_not_found: {
    code: 'order_not_found',
    category: 'upstream',
    severity: 'warning',
    owner: 'ecommerce',
    action: 'Check whether the order was deleted in Shopify or is older than the app may read (60 days without read_all_orders). Ignore it with a note if it should not be posted.',
    autoRetry: false,
  },
  bc_rejected: {
    code: 'bc_rejected',
    category: 'validation',
    severity: 'error',
    owner: 'finance',
    action: 'Business Central refused the sales order for the reason shown. Fix the data in Business Central (customer, item, posting setup), then retry the order.',
    autoRetry: false,
  },
  retries_exhausted: {
    code: 'retries_exhausted',
    category: 'upstream',
    severity: 'critical',
    owner: 'integration',
    action: 'The hub could not reach a system after repeated tries. Check the connection and credentials shown in the evidence, then retry the order.',
    autoRetry: false,
  },
} satisfies Record<string, Definition>;

export type OrdersExceptionCode = keyof typeof ordersExceptionCatalogue;

export function ordersException(code: OrdersExceptionCode, message: string, evidence: unknown = {}): ExceptionInput {
  return { ...ordersExceptionCatalogue[code], flow: 'orders', message, evidence };
}
