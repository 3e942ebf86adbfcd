/** The last push per SKU and location (lb_inventory_position): what the Stock page starts from. */
import { connectionOf } from '../../store/connection-scope.ts';
import type { Executor } from '../../store/open-store.ts';
import type { AvailabilityTerms } from './available.ts';

export interface PushedPosition {
  sku: string;
  locationCode: string;
  shopifyLocationId: string;
  inventoryItemId: string;
  pushedQuantity: number;
  previousQuantity: number | null;
  terms: AvailabilityTerms;
  recordId: number | null;
  pushedAt: Date;
}

export async function savePositions(db: Executor, positions: readonly PushedPosition[]): Promise<void> {
  if (positions.length === 0) return;
  const rows = positions.map((position) => ({
    connection_id: connectionOf(db),
    sku: position.sku,
    location_code: position.locationCode,
    shopify_location_id: position.shopifyLocationId,
    inventory_item_id: position.inventoryItemId,
    pushed_quantity: position.pushedQuantity,
    previous_quantity: position.previousQuantity,
    terms: JSON.stringify(position.terms),
    record_id: position.recordId,
    pushed_at: position.pushedAt,
  }));
  await db
    .insertInto('lb_inventory_position')
    .values(rows)
    .onConflict((conflict) =>
      conflict.columns(['connection_id', 'sku', 'location_code']).doUpdateSet((eb) => ({
        shopify_location_id: eb.ref('excluded.shopify_location_id'),
        inventory_item_id: eb.ref('excluded.inventory_item_id'),
        pushed_quantity: eb.ref('excluded.pushed_quantity'),
        previous_quantity: eb.ref('excluded.previous_quantity'),
        terms: eb.ref('excluded.terms'),
        record_id: eb.ref('excluded.record_id'),
        pushed_at: eb.ref('excluded.pushed_at'),
      })),
    )
    .execute();
}

export async function listPositions(db: Executor, sku: string): Promise<PushedPosition[]> {
  const rows = await db
    .selectFrom('lb_inventory_position')
    .selectAll()
    .where('connection_id', '=', connectionOf(db))
    .where('sku', '=', sku.toUpperCase())
    .orderBy('location_code')
    .execute();
  return rows.map((row) => ({
    sku: row.sku,
    locationCode: row.location_code,
    shopifyLocationId: row.shopify_location_id,
    inventoryItemId: row.inventory_item_id,
    pushedQuantity: row.pushed_quantity,
    previousQuantity: row.previous_quantity,
    terms: (typeof row.terms === 'string' ? JSON.parse(row.terms) : row.terms) as AvailabilityTerms,
    recordId: row.record_id === null ? null : Number(row.record_id),
    pushedAt: new Date(row.pushed_at),
  }));
}
