/**
 * What every run needs first (locations resolved, buffers compiled), and the narrow read
 * behind the fast path and the compare-and-set retry: a few items read again on both sides
 * and computed, pair by pair, exactly as the full sync computes them.
 */
import type { ErpStockAvailability } from '../../core/domain/erp.ts';
import { raiseException } from '../../ledger/index.ts';
import type { BcStockFigures } from './available.ts';
import { compileBufferRules, type BufferRules } from './buffers.ts';
import { pairKey, skuOf, type ShopifyLevel } from './catalogue.ts';
import { readUnseenDemand } from './demand.ts';
import { INVENTORY_FLOW, type InventoryFlowDeps } from './deps.ts';
import { inventoryException } from './exceptions.ts';
import { resolveLocations, type LocationMap } from './locations.ts';
import { termsOf } from './plan.ts';
import type { PushEntry } from './push.ts';

export interface SyncContext {
  locations: LocationMap;
  rules: BufferRules;
}

export async function prepareContext(deps: InventoryFlowDeps): Promise<SyncContext> {
  const locations = resolveLocations(deps.config.locations, deps.orderLocations, await deps.channel.listLocations());
  for (const name of locations.unknown)
    await raiseException(deps.db, {
      ...inventoryException('location_unmapped', `No Shopify location is called ${name}; its stock is not synced.`, { location: name }),
      fingerprint: `${INVENTORY_FLOW}:location:${name}`,
    });
  return { locations, rules: compileBufferRules(deps.config.buffers) };
}

export const needsReservations = (deps: InventoryFlowDeps) => deps.config.basis === 'inventory-less-outstanding-and-reserved';

/** BC rows keyed by pair, and each SKU's item number. */
export function indexFigures(rows: Iterable<ErpStockAvailability>, separator: string | undefined) {
  const figures = new Map<string, BcStockFigures>();
  const itemOf = new Map<string, string>();
  for (const row of rows) {
    const sku = skuOf(row.itemNumber, row.variantCode, separator);
    itemOf.set(sku, row.itemNumber);
    figures.set(pairKey(sku, row.locationCode.toUpperCase()), {
      inventory: row.inventory,
      outstanding: row.outstanding,
      reserved: row.reserved,
    });
  }
  return { figures, itemOf };
}

/**
 * The pairs of these items (every SKU BC has for them, at every mapped location), read now
 * on both sides; only the pairs in `only` when given. Returns what differs from Shopify.
 */
export async function planItemsNow(
  deps: InventoryFlowDeps,
  ctx: SyncContext,
  itemNumbers: readonly string[],
  only?: ReadonlySet<string>,
): Promise<PushEntry[]> {
  if (itemNumbers.length === 0) return [];
  const rows = await deps.erp.readStockAvailability({ itemNumbers: [...itemNumbers], reserved: needsReservations(deps) });
  const { figures, itemOf } = indexFigures(rows, deps.config.variantSeparator);
  // An item with no stock rows at all still has its own SKU.
  for (const number of itemNumbers) if (!itemOf.has(number.toUpperCase())) itemOf.set(number.toUpperCase(), number.toUpperCase());
  const demand = await readUnseenDemand(
    { db: deps.db, getOrder: (id) => deps.channel.getOrder(id) },
    ctx.locations.codeOf,
    new Set(itemOf.keys()),
  );
  const input = { figures, demand, rules: ctx.rules, basis: deps.config.basis };
  const entries: PushEntry[] = [];
  for (const [locationCode, locationId] of ctx.locations.idOf) {
    const skus = [...itemOf.keys()].filter((sku) => !only || only.has(pairKey(sku, locationCode)));
    if (skus.length === 0) continue;
    // One read for the location's SKUs, not one a SKU.
    const levelsBySku = new Map<string, ShopifyLevel[]>();
    for (const level of await deps.channel.readLevels(locationId, skus)) {
      const key = level.sku?.trim().toUpperCase() ?? '';
      levelsBySku.set(key, [...(levelsBySku.get(key) ?? []), level]);
    }
    for (const sku of skus) {
      const itemNumber = itemOf.get(sku)!;
      const levels = levelsBySku.get(sku) ?? [];
      // Not in Shopify at this location, on several items, or untracked: the full sync reports it.
      if (levels.length !== 1 || !levels[0]!.tracked) continue;
      const level = levels[0]!;
      const terms = termsOf(input, sku, locationCode);
      if (terms.quantity !== level.available)
        entries.push({
          sku,
          itemNumber,
          locationCode,
          inventoryItemId: level.inventoryItemId,
          locationId,
          from: level.available,
          to: terms.quantity,
          terms,
        });
    }
  }
  return entries;
}

/** The compare-and-set retry: the same pairs, read again. */
export function recomputeEntries(deps: InventoryFlowDeps, ctx: SyncContext) {
  return (entries: PushEntry[]) =>
    planItemsNow(
      deps,
      ctx,
      [...new Set(entries.map((entry) => entry.itemNumber))],
      new Set(entries.map((entry) => pairKey(entry.sku, entry.locationCode))),
    );
}
