/**
 * BC sends and expects Edm.Decimal as bare JSON numbers. `JSON.parse` would turn `19.99`
 * into a float, so every number crosses this edge as a `LosslessNumber` (its exact text)
 * and becomes a decimal string in the domain. Outgoing amounts are written from strings.
 */
import { isLosslessNumber, LosslessNumber, parse, stringify } from 'lossless-json';
import { Decimal } from '../../core/money.ts';

const decimalText = /^-?\d+(\.\d+)?$/;

export function parseBcJson(text: string): unknown {
  return parse(text, null, (value) => new LosslessNumber(value));
}

export function stringifyBcJson(value: unknown): string {
  const out = stringify(value, null, undefined, [{ test: (v) => Decimal.isDecimal(v), stringify: (v) => (v as Decimal).toFixed() }]);
  if (out === undefined) throw new TypeError('nothing to serialise');
  return out;
}

/** A decimal string (`"12.50"`) as a JSON number for BC; refuses anything that is not one. */
export function jsonDecimal(value: string): LosslessNumber {
  if (!decimalText.test(value)) throw new TypeError(`not a decimal amount: ${JSON.stringify(value)}`);
  return new LosslessNumber(value);
}

export function isDecimalText(value: string): boolean {
  return decimalText.test(value);
}

/** A number from BC as a plain decimal string, exactly as sent (exponents expanded). */
export function toDecimalString(value: unknown): string {
  if (isLosslessNumber(value)) return new Decimal(value.value).toFixed();
  if (typeof value === 'string' && value.trim() !== '') return new Decimal(value).toFixed();
  if (typeof value === 'number' && Number.isFinite(value)) return new Decimal(value).toFixed();
  return '0';
}

export function toInteger(value: unknown): number {
  if (isLosslessNumber(value)) return Number(value.value);
  return typeof value === 'number' ? value : Number(value ?? 0);
}

export function toText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function toOptionalText(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}
