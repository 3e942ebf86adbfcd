/** Every exception the shipments flow raises: owner, severity, what to do. */
import { exceptionsOf, retriesExhausted, type ExceptionDefinition } from '../shared/exception-catalogue.ts';

export const shipmentsExceptionCatalogue = {
  orphan_shipment: {
    code: 'orphan_shipment',
    category: 'orphan',
    severity: 'error',
    owner: 'operations',
    action:
      'The warehouse confirmed a despatch for an order reference the hub never sent (keyed in by hand at the 3PL, or a reference changed there). The confirmation is kept as evidence. Find the order; if the hub sends it later this matches by itself, otherwise ship it in BC and Shopify by hand and resolve this with a note.',
    autoRetry: true,
  },
  shipment_mismatch: {
    code: 'shipment_mismatch',
    category: 'conflict',
    severity: 'error',
    owner: 'operations',
    action:
      'The warehouse shipped SKUs or quantities the Business Central order does not have open (a substitution, an over-shipment, or a line shipped in BC by hand). Check with the 3PL, correct the BC order, then retry; or post the shipment by hand and resolve this with a note.',
    autoRetry: false,
  },
  bc_shipment_refused: {
    code: 'bc_shipment_refused',
    category: 'validation',
    severity: 'error',
    owner: 'operations',
    action:
      'Business Central refused to post the shipment for the reason shown (a missing shipping agent, a blocked item, posting setup). Fix it in BC, then retry.',
    autoRetry: false,
  },
  invoice_refused: {
    code: 'invoice_refused',
    category: 'validation',
    severity: 'error',
    owner: 'finance',
    action:
      'The goods are shipped in BC but Business Central refused the invoice for the reason shown (posting setup, a blocked customer, item charges without assignment). Fix it in BC, then retry; the shipment is not posted again.',
    autoRetry: false,
  },
  fulfilment_mismatch: {
    code: 'fulfilment_mismatch',
    category: 'conflict',
    severity: 'error',
    owner: 'ecommerce',
    action:
      'Shopify cannot take the fulfilment as shipped (already fulfilled by hand, lines removed, or on hold). Check the order in Shopify; fulfil it there with the tracking shown, then resolve this with a note.',
    autoRetry: false,
  },
  retries_exhausted: retriesExhausted,
} satisfies Record<string, ExceptionDefinition>;

export type ShipmentsExceptionCode = keyof typeof shipmentsExceptionCatalogue;

export const shipmentsException = exceptionsOf('shipments', shipmentsExceptionCatalogue);
