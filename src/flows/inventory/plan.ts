/**
 * From both sides' figures to the writes: compute every pair's value, keep the ones that
 * differ from what Shopify shows, and decide whether the run is safe to push (the guard
 * rails). Pure and linear in the number of pairs: a 100,000-pair sync is computed here.
 */
import type { InventoryFlowConfig } from '../../config/inventory-schema.ts';
import { computeAvailableToSell, type AvailabilityBasis, type AvailabilityTerms, type BcStockFigures } from './available.ts';
import type { BufferRules } from './buffers.ts';
import { pairKey, type StockPair } from './catalogue.ts';

/** Units of Shopify orders BC has not seen, per pair. */
export interface UnseenDemand {
  inFlight: number;
  held: number;
}

export interface PlannedChange extends StockPair {
  /** The value Shopify showed when read: the compare-and-set's `changeFromQuantity`. */
  from: number;
  to: number;
  terms: AvailabilityTerms;
}

export interface SyncPlan {
  changes: PlannedChange[];
  unchanged: number;
  unitsBefore: number;
  unitsAfter: number;
}

export interface PlanInput {
  pairs: readonly StockPair[];
  /** BC's figures by `pairKey`; a pair without figures has none in BC (zero). */
  figures: ReadonlyMap<string, BcStockFigures>;
  demand: ReadonlyMap<string, UnseenDemand>;
  rules: BufferRules;
  basis: AvailabilityBasis;
}

export function termsOf(input: Omit<PlanInput, 'pairs'>, sku: string, locationCode: string): AvailabilityTerms {
  const key = pairKey(sku, locationCode);
  const demand = input.demand.get(key);
  return computeAvailableToSell({
    figures: input.figures.get(key),
    basis: input.basis,
    inFlight: demand?.inFlight ?? 0,
    held: demand?.held ?? 0,
    buffer: input.rules.select(sku, locationCode),
    zeroBelow: input.rules.zeroBelow,
  });
}

export function planChanges(input: PlanInput): SyncPlan {
  const changes: PlannedChange[] = [];
  let unitsBefore = 0;
  let unitsAfter = 0;
  for (const pair of input.pairs) {
    const terms = termsOf(input, pair.sku, pair.locationCode);
    unitsBefore += Math.max(0, pair.available);
    unitsAfter += terms.quantity;
    if (terms.quantity !== pair.available) changes.push({ ...pair, from: pair.available, to: terms.quantity, terms });
  }
  return { changes, unchanged: input.pairs.length - changes.length, unitsBefore, unitsAfter };
}

export interface GuardRailVerdict {
  hold: boolean;
  reasons: string[];
  /** Pairs that show stock now and would show none. */
  zeroed: number;
  /** Pairs that show stock now. */
  inStock: number;
  unitDropPercent: number;
  zeroedPercent: number;
}

/** A run that would empty the shop is held for a person to look at; a small run never is. */
export function checkGuardRails(plan: SyncPlan, pairs: readonly StockPair[], rails: InventoryFlowConfig['guardRails']): GuardRailVerdict {
  const inStock = pairs.reduce((count, pair) => count + (pair.available > 0 ? 1 : 0), 0);
  const zeroed = plan.changes.reduce((count, change) => count + (change.from > 0 && change.to === 0 ? 1 : 0), 0);
  const zeroedPercent = inStock === 0 ? 0 : (zeroed * 100) / inStock;
  const unitDropPercent = plan.unitsBefore === 0 ? 0 : (Math.max(0, plan.unitsBefore - plan.unitsAfter) * 100) / plan.unitsBefore;
  const reasons: string[] = [];
  if (pairs.length >= rails.minPairs) {
    if (zeroedPercent > rails.maxZeroedPercent)
      reasons.push(
        `${zeroed} of ${inStock} SKU-locations in stock would drop to 0 (${zeroedPercent.toFixed(1)} %, limit ${rails.maxZeroedPercent} %)`,
      );
    if (unitDropPercent > rails.maxUnitDropPercent)
      reasons.push(
        `units shown would fall from ${plan.unitsBefore} to ${plan.unitsAfter} (−${unitDropPercent.toFixed(1)} %, limit ${rails.maxUnitDropPercent} %)`,
      );
  }
  return { hold: reasons.length > 0, reasons, zeroed, inStock, unitDropPercent, zeroedPercent };
}

/** What the held run's exception shows: totals and the largest drops. */
export function previewOf(plan: SyncPlan, verdict: GuardRailVerdict, size = 50) {
  const drops = [...plan.changes]
    .sort((a, b) => b.from - b.to - (a.from - a.to))
    .slice(0, size)
    .map((change) => ({
      sku: change.sku,
      location: change.locationCode,
      shows: change.from,
      wouldShow: change.to,
      bcAvailable: change.terms.bcAvailable,
    }));
  return {
    changes: plan.changes.length,
    unchanged: plan.unchanged,
    unitsBefore: plan.unitsBefore,
    unitsAfter: plan.unitsAfter,
    zeroed: verdict.zeroed,
    inStock: verdict.inStock,
    reasons: verdict.reasons,
    largestDrops: drops,
  };
}
