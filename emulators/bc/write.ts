/**
 * POST, PATCH and DELETE on a resolved resource. Sets the emulator does not implement (and
 * sets BC itself does not allow) answer 405; PATCH and DELETE demand `If-Match` and refuse
 * a stale etag with 409 `Request_EntityChanged`, as BC does.
 */
import { behaviours, prepareValues, type EntityContext } from './entities.js';
import { BcHttpError, badRequest } from './http-error.js';
import type { Resolved } from './resources.js';
import { salesOrderLineReadOnly } from './sales-order-lines.js';
import {
  deleteSalesOrder,
  deleteSalesOrderLine,
  insertSalesOrder,
  insertSalesOrderLine,
  salesOrderReadOnly,
  updateSalesOrder,
  updateSalesOrderLine,
} from './sales-orders.js';
import type { Row } from './store.js';
import { validateBody } from './validate-body.js';
import { etagOf } from './wire.js';

const notAllowed = () => new BcHttpError(405, 'BadRequest_MethodNotAllowed', 'The requested operation is not supported for this resource.');

function readOnlyOf(set: string): Set<string> {
  if (set === 'salesOrders') return new Set(salesOrderReadOnly);
  if (set === 'salesOrderLines') return new Set(salesOrderLineReadOnly);
  return new Set(behaviours[set]?.readOnly ?? ['id']);
}

function writable(ctx: EntityContext, set: string, op: 'insertable' | 'updatable' | 'deletable'): void {
  const def = ctx.model.entitySets.get(set);
  const implemented = set === 'salesOrders' || set === 'salesOrderLines' || behaviours[set] !== undefined;
  if (!def?.[op] || !implemented) throw notAllowed();
}

/** The order a line belongs to: the path's parent, or `documentId` on the flat collection. */
function orderOf(ctx: EntityContext, target: Resolved, documentId: unknown): Row {
  if (target.parent?.set === 'salesOrders') return target.parent.row;
  const order = typeof documentId === 'string' ? ctx.store.get(ctx.company, 'salesOrders', documentId) : undefined;
  if (!order) throw new BcHttpError(400, 'Application_FieldValidationException', 'Document Id must have a value in Sales Line. It cannot be zero or empty.');
  return order;
}

export function createEntity(ctx: EntityContext, target: Resolved, body: unknown): Row {
  if (target.row || target.action) throw notAllowed();
  writable(ctx, target.set, 'insertable');
  const readOnly = readOnlyOf(target.set);
  if (target.parent && target.set === 'salesOrderLines') readOnly.add('documentId');
  const nested = target.set === 'salesOrders' ? new Set(['salesOrderLines']) : undefined;
  const { values, nested: children } = validateBody(target.type, body, { readOnly, nested });
  if (target.set === 'salesOrders') return insertSalesOrder(ctx, values, children.salesOrderLines ?? []);
  if (target.set === 'salesOrderLines') return insertSalesOrderLine(ctx, orderOf(ctx, target, values.documentId), values);
  const constraint = target.parent?.type.navigation.get(target.parent.navigation)?.constraint;
  if (target.parent && constraint) values[constraint.referencedProperty] = target.parent.row[constraint.property];
  prepareValues(ctx, target.set, values);
  return ctx.store.insert(ctx.company, target.set, values);
}

function checkEtag(row: Row, ifMatch: string | undefined): void {
  if (ifMatch === undefined || ifMatch.trim() === '') {
    throw new BcHttpError(400, 'BadRequest_InvalidToken', 'Could not validate the client concurrency token required by the service. Please provide a valid token in the client request.');
  }
  if (ifMatch.trim() !== '*' && ifMatch.trim() !== etagOf(row)) {
    throw new BcHttpError(409, 'Request_EntityChanged', 'Another user has already changed the record.');
  }
}

export function updateEntity(ctx: EntityContext, target: Resolved, body: unknown, ifMatch: string | undefined): Row {
  const row = target.row;
  if (!row || target.action) throw notAllowed();
  writable(ctx, target.set, 'updatable');
  checkEtag(row, ifMatch);
  const navigation = Object.keys((body ?? {}) as object).find((key) => target.type.navigation.has(key));
  if (navigation) throw badRequest(`Deep update is not supported: '${navigation}' cannot be changed through its parent.`);
  const readOnly = readOnlyOf(target.set);
  if (target.set === 'salesOrderLines') readOnly.add('documentId');
  const { values } = validateBody(target.type, body, { readOnly });
  if (target.set === 'salesOrders') updateSalesOrder(ctx, row, values);
  else if (target.set === 'salesOrderLines') updateSalesOrderLine(ctx, orderOf(ctx, target, row.documentId), row, values);
  else {
    prepareValues(ctx, target.set, values, row);
    Object.assign(row, values);
    ctx.store.touch(row);
  }
  return row;
}

export function deleteEntity(ctx: EntityContext, target: Resolved, ifMatch: string | undefined): void {
  const row = target.row;
  if (!row || target.action) throw notAllowed();
  writable(ctx, target.set, 'deletable');
  checkEtag(row, ifMatch);
  if (target.set === 'salesOrders') deleteSalesOrder(ctx, row);
  else if (target.set === 'salesOrderLines') deleteSalesOrderLine(ctx, orderOf(ctx, target, row.documentId), row);
  else ctx.store.remove(ctx.company, target.set, row.id);
}
