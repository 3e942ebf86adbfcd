/**
 * Mintsoft speaks JSON with bare numbers for quantities, prices and weights, and date-times
 * usually without a zone. Integers cross this edge as numbers; anything with a fraction
 * stays a `LosslessNumber` (its exact text) and becomes a decimal string in the domain, so
 * no price or weight is ever a float. The emulator uses the same functions.
 */
import { isInteger, isLosslessNumber, isSafeNumber, LosslessNumber, parse, stringify } from 'lossless-json';
import { Decimal } from '../../../core/money.ts';

export function parseMintsoftJson(text: string): unknown {
  return parse(text, null, (value) => (isInteger(value) && isSafeNumber(value) ? Number(value) : new LosslessNumber(value)));
}

export function stringifyMintsoftJson(value: unknown): string {
  const out = stringify(value);
  if (out === undefined) throw new TypeError('nothing to serialise');
  return out;
}

const decimalText = /^-?\d+(\.\d+)?$/;

/** A decimal string as a bare JSON number on the wire (`"24.00"` → `24.00`). */
export function wireDecimal(value: string): LosslessNumber {
  if (!decimalText.test(value)) throw new TypeError(`not a decimal: ${JSON.stringify(value)}`);
  return new LosslessNumber(value);
}

/** A wire number as a plain decimal string, exactly as sent; null when absent. */
export function decimalOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (isLosslessNumber(value)) return new Decimal(value.value).toFixed();
  if (typeof value === 'number' && Number.isFinite(value)) return new Decimal(value).toFixed();
  if (typeof value === 'string' && decimalText.test(value.trim())) return new Decimal(value.trim()).toFixed();
  return null;
}

const zoned = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Mintsoft date-times come as `2026-11-22T08:00:00.123` with no zone. The hub reads them as
 * UTC (ask the 3PL: see docs/guides/warehouse.md) and always answers in ISO UTC.
 */
export function parseWmsDate(text: string | null | undefined): number | null {
  if (!text) return null;
  const trimmed = text.trim();
  const at = Date.parse(zoned.test(trimmed) ? trimmed : `${trimmed}Z`);
  return Number.isNaN(at) ? null : at;
}

export function toIsoOrNull(text: string | null | undefined): string | null {
  const at = parseWmsDate(text);
  return at === null ? null : new Date(at).toISOString();
}

/** The form Mintsoft's date filters take: `2026-11-22T08:00:00` (UTC, no zone). */
export function formatWmsDate(at: number): string {
  return new Date(at).toISOString().slice(0, 19);
}

/** `YYYY-MM-DD` of a time, UTC. */
export function formatWmsDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}
