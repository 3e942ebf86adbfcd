/** Every exception the returns flow raises: owner, severity, what to do. */
import { exceptionsOf, retriesExhausted, type ExceptionDefinition } from '../shared/exception-catalogue.ts';

export const returnsExceptionCatalogue = {
  return_unknown_order: {
    code: 'return_unknown_order',
    category: 'orphan',
    severity: 'error',
    owner: 'operations',
    action:
      'The warehouse received a return for an order the hub did not send (or with no order at all). The return and its grades are kept as evidence. Find the original order with the customer or the 3PL; credit it by hand in BC and resolve this with a note. If the order turns up in the hub, the credit memo is drafted by itself.',
    autoRetry: true,
  },
  return_line_not_on_order: {
    code: 'return_line_not_on_order',
    category: 'conflict',
    severity: 'error',
    owner: 'finance',
    action:
      "A returned SKU (or quantity) was not on the original order's invoice, so the hub cannot price it. Check with the 3PL what came back; credit it by hand and resolve this with a note.",
    autoRetry: false,
  },
  return_needs_decision: {
    code: 'return_needs_decision',
    category: 'mapping',
    severity: 'warning',
    owner: 'operations',
    action:
      'A returned line has a condition the hub is not told to credit automatically (ungraded, or a grade set to hold). Agree the grade with the 3PL and map its return reason (warehouse.adapterOptions.returnReasons) or change flows.returns.grades, then retry; or credit it by hand and resolve this with a note.',
    autoRetry: false,
  },
  account_not_configured: {
    code: 'account_not_configured',
    category: 'mapping',
    severity: 'error',
    owner: 'finance',
    action:
      "Written-off returns are credited to a G/L account: set flows.returns.writeOffAccountNumber (or the grade's accountNumber), then retry.",
    autoRetry: true,
  },
  bc_rejected: {
    code: 'bc_rejected',
    category: 'validation',
    severity: 'error',
    owner: 'finance',
    action: 'Business Central refused the draft credit memo for the reason shown. Fix it in BC (location, account, customer), then retry.',
    autoRetry: false,
  },
  retries_exhausted: retriesExhausted,
} satisfies Record<string, ExceptionDefinition>;

export type ReturnsExceptionCode = keyof typeof returnsExceptionCatalogue;

export const returnsException = exceptionsOf('returns', returnsExceptionCatalogue);
