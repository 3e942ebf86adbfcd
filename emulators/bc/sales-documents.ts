/**
 * Sales documents (orders, draft invoices, draft credit memos) as BC's API pages behave: a
 * deep insert is validated whole before anything is stored (a failing line leaves no
 * header behind and consumes no number), the header is filled from the customer,
 * `externalDocumentNumber` is a Code[35] field (upper-cased), documents start as `Draft`,
 * a released order (`Open`) or a posted invoice/credit memo cannot be changed.
 */
import { dec } from '../shared/money.ts';
import { BcHttpError, dialog } from './http-error.ts';
import { resolveRef, upperCodes, type EntityContext } from './entities.ts';
import { entityType } from './metadata.ts';
import { derivedLineFields, nextSequence, prepareLine, recalculate } from './sales-order-lines.ts';
import type { SalesDocumentKind } from './sales-kinds.ts';
import type { Row } from './store.ts';
import { validateBody } from './validate-body.ts';

export { salesKinds, salesKindOfSet, type SalesDocumentKind } from './sales-kinds.ts';

const shipToFields = [
  'shipToName',
  'shipToContact',
  'shipToAddressLine1',
  'shipToAddressLine2',
  'shipToCity',
  'shipToCountry',
  'shipToState',
  'shipToPostCode',
];
/** Line fields BC lets you change on a released order: what to ship and invoice next. */
const releasedLineFields = new Set(['shipQuantity', 'invoiceQuantity']);

function ensureEditable(kind: SalesDocumentKind, header: Record<string, unknown>): void {
  if (kind.tracksShipping && header.status === 'Open') {
    throw new BcHttpError(
      400,
      'Application_FieldValidationException',
      `Status must be equal to 'Open'  in Sales Header: Document Type=Order, No.=${String(header.number)}. Current value is 'Released'.`,
    );
  }
  if (!kind.tracksShipping && header.status !== 'Draft') {
    throw dialog(`Sales ${kind.documentType} ${String(header.number)} has been posted and cannot be changed.`);
  }
}

function applyCustomer(ctx: EntityContext, header: Record<string, unknown>): void {
  const customer = resolveRef(ctx, 'customers', 'Customer', { id: header.customerId, code: header.customerNumber, codeField: 'number' });
  if (!customer) {
    throw new BcHttpError(
      400,
      'Application_FieldValidationException',
      'Sell-to Customer No. must have a value in Sales Header. It cannot be zero or empty.',
    );
  }
  if (customer.blocked === 'All' || customer.blocked === 'Ship') {
    throw dialog(
      `You cannot create this type of document when Customer ${String(customer.number)} is blocked with type ${String(customer.blocked)}`,
    );
  }
  const address = {
    AddressLine1: customer.addressLine1,
    AddressLine2: customer.addressLine2,
    City: customer.city,
    Country: customer.country,
    State: customer.state,
    PostCode: customer.postalCode,
  };
  Object.assign(header, { customerId: customer.id, customerNumber: customer.number, customerName: customer.displayName });
  Object.assign(header, { billToCustomerId: customer.id, billToCustomerNumber: customer.number, billToName: customer.displayName });
  for (const [suffix, value] of Object.entries(address)) {
    header[`sellTo${suffix}`] ??= value;
    header[`billTo${suffix}`] = value;
  }
  // BC copies the customer's address to ship-to unless the document names another one.
  if (!shipToFields.some((field) => header[field] !== undefined)) {
    header.shipToName = customer.displayName;
    for (const [suffix, value] of Object.entries(address)) header[`shipTo${suffix}`] = value;
  }
  header.email ??= customer.email;
  header.phoneNumber ??= customer.phoneNumber;
  header.paymentTermsId ??= customer.paymentTermsId;
  header.shipmentMethodId ??= customer.shipmentMethodId;
  header.pricesIncludeTax ??= customer._pricesIncludingVat === true;
  header.currencyCode ??= customer.currencyCode || ctx.lcy;
  header._vatBusGroup = customer._vatBusGroup ?? 'DOMESTIC';
}

const headerCodes = [
  'externalDocumentNumber',
  'customerNumber',
  'currencyCode',
  'shipToCountry',
  'sellToCountry',
  'salesperson',
  'invoiceNumber',
];

