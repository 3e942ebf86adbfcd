/**
 * Pure stock reconciliation: the warehouse's count per SKU against what Business Central
 * expects there — BC's quantity at the warehouse location, plus adjustments the hub has not
 * yet booked, less units the warehouse has despatched that BC has not yet shipped. The
 * difference beyond the threshold is drift: reported, never written over either side.
 */
import type { ErpStockLevel } from '../../core/domain/erp.ts';
import type { StockSnapshot } from '../../core/domain/warehouse.ts';
import { dec } from '../../core/money.ts';

export interface DriftLine {
  sku: string;
  location: string;
  warehouse: number;
  bc: number;
  /** Adjustments the warehouse reported that BC has not booked yet. */
  pendingAdjustments: number;
  /** Units despatched at the warehouse, not yet shipped in BC. */
  inTransit: number;
  /** warehouse − (bc + pending − in transit). */
  drift: number;
}

export interface StockComparison {
  compared: number;
  drift: DriftLine[];
  /** BC rows the comparison cannot judge (variants the warehouse does not model). */
  notCompared: string[];
}

export function compareStock(
  snapshot: StockSnapshot,
  bcLevels: readonly ErpStockLevel[],
  adjustments: { pending: ReadonlyMap<string, number>; inTransit: ReadonlyMap<string, number> },
  options: { locationCode: string; threshold: number },
): StockComparison {
  const location = options.locationCode.toUpperCase();
  const bc = new Map<string, number>();
  const notCompared: string[] = [];
  for (const level of bcLevels) {
    if (level.locationCode.toUpperCase() !== location) continue;
    if (level.variantCode) {
      notCompared.push(`${level.itemNumber}/${level.variantCode}`);
      continue;
    }
    const sku = level.itemNumber.toUpperCase();
    bc.set(sku, (bc.get(sku) ?? 0) + dec(level.quantity).toNumber());
  }
  const warehouse = new Map(snapshot.levels.map((level) => [level.sku.toUpperCase(), level.onHand]));
  // A partial snapshot says nothing of the SKUs it leaves out: those are unknown, not zero.
  const skus = snapshot.complete ? new Set([...bc.keys(), ...warehouse.keys()]) : new Set(warehouse.keys());
  const drift: DriftLine[] = [];
  for (const sku of [...skus].sort()) {
    const counted = warehouse.get(sku) ?? 0;
    const booked = bc.get(sku) ?? 0;
    const pending = adjustments.pending.get(sku) ?? 0;
    const inTransit = adjustments.inTransit.get(sku) ?? 0;
    const difference = counted - (booked + pending - inTransit);
    if (Math.abs(difference) > options.threshold)
      drift.push({ sku, location, warehouse: counted, bc: booked, pendingAdjustments: pending, inTransit, drift: difference });
  }
  return { compared: skus.size, drift, notCompared };
}
