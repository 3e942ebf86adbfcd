/**
 * Money is decimal, never float. Amounts travel as strings at every boundary (Shopify sends
 * `"29.99"`, BC's JSON numbers are parsed losslessly) and arithmetic uses decimal.js.
 * Rounding is half-up to the currency's minor unit unless a caller says otherwise.
 */
import { Decimal as DecimalJs } from 'decimal.js';

export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP });
export type Decimal = InstanceType<typeof Decimal>;

export type DecimalInput = string | number | Decimal;

const minorUnits: Record<string, number> = { JPY: 0, KRW: 0, BHD: 3, KWD: 3 };

export function minorUnitsOf(currency: string): number {
  return minorUnits[currency.toUpperCase()] ?? 2;
}

export function dec(value: DecimalInput): Decimal {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`not a finite amount: ${value}`);
  return new Decimal(value);
}

/** Rounds to the currency's minor unit, half-up. */
export function roundMoney(value: DecimalInput, currency: string): Decimal {
  return dec(value).toDecimalPlaces(minorUnitsOf(currency), Decimal.ROUND_HALF_UP);
}

/** A canonical string with exactly the currency's decimals, e.g. `"12.50"`. */
export function formatMoney(value: DecimalInput, currency: string): string {
  return roundMoney(value, currency).toFixed(minorUnitsOf(currency));
}

export function sum(values: DecimalInput[]): Decimal {
  return values.reduce<Decimal>((total, value) => total.plus(dec(value)), new Decimal(0));
}

/**
 * Splits `total` over `weights` in proportion, to the minor unit, so the parts add up to the
 * total exactly: largest-remainder method, ties to the earlier part.
 */
export function allocate(total: DecimalInput, weights: DecimalInput[], currency: string): Decimal[] {
  const places = minorUnitsOf(currency);
  const unit = new Decimal(10).pow(-places);
  const amount = roundMoney(total, currency);
  const weightSum = sum(weights);
  if (weights.length === 0) return [];
  if (weightSum.isZero()) {
    return weights.map((_, index) => (index === 0 ? amount : new Decimal(0)));
  }
  const exact = weights.map((weight) => amount.times(dec(weight)).dividedBy(weightSum));
  const floored = exact.map((value) => value.toDecimalPlaces(places, Decimal.ROUND_DOWN));
  let remainder = amount.minus(sum(floored));
  const order = exact
    .map((value, index) => ({ index, fraction: value.minus(floored[index]!).abs() }))
    .sort((a, b) => b.fraction.comparedTo(a.fraction) || a.index - b.index);
  const step = amount.isNegative() ? unit.negated() : unit;
  for (const { index } of order) {
    if (remainder.isZero()) break;
    floored[index] = floored[index]!.plus(step);
    remainder = remainder.minus(step);
  }
  return floored;
}
