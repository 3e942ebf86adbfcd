/** Every exception the release flow raises: owner, severity, what to do. */
import { exceptionsOf, retriesExhausted, type ExceptionDefinition } from '../shared/exception-catalogue.ts';

export const releaseExceptionCatalogue = {
  released_not_at_warehouse: {
    code: 'released_not_at_warehouse',
    category: 'upstream',
    severity: 'critical',
    owner: 'operations',
    action:
      'This order was released in Business Central but the warehouse has not acknowledged it within the agreed time. Look at the other exceptions of the order (unknown SKU, refusal) and the warehouse connection; once the warehouse has it, this closes by itself.',
    autoRetry: true,
  },
  unknown_sku_at_warehouse: {
    code: 'unknown_sku_at_warehouse',
    category: 'master_data',
    severity: 'error',
    owner: 'operations',
    action:
      "The warehouse does not know a SKU of this order. Check the item's own exception in the items flow (it must be confirmed at the warehouse first); the order is sent by itself once the warehouse knows every SKU.",
    autoRetry: true,
  },
  missing_ship_to: {
    code: 'missing_ship_to',
    category: 'validation',
    severity: 'error',
    owner: 'operations',
    action: 'Complete the ship-to address on the order (in Shopify for web orders, else on the BC sales order), then retry.',
    autoRetry: true,
  },
  order_not_shippable: {
    code: 'order_not_shippable',
    category: 'validation',
    severity: 'error',
    owner: 'operations',
    action:
      'A line cannot go to the warehouse as it is (item variant, fractional quantity). Correct the BC order, or arrange the shipment by hand and resolve this with a note.',
    autoRetry: false,
  },
  release_held: {
    code: 'release_held',
    category: 'conflict',
    severity: 'warning',
    owner: 'operations',
    action:
      "The order was released in Business Central while the hub holds it (see the order's own exception, e.g. a tax mismatch for finance). It goes to the warehouse by itself once that exception is resolved.",
    autoRetry: true,
  },
  warehouse_rejected: {
    code: 'warehouse_rejected',
    category: 'validation',
    severity: 'error',
    owner: 'operations',
    action:
      'The warehouse refused the order for the reason shown (address, courier service, country). Correct the order or the courier mapping (warehouse.couriers), then retry.',
    autoRetry: false,
  },
  cannot_release_in_bc: {
    code: 'cannot_release_in_bc',
    category: 'upstream',
    severity: 'error',
    owner: 'integration',
    action:
      'flows.release.autoRelease is on, but the BC companion extension cannot release orders. Install or update the extension (bc-extension/), or release orders in BC and turn autoRelease off.',
    autoRetry: true,
  },
  warehouse_query: {
    code: 'warehouse_query',
    category: 'upstream',
    severity: 'error',
    owner: 'operations',
    action:
      'The warehouse put the order on hold or raised a query about it. Answer the 3PL (their portal or e-mail); this closes by itself when the order moves on.',
    autoRetry: false,
  },
  cancelled_at_warehouse: {
    code: 'cancelled_at_warehouse',
    category: 'conflict',
    severity: 'error',
    owner: 'operations',
    action:
      'The warehouse cancelled (part of) the order although Business Central still expects it to ship. Find out why with the 3PL; reopen and adjust or cancel the BC order, then resolve this with a note.',
    autoRetry: false,
  },
  release_not_progressing: {
    code: 'release_not_progressing',
    category: 'conflict',
    severity: 'warning',
    owner: 'operations',
    action:
      'Business Central keeps releasing this order again, and each time the hub finds the same reason not to send it (shown). Check the order in BC (its lines, locations, status); the hub looks again when the order changes in BC, or retry once it is fixed.',
    autoRetry: false,
  },
  retries_exhausted: retriesExhausted,
} satisfies Record<string, ExceptionDefinition>;

export type ReleaseExceptionCode = keyof typeof releaseExceptionCatalogue;

export const releaseException = exceptionsOf('release', releaseExceptionCatalogue);
