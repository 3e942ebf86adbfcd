/**
 * Reading: $filter, $orderby, $top/$skip, server-driven paging with `@odata.nextLink`
 * (`Prefer: odata.maxpagesize` honoured up to the server's page size), $select and $expand.
 */
import { badRequest } from './http-error.ts';
import type { EdmModel, EntityTypeDef } from './metadata.ts';
import { evaluateFilter } from './odata-filter.ts';
import { parseQueryOptions, type ExpandOption, type QueryOptions } from './odata-query.ts';
import type { CompanyState, EmulatorStore, Row } from './store.ts';
import { jsonResponse, projectRow } from './wire.ts';

export interface ReadContext {
  store: EmulatorStore;
  model: EdmModel;
  company: CompanyState;
}

/** The entity set that holds rows of `typeName`, preferring one named like the navigation. */
export function setForType(model: EdmModel, typeName: string, preferred?: string): string {
  if (preferred && model.entitySets.get(preferred)?.type === typeName) return preferred;
  for (const set of model.entitySets.values()) if (set.type === typeName) return set.name;
  throw badRequest(`No entity set holds '${typeName}'.`);
}

/** Rows reached from `row` through navigation `name` of `type`. */
export function navigate(
  ctx: ReadContext,
  type: EntityTypeDef,
  row: Row,
  name: string,
): { target: EntityTypeDef; set: string; rows: Row[] } {
  const nav = type.navigation.get(name)!;
  const target = ctx.model.entityTypes.get(nav.target)!;
  const set = setForType(ctx.model, nav.target, name);
  const constraint = nav.constraint;
  const rows = constraint
    ? ctx.store
        .rows(ctx.company, set)
        .filter((r) => r[constraint.referencedProperty] !== undefined && r[constraint.referencedProperty] === row[constraint.property])
    : [];
  return { target, set, rows };
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const numeric = /^-?\d+(\.\d+)?$/;
  if (typeof a === 'string' && typeof b === 'string' && numeric.test(a) && numeric.test(b)) return Number(a) - Number(b);
  return String(a) < String(b) ? -1 : 1;
}

export function applyFilterAndOrder(rows: Row[], type: EntityTypeDef, options: QueryOptions): Row[] {
  let list = options.filter ? rows.filter((row) => evaluateFilter(options.filter!, row, type)) : [...rows];
  list.sort((a, b) => a._seq - b._seq);
  if (options.orderBy.length) {
    list = list.sort((a, b) => {
      for (const { property, descending } of options.orderBy) {
        const result = compareValues(a[property], b[property]);
        if (result !== 0) return descending ? -result : result;
      }
      return a._seq - b._seq;
    });
  }
  return list;
}

export function projectWithExpand(ctx: ReadContext, type: EntityTypeDef, row: Row, options: QueryOptions): Record<string, unknown> {
  const out = projectRow(type, row, options.select);
  for (const expand of options.expand) out[expand.navigation] = expandOne(ctx, type, row, expand);
  return out;
}

function expandOne(ctx: ReadContext, type: EntityTypeDef, row: Row, expand: ExpandOption): unknown {
  const { target, rows } = navigate(ctx, type, row, expand.navigation);
  const nav = type.navigation.get(expand.navigation)!;
  const list = applyFilterAndOrder(rows, target, expand.options);
  const projected = list.map((r) => projectWithExpand(ctx, target, r, expand.options));
  return nav.collection ? projected : (projected[0] ?? null);
}

export interface Page {
  rows: Row[];
  nextToken?: string;
}

/** One page of `list`; tokens are positions in the ordered list, which appends do not shift. */
export function takePage(list: Row[], options: QueryOptions, pageSize: number): Page {
  let start = options.skip ?? 0;
  let all = list;
  if (options.top !== undefined) all = all.slice(0, start + options.top);
  if (options.skipToken !== undefined) {
    const token = /^\d+$/.test(options.skipToken) ? Number(options.skipToken) : NaN;
    if (Number.isNaN(token)) throw badRequest(`The skip token '${options.skipToken}' is not valid.`);
    start = token;
  }
  const rows = all.slice(start, start + pageSize);
  const end = start + rows.length;
  return end < all.length ? { rows, nextToken: String(end) } : { rows };
}

/** The request URL with its `$skiptoken` replaced, other options left exactly as sent. */
export function nextLinkFor(requestUrl: string, token: string): string {
  const [base, query = ''] = requestUrl.split('?', 2) as [string, string?];
  const kept = query.split('&').filter((part) => part && !/^(\$|%24)skiptoken=/i.test(part));
  kept.push(`$skiptoken=${token}`);
  return `${base}?${kept.join('&')}`;
}

export function parsePreferPageSize(prefer: string | undefined): number | undefined {
  const match = prefer?.match(/odata\.maxpagesize=(\d+)/i);
  return match ? Number(match[1]) : undefined;
}

export interface CollectionRead {
  ctx: ReadContext;
  /** The model the type belongs to (standard or companion). */
  model: EdmModel;
  type: EntityTypeDef;
  rows: Row[];
  url: URL;
  prefer: string | undefined;
  /** `@odata.context` of the collection. */
  context: string;
  maxPageSize: number;
  /** API queries carry no etag. */
  withEtag?: boolean;
  /** How a row is written out; by default from the store through `$select`/`$expand` (the companion API passes its pages' own). */
  project?: (row: Row, options: QueryOptions) => Record<string, unknown>;
}

/** A collection answer: filtered, ordered, one server-driven page, projected. */
export function readCollection(read: CollectionRead): Response {
  const options = parseQueryOptions(read.url.searchParams, read.type, read.model);
  const requested = parsePreferPageSize(read.prefer);
  const pageSize = Math.max(1, Math.min(requested ?? read.maxPageSize, read.maxPageSize));
  const page = takePage(applyFilterAndOrder(read.rows, read.type, options), options, pageSize);
  const value = page.rows.map((row) => {
    const out = read.project ? read.project(row, options) : projectWithExpand(read.ctx, read.type, row, options);
    if (read.withEtag === false) delete out['@odata.etag'];
    return out;
  });
  const body: Record<string, unknown> = { '@odata.context': read.context, value };
  if (page.nextToken !== undefined) body['@odata.nextLink'] = nextLinkFor(read.url.toString(), page.nextToken);
  const headers: Record<string, string> = requested !== undefined ? { 'preference-applied': `odata.maxpagesize=${pageSize}` } : {};
  return jsonResponse(200, body, headers);
}
