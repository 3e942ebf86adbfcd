/**
 * Every exception the items flow raises. An item the warehouse has not confirmed cannot be
 * picked and must not be sold, so each is high priority and owned by operations.
 */
import { exceptionsOf, type ExceptionDefinition } from '../shared/exception-catalogue.ts';

export const itemsExceptionCatalogue = {
  item_invalid: {
    code: 'item_invalid',
    category: 'master_data',
    severity: 'critical',
    owner: 'operations',
    action:
      'Correct the item in Business Central as the message says (SKU characters, description, barcode, weight). The hub sees the change and sends the item again by itself.',
    autoRetry: false,
  },
  item_refused_by_warehouse: {
    code: 'item_refused_by_warehouse',
    category: 'master_data',
    severity: 'critical',
    owner: 'operations',
    action:
      'The warehouse refused the product for the reason shown. Correct the item in Business Central, or ask the 3PL what its product master needs; the item is tried again every few minutes and after every change.',
    autoRetry: true,
  },
  item_not_confirmed: {
    code: 'item_not_confirmed',
    category: 'master_data',
    severity: 'critical',
    owner: 'operations',
    action:
      'The warehouse could not be reached to confirm the product after repeated tries. Check the warehouse connection (status, API key), then retry; until confirmed, orders for this SKU are held.',
    autoRetry: true,
  },
} satisfies Record<string, ExceptionDefinition>;

export type ItemsExceptionCode = keyof typeof itemsExceptionCatalogue;

export const itemsException = exceptionsOf('items', itemsExceptionCatalogue);
