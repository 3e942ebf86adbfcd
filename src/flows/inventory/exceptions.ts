/** Every exception the inventory flow raises: owner, severity, what to do. */
import { exceptionsOf, retriesExhausted, type ExceptionDefinition } from '../shared/exception-catalogue.ts';

export const inventoryExceptionCatalogue = {
  mass_drop_held: {
    code: 'mass_drop_held',
    category: 'drift',
    severity: 'critical',
    owner: 'ecommerce',
    action:
      'A stock sync would have taken a large share of the shop to zero or cut the units on sale sharply, so nothing was pushed. Check the preview (largest drops) against Business Central and the warehouse. If the figures are right (a stock take, a recall), approve: retry this exception and the next sync pushes them. If not, fix the source and resolve this with a note; the next sync runs the guard rails again.',
    autoRetry: false,
  },
  untracked_item: {
    code: 'untracked_item',
    category: 'master_data',
    severity: 'warning',
    owner: 'ecommerce',
    action:
      'Shopify does not track stock for this SKU, so it keeps selling whatever the hub pushes. Turn on "Track quantity" on the variant in Shopify (or remove the SKU if it should not be sold from stock); the next sync writes it.',
    autoRetry: true,
  },
  sku_not_in_bc: {
    code: 'sku_not_in_bc',
    category: 'master_data',
    severity: 'error',
    owner: 'ecommerce',
    action:
      'Shopify sells a SKU that Business Central has no item (or item variant) for, so the hub has no stock figure and leaves Shopify as it is. Correct the SKU in Shopify, or create the item in BC; the next sync writes it.',
    autoRetry: true,
  },
  duplicate_sku: {
    code: 'duplicate_sku',
    category: 'master_data',
    severity: 'error',
    owner: 'ecommerce',
    action:
      'Two or more Shopify variants share this SKU, so BC stock cannot be assigned to one of them. Give each variant its own SKU in Shopify; the next sync writes them.',
    autoRetry: true,
  },
  location_unmapped: {
    code: 'location_unmapped',
    category: 'mapping',
    severity: 'error',
    owner: 'integration',
    action:
      'flows.inventory.locations (or flows.orders.locations) names a Shopify location that does not exist. Correct the name or GID and restart the hub.',
    autoRetry: true,
  },
  stock_kept_changing: {
    code: 'stock_kept_changing',
    category: 'conflict',
    severity: 'warning',
    owner: 'integration',
    action:
      'Shopify stock for these SKUs changed between every read and write (busy sales or another app writing stock), so the hub did not overwrite it. Nothing is wrong yet; the next sync tries again. If it repeats, look for another app setting stock.',
    autoRetry: true,
  },
  shopify_rejected: {
    code: 'shopify_rejected',
    category: 'validation',
    severity: 'error',
    owner: 'integration',
    action:
      'Shopify refused the stock write for the reason shown. Fix the cause (a location that no longer stocks the item, say), then retry.',
    autoRetry: false,
  },
  retries_exhausted: retriesExhausted,
} satisfies Record<string, ExceptionDefinition>;

export type InventoryExceptionCode = keyof typeof inventoryExceptionCatalogue;

export const inventoryException = exceptionsOf('inventory', inventoryExceptionCatalogue);
