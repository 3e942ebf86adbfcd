/**
 * Every inventory level at every location in one bulk operation (no cost bucket, no paging,
 * whatever the catalogue's size): the full stock sync's read of Shopify. Levels arrive as
 * children of their location (`__parentId`).
 */
import type { BulkObject } from './bulk.ts';

export interface BulkInventoryLevel {
  inventoryItemId: string;
  locationId: string;
  sku: string | null;
  tracked: boolean;
  available: number;
}

export const inventoryLevelsQuery = `{
  locations(includeInactive: false) {
    edges { node {
      id
      inventoryLevels {
        edges { node { id item { id sku tracked } quantities(names: ["available"]) { name quantity } } }
      }
    } }
  }
}`;

export async function* readBulkInventoryLevels(objects: AsyncIterable<BulkObject>): AsyncIterable<BulkInventoryLevel> {
  for await (const object of objects) {
    if (object.typename !== 'InventoryLevel' || !object.parentId) continue;
    const data = object.data as {
      item: { id: string; sku: string | null; tracked: boolean };
      quantities: { name: string; quantity: number }[];
    };
    yield {
      inventoryItemId: data.item.id,
      locationId: object.parentId,
      sku: data.item.sku,
      tracked: data.item.tracked,
      available: data.quantities.find((quantity) => quantity.name === 'available')?.quantity ?? 0,
    };
  }
}
