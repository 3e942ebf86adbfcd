/**
 * Sales orders as BC's API page behaves: a deep insert is validated whole before anything
 * is stored (a failing line leaves no header behind and consumes no number), the header is
 * filled from the customer, `externalDocumentNumber` is a Code[35] field (upper-cased),
 * status starts as `Draft`, and a released order (`Open`) cannot be changed.
 */
import { dec } from '../../src/core/money.js';
import { BcHttpError, dialog } from './http-error.js';
import { resolveRef, upperCodes, type EntityContext } from './entities.js';
import { entityType } from './metadata.js';
import { derivedLineFields, nextSequence, prepareLine, recalculate, salesOrderLineReadOnly } from './sales-order-lines.js';
import type { Row } from './store.js';
import { validateBody } from './validate-body.js';

export const salesOrderReadOnly = [
  'id', 'number', 'billToName', 'billToCustomerId', 'billToCustomerNumber', 'billToAddressLine1', 'billToAddressLine2',
  'billToCity', 'billToCountry', 'billToState', 'billToPostCode', 'totalAmountExcludingTax', 'totalTaxAmount',
  'totalAmountIncludingTax', 'fullyShipped', 'status', 'lastModifiedDateTime', 'discountAppliedBeforeTax',
];

const shipToFields = ['shipToName', 'shipToContact', 'shipToAddressLine1', 'shipToAddressLine2', 'shipToCity', 'shipToCountry', 'shipToState', 'shipToPostCode'];

function ensureOpen(header: Record<string, unknown>): void {
  if (header.status === 'Open') {
    throw new BcHttpError(400, 'Application_FieldValidationException',
      `Status must be equal to 'Open'  in Sales Header: Document Type=Order, No.=${String(header.number)}. Current value is 'Released'.`);
  }
}

