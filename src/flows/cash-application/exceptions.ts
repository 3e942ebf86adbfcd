/** Every exception cash application raises: finance owns them. */
import { exceptionsOf, retriesExhausted, type ExceptionDefinition } from '../shared/exception-catalogue.ts';

export const cashExceptionCatalogue = {
  invoice_not_found: {
    code: 'invoice_not_found',
    category: 'orphan',
    severity: 'warning',
    owner: 'finance',
    action:
      "The payment arrived but the order's invoice is still missing after the configured wait (the order is not shipped, held, or not in BC). The payment waits in the clearing account; it is applied by itself once the invoice is posted. If the order will never be invoiced (cancelled in BC), apply or refund the money by hand and resolve this with a note.",
    autoRetry: true,
  },
  credit_memo_not_found: {
    code: 'credit_memo_not_found',
    category: 'orphan',
    severity: 'warning',
    owner: 'finance',
    action:
      "The refund left the account but its credit memo is not posted (a draft waiting for review, or held by an exception) and the order's payment is not applied yet. Post the memo; the refund is applied by itself.",
    autoRetry: true,
  },
  account_not_configured: {
    code: 'account_not_configured',
    category: 'mapping',
    severity: 'error',
    owner: 'finance',
    action:
      'The money went through a payment gateway without a clearing account (flows.cashApplication.gateways.<gateway>). Set it and restart the hub; the payment is applied by itself.',
    autoRetry: true,
  },
  needs_companion: {
    code: 'needs_companion',
    category: 'upstream',
    severity: 'warning',
    owner: 'finance',
    action:
      'Applying this refund (to its credit memo or the payment it returns) needs the companion extension 1.2, which this Business Central does not have. Apply it by hand in BC (Cash Receipt Journal, Applies-to) and resolve this with a note, or install the extension.',
    autoRetry: false,
  },
  bc_rejected: {
    code: 'bc_rejected',
    category: 'validation',
    severity: 'error',
    owner: 'finance',
    action:
      "Business Central refused this movement's cash receipt lines or their posting for the reason shown. Its lines were taken out of the batch (SHOPIFY-CR) so the rest could post. Apply it by hand and resolve this with a note, or fix the cause in BC and retry: the hub plans its lines afresh.",
    autoRetry: false,
  },
  currency_mismatch: {
    code: 'currency_mismatch',
    category: 'validation',
    severity: 'warning',
    owner: 'finance',
    action:
      "The money is in another currency than the company's books (a second shop selling in euros, say). The hub writes cash receipt lines in the local currency only, so it does not apply this one: apply it by hand in BC (a cash receipt line in the invoice's currency) and resolve this with a note.",
    autoRetry: false,
  },
  retries_exhausted: retriesExhausted,
} satisfies Record<string, ExceptionDefinition>;

export type CashExceptionCode = keyof typeof cashExceptionCatalogue;

export const cashException = exceptionsOf('cash-application', cashExceptionCatalogue);
