/**
 * Decimal money for the emulators, kept apart from the hub's own helpers so that an emulator
 * never computes with the code it is meant to check. Half-up rounding to the currency's minor
 * unit, as both Shopify and BC round by default; never floats.
 */
import { Decimal as DecimalJs } from 'decimal.js';

export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP });
export type Decimal = InstanceType<typeof Decimal>;
type Amount = string | number | Decimal;

/** Currencies whose minor unit is not the cent (ISO 4217); everything else has two places. */
const placesByCurrency: Record<string, number> = { JPY: 0, KRW: 0, BHD: 3, KWD: 3 };
const placesOf = (currency: string) => placesByCurrency[currency.toUpperCase()] ?? 2;

export function dec(value: Amount): Decimal {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`not a finite amount: ${value}`);
  return new Decimal(value);
}

export const roundMoney = (value: Amount, currency: string): Decimal =>
  dec(value).toDecimalPlaces(placesOf(currency), Decimal.ROUND_HALF_UP);

export const formatMoney = (value: Amount, currency: string): string => roundMoney(value, currency).toFixed(placesOf(currency));

export const sum = (values: Amount[]): Decimal => values.reduce<Decimal>((total, value) => total.plus(dec(value)), new Decimal(0));

/**
 * Spreads `total` over `weights` in proportion, in whole minor units that add up exactly:
 * each part rounded down, then the leftover units to the largest remainders (earlier first).
 */
export function allocate(total: Amount, weights: Amount[], currency: string): Decimal[] {
  if (weights.length === 0) return [];
  const places = placesOf(currency);
  const amount = roundMoney(total, currency);
  const weightSum = sum(weights);
  if (weightSum.isZero()) return weights.map((_, index) => (index === 0 ? amount : new Decimal(0)));
  const exact = weights.map((weight) => amount.times(dec(weight)).dividedBy(weightSum));
  const parts = exact.map((value) => value.toDecimalPlaces(places, Decimal.ROUND_DOWN));
  const unit = new Decimal(10).pow(-places);
  const step = amount.isNegative() ? unit.negated() : unit;
  let left = amount.minus(sum(parts));
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value.minus(parts[index]!).abs() }))
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left.isZero()) break;
    parts[index] = parts[index]!.plus(step);
    left = left.minus(step);
  }
  return parts;
}
