/** Every exception the receipts flow raises: owner, severity, what to do. */
import { exceptionsOf, retriesExhausted, type ExceptionDefinition } from '../shared/exception-catalogue.ts';

export const receiptsExceptionCatalogue = {
  over_receipt: {
    code: 'over_receipt',
    category: 'conflict',
    severity: 'warning',
    owner: 'operations',
    action:
      'The warehouse booked in more than the purchase order line; BC received the ordered quantity only. Ask the supplier: raise the PO line in BC and retry to receive the rest, or send the surplus back; then resolve this with a note.',
    autoRetry: false,
  },
  under_receipt: {
    code: 'under_receipt',
    category: 'conflict',
    severity: 'warning',
    owner: 'operations',
    action:
      'The warehouse closed the ASN with less than expected; BC received what arrived and the rest stays open on the purchase order. Chase the supplier, or reduce the PO line in BC; then resolve this with a note.',
    autoRetry: false,
  },
  unexpected_goods: {
    code: 'unexpected_goods',
    category: 'conflict',
    severity: 'warning',
    owner: 'operations',
    action:
      'The warehouse booked in goods that are not on the purchase order. Agree with the supplier and book them in BC (a purchase line or a positive adjustment); then resolve this with a note.',
    autoRetry: false,
  },
  asn_unknown: {
    code: 'asn_unknown',
    category: 'orphan',
    severity: 'error',
    owner: 'operations',
    action:
      'The warehouse booked in an ASN the hub did not create (keyed in at the 3PL). Match it to a purchase order and receive it in BC by hand; then resolve this with a note.',
    autoRetry: true,
  },
  asn_rejected: {
    code: 'asn_rejected',
    category: 'validation',
    severity: 'error',
    owner: 'operations',
    action:
      'The warehouse refused the ASN for the reason shown (an unknown SKU, a missing field). Fix the item or the purchase order, then retry.',
    autoRetry: true,
  },
  purchase_order_invalid: {
    code: 'purchase_order_invalid',
    category: 'validation',
    severity: 'error',
    owner: 'operations',
    action:
      'A purchase line cannot go to the warehouse as it is (fractional quantity, a variant). Correct the purchase order in BC, then retry.',
    autoRetry: false,
  },
  bc_rejected: {
    code: 'bc_rejected',
    category: 'validation',
    severity: 'error',
    owner: 'operations',
    action: 'Business Central refused the receipt for the reason shown. Fix it in BC (purchase order status, location), then retry.',
    autoRetry: false,
  },
  retries_exhausted: retriesExhausted,
} satisfies Record<string, ExceptionDefinition>;

export type ReceiptsExceptionCode = keyof typeof receiptsExceptionCatalogue;

export const receiptsException = exceptionsOf('receipts', receiptsExceptionCatalogue);
