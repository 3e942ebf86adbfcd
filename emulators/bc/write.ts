/**
 * POST, PATCH and DELETE on a resolved resource of the standard API. Sets the emulator does
 * not implement (and sets BC itself does not allow) answer 405; PATCH and DELETE demand
 * `If-Match` and refuse a stale etag with 409 `Request_EntityChanged`, as BC does.
 */
import { behaviours, prepareValues, type EntityContext } from './entities.ts';
import { BcHttpError, badRequest } from './http-error.ts';
import { customerPayments } from './cash-receipts.ts';
import { journalBehaviours, type JournalBehaviour } from './journals.ts';
import { purchaseBehaviours } from './purchasing.ts';
import type { Resolved } from './resources.ts';
import {
  deleteSalesDocument,
  deleteSalesLine,
  insertSalesDocument,
  insertSalesLine,
  salesKindOfSet,
  updateSalesDocument,
  updateSalesLine,
  type SalesDocumentKind,
} from './sales-documents.ts';
import type { Row } from './store.ts';
import { validateBody } from './validate-body.ts';
import { etagOf } from './wire.ts';

/** Sets with their own insert/update rules beyond the generic master-data behaviour. */
const customBehaviours: Record<string, JournalBehaviour> = { ...journalBehaviours, ...purchaseBehaviours, customerPayments };

const notAllowed = () => new BcHttpError(405, 'BadRequest_MethodNotAllowed', 'The requested operation is not supported for this resource.');

function readOnlyOf(set: string): Set<string> {
  const sales = salesKindOfSet(set);
  if (sales) return new Set(sales.part === 'header' ? sales.kind.headerReadOnly : sales.kind.lineReadOnly);
  return new Set(behaviours[set]?.readOnly ?? customBehaviours[set]?.readOnly ?? ['id']);
}

function writable(ctx: EntityContext, set: string, op: 'insertable' | 'updatable' | 'deletable'): void {
  const def = ctx.model.entitySets.get(set);
  const implemented = salesKindOfSet(set) !== undefined || behaviours[set] !== undefined || customBehaviours[set] !== undefined;
  if (!def?.[op] || !implemented) throw notAllowed();
}

/** The document a line belongs to: the path's parent, or `documentId` on the flat collection. */
function headerOf(ctx: EntityContext, kind: SalesDocumentKind, target: Resolved, documentId: unknown): Row {
  if (target.parent?.set === kind.headerSet) return target.parent.row;
  const header = typeof documentId === 'string' ? ctx.store.get(ctx.company, kind.headerSet, documentId) : undefined;
  if (!header)
    throw new BcHttpError(
      400,
      'Application_FieldValidationException',
      'Document Id must have a value in Sales Line. It cannot be zero or empty.',
    );
  return header;
}

export function createEntity(ctx: EntityContext, target: Resolved, body: unknown): Row {
  if (target.row || target.action) throw notAllowed();
  writable(ctx, target.set, 'insertable');
  const readOnly = readOnlyOf(target.set);
  const sales = salesKindOfSet(target.set);
  if (target.parent && sales?.part === 'line') readOnly.add('documentId');
  const nested = sales?.part === 'header' ? new Set([sales.kind.lineSet]) : undefined;
  const { values, nested: children } = validateBody(target.type, body, { readOnly, nested });
  if (sales?.part === 'header') return insertSalesDocument(ctx, sales.kind, values, children[sales.kind.lineSet] ?? []);
  if (sales?.part === 'line') return insertSalesLine(ctx, sales.kind, headerOf(ctx, sales.kind, target, values.documentId), values);
  const constraint = target.parent?.type.navigation.get(target.parent.navigation)?.constraint;
  if (target.parent && constraint) values[constraint.referencedProperty] = target.parent.row[constraint.property];
  const custom = customBehaviours[target.set];
  if (custom) return custom.insert(ctx, values);
  prepareValues(ctx, target.set, values);
  return ctx.store.insert(ctx.company, target.set, values);
}

export function checkEtag(row: Row, ifMatch: string | undefined): void {
  if (ifMatch === undefined || ifMatch.trim() === '') {
    throw new BcHttpError(
      400,
      'BadRequest_InvalidToken',
      'Could not validate the client concurrency token required by the service. Please provide a valid token in the client request.',
    );
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
  const sales = salesKindOfSet(target.set);
  if (sales?.part === 'line') readOnly.add('documentId');
  const { values } = validateBody(target.type, body, { readOnly });
  if (sales?.part === 'header') updateSalesDocument(ctx, sales.kind, row, values);
  else if (sales?.part === 'line') updateSalesLine(ctx, sales.kind, headerOf(ctx, sales.kind, target, row.documentId), row, values);
  else if (customBehaviours[target.set]) customBehaviours[target.set]!.update(ctx, row, values);
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
  const sales = salesKindOfSet(target.set);
  if (sales?.part === 'header') deleteSalesDocument(ctx, sales.kind, row);
  else if (sales?.part === 'line') deleteSalesLine(ctx, sales.kind, headerOf(ctx, sales.kind, target, row.documentId), row);
  else ctx.store.remove(ctx.company, target.set, row.id);
}
