/**
 * Typed builders for OData query options. Values never reach a URL by concatenation: every
 * literal is rendered by type (strings quoted with inner quotes doubled, GUIDs and dates
 * validated and left bare) and then the whole option value is percent-encoded.
 */

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;
const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const dateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const decimalPattern = /^-?\d+(\.\d+)?$/;

/** A literal that OData writes without quotes; only made through the functions below. */
export interface BareLiteral {
  readonly kind: 'bare';
  readonly text: string;
}

export type LiteralValue = string | number | boolean | null | BareLiteral;

function bare(text: string, pattern: RegExp, what: string): BareLiteral {
  if (!pattern.test(text)) throw new TypeError(`not a valid OData ${what} literal: ${JSON.stringify(text)}`);
  return { kind: 'bare', text };
}

export const guid = (value: string): BareLiteral => bare(value, guidPattern, 'GUID');
export const date = (value: string): BareLiteral => bare(value, datePattern, 'date');
export const dateTime = (value: string): BareLiteral => bare(value, dateTimePattern, 'date-time');
/** A decimal amount given as a string, e.g. `"12.50"`: never through a float. */
export const decimal = (value: string): BareLiteral => bare(value, decimalPattern, 'decimal');

/** `'O''Brien'`: the OData v4 rule for a quote inside a string literal is to write it twice. */
export function quoteString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function renderLiteral(value: LiteralValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quoteString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    // Only integers: fractions must come as decimal strings so they never pass through a float.
    if (!Number.isSafeInteger(value)) throw new TypeError(`not a safe integer: ${value}`);
    return String(value);
  }
  return value.text;
}

function checkField(field: string): string {
  if (!identifier.test(field)) throw new TypeError(`not a property name: ${JSON.stringify(field)}`);
  return field;
}

/** A `$filter` expression over the properties `F` of one entity type. */
export interface Filter<F extends string = string> {
  readonly text: string;
  /** Phantom marker so filters over different entity types do not mix. */
  readonly fields?: F;
}

/** A property, or a string function applied to it. */
export interface Operand<F extends string = string> {
  readonly field: F;
  readonly text: string;
}

export function field<F extends string>(name: F): Operand<F> {
  return { field: name, text: checkField(name) };
}

export const tolower = <F extends string>(name: F): Operand<F> => ({ field: name, text: `tolower(${checkField(name)})` });
export const toupper = <F extends string>(name: F): Operand<F> => ({ field: name, text: `toupper(${checkField(name)})` });

type Comparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

function compare<F extends string>(op: Comparison, left: F | Operand<F>, value: LiteralValue): Filter<F> {
  const operand = typeof left === 'string' ? field(left) : left;
  return { text: `${operand.text} ${op} ${renderLiteral(value)}` };
}

export const eq = <F extends string>(left: F | Operand<F>, value: LiteralValue) => compare('eq', left, value);
export const ne = <F extends string>(left: F | Operand<F>, value: LiteralValue) => compare('ne', left, value);
export const gt = <F extends string>(left: F | Operand<F>, value: LiteralValue) => compare('gt', left, value);
export const ge = <F extends string>(left: F | Operand<F>, value: LiteralValue) => compare('ge', left, value);
export const lt = <F extends string>(left: F | Operand<F>, value: LiteralValue) => compare('lt', left, value);
export const le = <F extends string>(left: F | Operand<F>, value: LiteralValue) => compare('le', left, value);

export function startsWith<F extends string>(left: F | Operand<F>, value: string): Filter<F> {
  const operand = typeof left === 'string' ? field(left) : left;
  return { text: `startswith(${operand.text},${quoteString(value)})` };
}

function join<F extends string>(op: 'and' | 'or', filters: Filter<F>[]): Filter<F> {
  if (filters.length === 0) throw new TypeError(`${op} needs at least one filter`);
  if (filters.length === 1) return filters[0]!;
  return { text: filters.map((f) => `(${f.text})`).join(` ${op} `) };
}

export const and = <F extends string>(...filters: Filter<F>[]) => join('and', filters);
/** BC rejects `or` between different properties; use it on one property only. */
export const or = <F extends string>(...filters: Filter<F>[]) => join('or', filters);

export interface Expand {
  property: string;
  select?: readonly string[];
}

export interface QueryOptions<F extends string = string> {
  filter?: Filter<F>;
  select?: readonly F[];
  expand?: readonly Expand[];
  top?: number;
  orderBy?: readonly { field: F; descending?: boolean }[];
}

function renderExpand(expand: Expand): string {
  const name = checkField(expand.property);
  if (!expand.select?.length) return name;
  return `${name}($select=${expand.select.map(checkField).join(',')})`;
}

/** `?$filter=…&$select=…` with every value percent-encoded, or `''` when there is nothing. */
export function buildQuery<F extends string>(options: QueryOptions<F>): string {
  const parts: string[] = [];
  const add = (name: string, value: string) => parts.push(`${name}=${encodeURIComponent(value)}`);
  if (options.filter) add('$filter', options.filter.text);
  if (options.select?.length) add('$select', options.select.map(checkField).join(','));
  if (options.expand?.length) add('$expand', options.expand.map(renderExpand).join(','));
  if (options.orderBy?.length) {
    add('$orderby', options.orderBy.map((o) => `${checkField(o.field)}${o.descending ? ' desc' : ''}`).join(','));
  }
  if (options.top !== undefined) {
    if (!Number.isSafeInteger(options.top) || options.top < 1) throw new TypeError(`$top must be a positive integer: ${options.top}`);
    add('$top', String(options.top));
  }
  return parts.length ? `?${parts.join('&')}` : '';
}