function applyHeaderRules(ctx: EntityContext, header: Record<string, unknown>): void {
  if (header.discountAmount !== undefined && !dec(String(header.discountAmount)).isZero()) {
    throw dialog('Invoice discounts on sales documents are not supported by the LedgerBridge BC emulator.');
  }
  if (!header.currencyCode || header.currencyCode === ctx.lcy) Object.assign(header, { currencyCode: ctx.lcy, currencyId: undefined });
  else header.currencyId = resolveRef(ctx, 'currencies', 'Currency', { code: header.currencyCode })!.id;
  resolveRef(ctx, 'shipmentMethods', 'Shipment Method', { id: header.shipmentMethodId });
  resolveRef(ctx, 'paymentTerms', 'Payment Terms', { id: header.paymentTermsId });
  resolveRef(ctx, 'customerReturnReasons', 'Return Reason', { id: header.customerReturnReasonId });
  if (header.invoiceId !== undefined || header.invoiceNumber) {
    // Applies-to: a credit memo applies to a posted invoice, by id or by number.
    const invoice = resolveRef(ctx, 'salesInvoices', 'Sales Invoice Header', {
      id: header.invoiceId,
      code: header.invoiceNumber,
      codeField: 'number',
    });
    if (invoice && invoice.status === 'Draft')
      throw dialog(`Sales invoice ${String(invoice.number)} is not posted and cannot be applied to.`);
    if (invoice) Object.assign(header, { invoiceId: invoice.id, invoiceNumber: invoice.number });
  }
}

function lineOptions(ctx: EntityContext, kind: SalesDocumentKind) {
  return { type: entityType(ctx.model, kind.lineType), readOnly: new Set(['documentId', ...kind.lineReadOnly]) };
}

export function insertSalesDocument(
  ctx: EntityContext,
  kind: SalesDocumentKind,
  values: Record<string, unknown>,
  rawLines: Record<string, unknown>[],
): Row {
  const { type, readOnly } = lineOptions(ctx, kind);
  return insertValidatedSalesDocument(ctx, kind, values, () => rawLines.map((raw) => validateBody(type, raw, { readOnly }).values));
}

/**
 * The deep insert once the request's values are in the store's form (the standard API's
 * fields; the companion page maps its own to them first). Lines come as a function so that
 * they are checked after the header, in BC's order; nothing is stored until all are valid.
 */
export function insertValidatedSalesDocument(
  ctx: EntityContext,
  kind: SalesDocumentKind,
  values: Record<string, unknown>,
  lineValues: () => Record<string, unknown>[],
): Row {
  const header: Record<string, unknown> = { ...values };
  upperCodes(header, headerCodes);
  applyCustomer(ctx, header);
  applyHeaderRules(ctx, header);
  header[kind.dateField] ??= ctx.store.today();
  header.postingDate ??= ctx.store.today();
  if (kind.headerSet === 'salesInvoices') header.dueDate ??= header.invoiceDate;
  if (kind.headerSet === 'salesCreditMemos') header.dueDate ??= header.creditMemoDate;
  if (kind.tracksShipping) Object.assign(header, { partialShipping: header.partialShipping ?? true, fullyShipped: false });
  Object.assign(header, { status: 'Draft', discountAmount: '0', discountAppliedBeforeTax: true });
  const lines = lineValues().map((line, index) => {
    line.sequence ??= (index + 1) * 10_000;
    prepareLine(ctx, kind, header, line);
    return line;
  });
  recalculate(header, lines, kind);
  // Only now, with everything valid, does the document take a number and get stored.
  header.number = ctx.store.nextNumber(ctx.company, kind.series);
  const row = ctx.store.insert(ctx.company, kind.headerSet, header);
  for (const line of lines) ctx.store.insert(ctx.company, kind.lineSet, { ...line, documentId: row.id });
  return row;
}

export function linesOf(ctx: EntityContext, kind: SalesDocumentKind, header: Row): Row[] {
  return ctx.store
    .rows(ctx.company, kind.lineSet)
    .filter((line) => line.documentId === header.id)
    .sort((a, b) => Number(a.sequence) - Number(b.sequence));
}

