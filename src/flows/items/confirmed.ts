/**
 * The flag other flows read: is this SKU known and confirmed at the warehouse? An item is
 * confirmed once the warehouse has answered with its product; a later change being sent
 * does not unconfirm it (the warehouse still knows the SKU). The inventory flow offers for
 * sale only confirmed items; the release flow checks every order line against it.
 */
import { sameConnection } from '../../store/connection-scope.ts';
import type { Executor } from '../../store/open-store.ts';
import { ITEMS_FLOW } from './deps.ts';

export async function isItemConfirmedAtWarehouse(db: Executor, sku: string): Promise<boolean> {
  return (await confirmedSkus(db, [sku])).has(sku.trim().toUpperCase());
}

/** The SKUs (upper-cased) among `skus` that the warehouse has confirmed. */
export async function confirmedSkus(db: Executor, skus: readonly string[]): Promise<Set<string>> {
  const wanted = [...new Set(skus.map((sku) => sku.trim().toUpperCase()))].filter(Boolean);
  if (wanted.length === 0) return new Set();
  const rows = await db
    .selectFrom('lb_record')
    .select(['source_id', 'target_ids'])
    .where(sameConnection(db))
    .where('flow', '=', ITEMS_FLOW)
    .where('source_system', '=', 'bc')
    .where('source_id', 'in', wanted)
    .execute();
  return new Set(rows.filter((row) => Boolean(row.target_ids?.['warehouse.product.id'])).map((row) => row.source_id));
}