function applyCustomer(ctx: EntityContext, header: Record<string, unknown>): void {
  const customer = resolveRef(ctx, 'customers', 'Customer', { id: header.customerId, code: header.customerNumber, codeField: 'number' });
  if (!customer) {
    throw new BcHttpError(400, 'Application_FieldValidationException', 'Sell-to Customer No. must have a value in Sales Header: Document Type=Order. It cannot be zero or empty.');
  }
  if (customer.blocked === 'All' || customer.blocked === 'Ship') {
    throw dialog(`You cannot create this type of document when Customer ${String(customer.number)} is blocked with type ${String(customer.blocked)}`);
  }
  const address = { AddressLine1: customer.addressLine1, AddressLine2: customer.addressLine2, City: customer.city, Country: customer.country, State: customer.state, PostCode: customer.postalCode };
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

const headerCodes = ['externalDocumentNumber', 'customerNumber', 'currencyCode', 'shipToCountry', 'sellToCountry', 'salesperson'];

function applyHeaderRules(ctx: EntityContext, header: Record<string, unknown>): void {
  if (header.discountAmount !== undefined && !dec(String(header.discountAmount)).isZero()) {
    throw dialog('Invoice discounts on sales orders are not supported by the LedgerBridge BC emulator.');
  }
  if (!header.currencyCode || header.currencyCode === ctx.lcy) Object.assign(header, { currencyCode: ctx.lcy, currencyId: undefined });
  else header.currencyId = resolveRef(ctx, 'currencies', 'Currency', { code: header.currencyCode })!.id;
  resolveRef(ctx, 'shipmentMethods', 'Shipment Method', { id: header.shipmentMethodId });
  resolveRef(ctx, 'paymentTerms', 'Payment Terms', { id: header.paymentTermsId });
}

function lineOptions(ctx: EntityContext) {
  return { type: entityType(ctx.model, 'salesOrderLine'), readOnly: new Set(['documentId', ...salesOrderLineReadOnly]) };
}

export function insertSalesOrder(ctx: EntityContext, values: Record<string, unknown>, rawLines: Record<string, unknown>[]): Row {
  const header: Record<string, unknown> = { ...values };
  upperCodes(header, headerCodes);
  applyCustomer(ctx, header);
  applyHeaderRules(ctx, header);
  header.orderDate ??= ctx.store.today();
  header.postingDate ??= ctx.store.today();
  header.partialShipping ??= true;
  Object.assign(header, { status: 'Draft', fullyShipped: false, discountAmount: '0', discountAppliedBeforeTax: true });
  const { type, readOnly } = lineOptions(ctx);
  const lines = rawLines.map((raw, index) => {
    const line = validateBody(type, raw, { readOnly }).values;
    line.sequence ??= (index + 1) * 10_000;
    prepareLine(ctx, header, line);
    return line;
  });
  recalculate(header, lines);
  // Only now, with everything valid, does the document take a number and get stored.
  header.number = ctx.store.nextNumber(ctx.company, 'SO');
  const row = ctx.store.insert(ctx.company, 'salesOrders', header);
  for (const line of lines) ctx.store.insert(ctx.company, 'salesOrderLines', { ...line, documentId: row.id });
  return row;
}

export function linesOf(ctx: EntityContext, order: Row): Row[] {
  return ctx.store.rows(ctx.company, 'salesOrderLines').filter((line) => line.documentId === order.id);
}

function refresh(ctx: EntityContext, order: Row): void {
  recalculate(order, linesOf(ctx, order));
  ctx.store.touch(order);
}

export function updateSalesOrder(ctx: EntityContext, order: Row, values: Record<string, unknown>): void {
  ensureOpen(order);
  const hasLines = linesOf(ctx, order).length > 0;
  for (const field of ['customerId', 'customerNumber', 'pricesIncludeTax', 'currencyCode'] as const) {
    if (hasLines && values[field] !== undefined && values[field] !== order[field]) {
      throw dialog(`You cannot change ${field} on sales order ${String(order.number)} while it has lines.`);
    }
  }
  const next = { ...order, ...values };
  upperCodes(next, headerCodes);
  if (values.customerId !== undefined || values.customerNumber !== undefined) applyCustomer(ctx, next);
  applyHeaderRules(ctx, next);
  Object.assign(order, next);
  refresh(ctx, order);
}

export function insertSalesOrderLine(ctx: EntityContext, order: Row, values: Record<string, unknown>): Row {
  ensureOpen(order);
  const line = { ...values };
  line.sequence ??= nextSequence(linesOf(ctx, order));
  prepareLine(ctx, order, line);
  const row = ctx.store.insert(ctx.company, 'salesOrderLines', { ...line, documentId: order.id });
  refresh(ctx, order);
  return row;
}

export function updateSalesOrderLine(ctx: EntityContext, order: Row, line: Row, values: Record<string, unknown>): void {
  ensureOpen(order);
  const next: Record<string, unknown> = { ...line, ...values };
  const identityChanged = ['lineType', 'itemId', 'accountId', 'lineObjectNumber'].some((f) => values[f] !== undefined && values[f] !== line[f]);
  if (identityChanged) for (const field of derivedLineFields) if (values[field] === undefined) delete next[field];
  // A new quantity or price re-derives what BC derives from them.
  if (values.quantity !== undefined) {
    delete next.shipQuantity;
    delete next.invoiceQuantity;
  }
  if (values.discountPercent !== undefined && values.discountAmount === undefined) delete next.discountAmount;
  prepareLine(ctx, order, next);
  Object.assign(line, next);
  ctx.store.touch(line);
  refresh(ctx, order);
}

export function deleteSalesOrderLine(ctx: EntityContext, order: Row, line: Row): void {
  ensureOpen(order);
  ctx.store.remove(ctx.company, 'salesOrderLines', line.id);
  refresh(ctx, order);
}

export function deleteSalesOrder(ctx: EntityContext, order: Row): void {
  for (const line of linesOf(ctx, order)) ctx.store.remove(ctx.company, 'salesOrderLines', line.id);
  ctx.store.remove(ctx.company, 'salesOrders', order.id);
}
