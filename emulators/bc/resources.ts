/**
 * Resolves a company-scoped path (`salesOrders(<id>)/salesOrderLines(<id>)`, …) to what
 * it names: a collection of rows of one entity type, or one row, plus the parent it was
 * reached through. Every step is checked against the metadata.
 */
import { BcHttpError, badRequest, notFound } from './http-error.ts';
import type { EntityTypeDef } from './metadata.ts';
import type { PathSegment } from './odata-path.ts';
import { navigate, type ReadContext } from './read.ts';
import type { Row } from './store.ts';

export interface Resolved {
  type: EntityTypeDef;
  /** Entity set the rows live in. */
  set: string;
  /** Rows of the collection, or the one row when `row` is set. */
  rows: Row[];
  row?: Row;
  parent?: { type: EntityTypeDef; set: string; row: Row; navigation: string };
  /** A bound action such as `shipAndInvoice`, when the last segment names one. */
  action?: string;
  /** For `@odata.context`. */
  contextPath: string;
}

const entityNames: Record<string, string> = {
  salesOrders: 'Sales Header',
  salesOrderLines: 'Sales Line',
  customers: 'Customer',
  items: 'Item',
  locations: 'Location',
};

function missing(set: string, key: string): BcHttpError {
  return new BcHttpError(
    404,
    'Internal_RecordNotFound',
    `The ${entityNames[set] ?? set} does not exist. Identification fields and values: Id='${key}'`,
  );
}

export function resolveCompanyPath(ctx: ReadContext, segments: PathSegment[]): Resolved {
  const companyType = ctx.model.entityTypes.get('company')!;
  const [first, ...rest] = segments;
  if (!first || !companyType.navigation.has(first.name)) throw notFound();
  const set = first.name;
  const type = ctx.model.entityTypes.get(ctx.model.entitySets.get(set)!.type)!;
  let current: Resolved = { type, set, rows: ctx.store.rows(ctx.company, set), contextPath: `companies(${ctx.company.id})/${set}` };
  if (first.key !== undefined) current = pick(current, first.key);
  for (const segment of rest) {
    if (!current.row) throw badRequest(`Bad Request - Error in query syntax: '${segment.name}' follows a collection.`);
    if (segment.name.startsWith('Microsoft.NAV.')) {
      const action = segment.name.slice('Microsoft.NAV.'.length);
      if (!current.type.actions.has(action)) throw notFound();
      return { ...current, action };
    }
    if (!current.type.navigation.has(segment.name)) throw notFound();
    const { target, set: targetSet, rows } = navigate(ctx, current.type, current.row, segment.name);
    const parent = { type: current.type, set: current.set, row: current.row, navigation: segment.name };
    const contextPath = `${current.contextPath}/${segment.name}`;
    current = { type: target, set: targetSet, rows, parent, contextPath };
    if (segment.key !== undefined) current = pick(current, segment.key);
  }
  return current;
}

function pick(collection: Resolved, key: string): Resolved {
  const row = collection.rows.find((r) => r.id === key.toLowerCase());
  if (!row) throw missing(collection.set, key);
  return { ...collection, rows: [row], row, contextPath: collection.contextPath };
}
