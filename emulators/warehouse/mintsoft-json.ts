/**
 * JSON as Mintsoft's API writes it: quantities and ids are plain integers, prices and
 * weights bare numbers with a fraction, kept here as `LosslessNumber` (their exact text) so
 * no amount passes through a float. Date-times carry no zone; the emulator writes UTC.
 * The emulator's own helpers: it shares no code with the adapter it is meant to check.
 */
import { isInteger, isLosslessNumber, isSafeNumber, LosslessNumber, parse, stringify } from 'lossless-json';
import { Decimal } from '../shared/money.ts';

export function parseWireJson(text: string): unknown {
  return parse(text, null, (value) => (isInteger(value) && isSafeNumber(value) ? Number(value) : new LosslessNumber(value)));
}

export function stringifyWireJson(value: unknown): string {
  const text = stringify(value);
  if (text === undefined) throw new TypeError('nothing to serialise');
  return text;
}

const plainDecimal = /^-?\d+(\.\d+)?$/;

/** A received number (or numeric string) as a plain decimal string; null when it is not one. */
export function decimalText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (isLosslessNumber(value)) return new Decimal(value.value).toFixed();
  if (typeof value === 'number' && Number.isFinite(value)) return new Decimal(value).toFixed();
  if (typeof value === 'string' && plainDecimal.test(value.trim())) return new Decimal(value.trim()).toFixed();
  return null;
}

/** A date filter as clients send it (`2026-11-22T08:00:00`, zone optional): read as UTC. */
export function parseWireDate(text: string | null | undefined): number | null {
  if (!text) return null;
  const trimmed = text.trim();
  const at = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) ? trimmed : `${trimmed}Z`);
  return Number.isNaN(at) ? null : at;
}
