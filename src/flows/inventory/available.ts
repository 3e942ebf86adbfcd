/**
 * The formula, term by term, for one SKU at one location:
 *
 *   BC available   = inventory − outstanding sales-order quantity [− reserved]   (the basis)
 *   sellable       = BC available rounded down to whole units
 *   less demand    = sellable − Shopify orders in flight − Shopify orders held
 *   less buffer    = less demand − the buffer's units
 *   pushed         = max(0, less buffer), or 0 when under `zeroBelow`
 *
 * Every term is kept, so the Stock page and `ledgerbridge stock show` can say why Shopify
 * shows what it shows.
 */
import type { InventoryFlowConfig } from '../../config/inventory-schema.ts';
import { dec } from '../../core/money.ts';
import { bufferUnits, type AppliedBuffer } from './buffers.ts';

export type AvailabilityBasis = InventoryFlowConfig['basis'];

/** BC's figures for one item, variant and location, as decimal strings. */
export interface BcStockFigures {
  inventory: string;
  outstanding: string;
  reserved: string;
}

export interface AvailabilityTerms extends BcStockFigures {
  basis: AvailabilityBasis;
  /** Whole units BC can sell under the basis (may be negative when BC is oversold). */
  bcAvailable: number;
  /** Units of Shopify orders accepted but not yet on a BC order. */
  inFlight: number;
  /** Units of Shopify orders held as exceptions (not in BC either). */
  held: number;
  buffer: AppliedBuffer;
  bufferUnits: number;
  zeroBelow: number;
  /** The value for Shopify's `available`. */
  quantity: number;
}

const zero = { inventory: '0', outstanding: '0', reserved: '0' };

/** BC's figure under the basis, rounded down: half a unit cannot be sold. */
export function bcAvailableUnits(figures: BcStockFigures, basis: AvailabilityBasis): number {
  let value = dec(figures.inventory);
  if (basis !== 'inventory') value = value.minus(dec(figures.outstanding));
  if (basis === 'inventory-less-outstanding-and-reserved') value = value.minus(dec(figures.reserved));
  return value.floor().toNumber();
}

export function computeAvailableToSell(input: {
  figures: BcStockFigures | undefined;
  basis: AvailabilityBasis;
  inFlight: number;
  held: number;
  buffer: AppliedBuffer;
  zeroBelow: number;
}): AvailabilityTerms {
  const figures = input.figures ?? zero;
  const bcAvailable = bcAvailableUnits(figures, input.basis);
  const units = bufferUnits(input.buffer, bcAvailable);
  const left = bcAvailable - input.inFlight - input.held - units;
  const quantity = left < 0 || left < input.zeroBelow ? 0 : left;
  return {
    ...figures,
    basis: input.basis,
    bcAvailable,
    inFlight: input.inFlight,
    held: input.held,
    buffer: input.buffer,
    bufferUnits: units,
    zeroBelow: input.zeroBelow,
    quantity,
  };
}
