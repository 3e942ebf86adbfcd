/** Every exception the stock-movements flow and the stock reconciliation raise. */
import { exceptionsOf, retriesExhausted, type ExceptionDefinition } from '../shared/exception-catalogue.ts';

export const stockExceptionCatalogue = {
  stock_drift: {
    code: 'stock_drift',
    category: 'drift',
    severity: 'error',
    owner: 'operations',
    action:
      'The warehouse counts a different quantity than Business Central expects for this SKU (after the adjustments and shipments still on their way). Nothing was overwritten. Ask the 3PL for the stock flow of the SKU, book what is missing (a write-off never reported, a return not yet credited) in BC, and resolve this with a note; it also closes by itself once the next reconciliation agrees.',
    autoRetry: false,
  },
  item_unknown_in_bc: {
    code: 'item_unknown_in_bc',
    category: 'master_data',
    severity: 'error',
    owner: 'operations',
    action:
      'The warehouse moved stock of a SKU that is not an item in Business Central. Create the item (or correct the SKU at the warehouse); the adjustment is booked by itself afterwards.',
    autoRetry: true,
  },
  movement_invalid: {
    code: 'movement_invalid',
    category: 'validation',
    severity: 'error',
    owner: 'operations',
    action:
      'The movement cannot become a journal line as it is (see the message). Book it by hand in BC if it is real, then resolve this with a note.',
    autoRetry: false,
  },
  bc_rejected: {
    code: 'bc_rejected',
    category: 'validation',
    severity: 'error',
    owner: 'operations',
    action:
      'Business Central refused the adjustment lines for the reason shown (item journal batch missing, location unknown, posting setup). Fix it in BC, then retry.',
    autoRetry: false,
  },
  journal_not_posted: {
    code: 'journal_not_posted',
    category: 'upstream',
    severity: 'warning',
    owner: 'operations',
    action:
      'The adjustment lines are in the BC item journal batch but the batch did not post (see the reason). Fix the batch in BC (or post it by hand); the hub tries to post it again every few minutes.',
    autoRetry: true,
  },
  retries_exhausted: retriesExhausted,
} satisfies Record<string, ExceptionDefinition>;

export type StockExceptionCode = keyof typeof stockExceptionCatalogue;

export const stockException = exceptionsOf('stock-movements', stockExceptionCatalogue);