export function refreshDocument(ctx: EntityContext, kind: SalesDocumentKind, header: Row): void {
  recalculate(header, linesOf(ctx, kind, header), kind);
  ctx.store.touch(header);
}

export function updateSalesDocument(ctx: EntityContext, kind: SalesDocumentKind, header: Row, values: Record<string, unknown>): void {
  ensureEditable(kind, header);
  const hasLines = linesOf(ctx, kind, header).length > 0;
  for (const field of ['customerId', 'customerNumber', 'pricesIncludeTax', 'currencyCode'] as const) {
    if (hasLines && values[field] !== undefined && values[field] !== header[field]) {
      throw dialog(`You cannot change ${field} on sales ${kind.documentType.toLowerCase()} ${String(header.number)} while it has lines.`);
    }
  }
  const next = { ...header, ...values };
  upperCodes(next, headerCodes);
  if (values.customerId !== undefined || values.customerNumber !== undefined) applyCustomer(ctx, next);
  applyHeaderRules(ctx, next);
  Object.assign(header, next);
  refreshDocument(ctx, kind, header);
}

export function insertSalesLine(ctx: EntityContext, kind: SalesDocumentKind, header: Row, values: Record<string, unknown>): Row {
  ensureEditable(kind, header);
  const line = { ...values };
  line.sequence ??= nextSequence(linesOf(ctx, kind, header));
  prepareLine(ctx, kind, header, line);
  const row = ctx.store.insert(ctx.company, kind.lineSet, { ...line, documentId: header.id });
  refreshDocument(ctx, kind, header);
  return row;
}

export function updateSalesLine(
  ctx: EntityContext,
  kind: SalesDocumentKind,
  header: Row,
  line: Row,
  values: Record<string, unknown>,
): void {
  const onlyQuantitiesToPost = kind.tracksShipping && Object.keys(values).every((key) => releasedLineFields.has(key));
  if (!onlyQuantitiesToPost) ensureEditable(kind, header);
  const next: Record<string, unknown> = { ...line, ...values };
  const identityChanged = ['lineType', 'itemId', 'accountId', 'lineObjectNumber'].some(
    (f) => values[f] !== undefined && values[f] !== line[f],
  );
  if (identityChanged) for (const field of derivedLineFields) if (values[field] === undefined) delete next[field];
  // A new quantity re-derives what BC derives from it.
  if (values.quantity !== undefined) {
    if (values.shipQuantity === undefined) delete next.shipQuantity;
    if (values.invoiceQuantity === undefined) delete next.invoiceQuantity;
  } else if (values.shipQuantity !== undefined && values.invoiceQuantity === undefined) {
    delete next.invoiceQuantity;
  }
  if (values.discountPercent !== undefined && values.discountAmount === undefined) delete next.discountAmount;
  prepareLine(ctx, kind, header, next);
  Object.assign(line, next);
  ctx.store.touch(line);
  refreshDocument(ctx, kind, header);
}

export function deleteSalesLine(ctx: EntityContext, kind: SalesDocumentKind, header: Row, line: Row): void {
  ensureEditable(kind, header);
  if (kind.tracksShipping && !dec(String(line.shippedQuantity ?? '0')).isZero()) {
    throw dialog(`You cannot delete sales order line ${String(line.sequence)} because it has been shipped.`);
  }
  ctx.store.remove(ctx.company, kind.lineSet, line.id);
  refreshDocument(ctx, kind, header);
}

export function deleteSalesDocument(ctx: EntityContext, kind: SalesDocumentKind, header: Row): void {
  if (!kind.tracksShipping) ensureEditable(kind, header);
  if (kind.tracksShipping && linesOf(ctx, kind, header).some((line) => !dec(String(line.shippedQuantity ?? '0')).isZero())) {
    throw dialog(`Sales order ${String(header.number)} has shipped lines and cannot be deleted.`);
  }
  removeDocument(ctx, kind, header);
}

/** Removes a document and its lines without any checks (posting deletes fully posted orders). */
export function removeDocument(ctx: EntityContext, kind: SalesDocumentKind, header: Row): void {
  for (const line of linesOf(ctx, kind, header)) ctx.store.remove(ctx.company, kind.lineSet, line.id);
  ctx.store.remove(ctx.company, kind.headerSet, header.id);
}
