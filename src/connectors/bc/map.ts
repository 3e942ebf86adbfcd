/**
 * BC wire entities ↔ the hub's ERP domain. Outgoing documents are checked first (lengths,
 * amounts, codes) and every problem is reported at once, so nothing BC would reject is sent.
 */
import type {
  CustomerDraft,
  ErpDocumentTotals,
  ErpCustomer,
  ErpItem,
  ErpSalesOrder,
  ErpSalesOrderLine,
  SalesOrderDraft,
  SalesOrderLineDraft,
} from '../../core/domain/erp.ts';
import type { Issue } from '../../core/issues.ts';
import { invalidRequest } from './errors.ts';
import { isDecimalText, jsonDecimal, toDecimalString, toInteger, toOptionalText, toText } from './json.ts';
import { maxLengths, type BcCustomer, type BcItem, type BcSalesOrder, type BcSalesOrderLine } from './schemas.ts';

export function mapCustomer(wire: BcCustomer): ErpCustomer {
  return {
    id: wire.id,
    number: toText(wire.number),
    displayName: toText(wire.displayName),
    type: toText(wire.type) || 'Person',
    email: toOptionalText(wire.email),
    currencyCode: toOptionalText(wire.currencyCode),
    // BC writes "not blocked" as a single space.
    blocked: toOptionalText(wire.blocked),
  };
}

export function mapItem(wire: BcItem): ErpItem {
  return {
    id: wire.id,
    number: toText(wire.number),
    displayName: toText(wire.displayName),
    gtin: toOptionalText(wire.gtin),
    blocked: wire.blocked === true,
    type: toText(wire.type),
    unitPrice: toDecimalString(wire.unitPrice),
    priceIncludesTax: wire.priceIncludesTax === true,
  };
}

export function mapSalesOrderLine(wire: BcSalesOrderLine): ErpSalesOrderLine {
  const line: ErpSalesOrderLine = {
    id: wire.id,
    sequence: toInteger(wire.sequence),
    lineType: toText(wire.lineType),
    lineObjectNumber: toText(wire.lineObjectNumber),
    description: toText(wire.description),
    quantity: toDecimalString(wire.quantity),
    unitPrice: toDecimalString(wire.unitPrice),
    discountAmount: toDecimalString(wire.discountAmount),
    amountExcludingTax: toDecimalString(wire.amountExcludingTax),
    totalTaxAmount: toDecimalString(wire.totalTaxAmount),
    amountIncludingTax: toDecimalString(wire.amountIncludingTax),
    taxCode: toText(wire.taxCode),
    taxPercent: toDecimalString(wire.taxPercent),
  };
  // Order lines carry shipping progress; invoice and credit memo lines do not.
  if (wire.shipQuantity !== undefined) line.shipQuantity = toDecimalString(wire.shipQuantity);
  if (wire.invoiceQuantity !== undefined) line.invoiceQuantity = toDecimalString(wire.invoiceQuantity);
  if (wire.shippedQuantity !== undefined) line.shippedQuantity = toDecimalString(wire.shippedQuantity);
  if (wire.invoicedQuantity !== undefined) line.invoicedQuantity = toDecimalString(wire.invoicedQuantity);
  const variant = toOptionalGuid(wire.itemVariantId);
  const location = toOptionalGuid(wire.locationId);
  if (variant) line.itemVariantId = variant;
  if (location) line.locationId = location;
  if (wire['@odata.etag']) line.etag = wire['@odata.etag'];
  return line;
}

const emptyGuid = '00000000-0000-0000-0000-000000000000';

/** BC sends an empty GUID for "none". */
export function toOptionalGuid(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value !== emptyGuid ? value : undefined;
}

/** Status, currency and totals as every sales document (order, invoice, credit memo) has them. */
export function documentTotals(
  wire: Pick<
    BcSalesOrder,
    | 'status'
    | 'currencyCode'
    | 'pricesIncludeTax'
    | 'totalAmountExcludingTax'
    | 'totalTaxAmount'
    | 'totalAmountIncludingTax'
    | 'lastModifiedDateTime'
    | '@odata.etag'
  >,
): ErpDocumentTotals {
  return {
    status: toText(wire.status),
    currencyCode: toText(wire.currencyCode),
    pricesIncludeTax: wire.pricesIncludeTax === true,
    totalAmountExcludingTax: toDecimalString(wire.totalAmountExcludingTax),
    totalTaxAmount: toDecimalString(wire.totalTaxAmount),
    totalAmountIncludingTax: toDecimalString(wire.totalAmountIncludingTax),
    lastModifiedDateTime: toText(wire.lastModifiedDateTime),
    etag: wire['@odata.etag'],
  };
}

export function mapSalesOrder(wire: BcSalesOrder): ErpSalesOrder {
  const order: ErpSalesOrder = {
    id: wire.id,
    number: toText(wire.number),
    externalDocumentNumber: toText(wire.externalDocumentNumber),
    customerNumber: toText(wire.customerNumber),
    orderDate: toText(wire.orderDate),
    ...documentTotals(wire),
  };
  if (wire.salesOrderLines) order.lines = wire.salesOrderLines.map(mapSalesOrderLine).sort((a, b) => a.sequence - b.sequence);
  return order;
}

/** BC stores Code fields upper-cased; filters and bodies use the stored form. */
export function toCode(value: string): string {
  return value.trim().toUpperCase();
}

export type Body = Record<string, unknown>;

/** Copies the defined values and reports strings longer than the entity's MaxLength. */
export function put(body: Body, limits: Record<string, number>, issues: Issue[], path: string, values: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const max = limits[key];
    if (typeof value === 'string' && max !== undefined && value.length > max) {
      issues.push({
        code: 'too_long',
        path: `${path}${key}`,
        message: `${key} has ${value.length} characters; Business Central allows ${max}`,
      });
    }
    body[key] = value;
  }
}

export function amount(value: string | undefined, path: string, issues: Issue[]): unknown {
  if (value === undefined) return undefined;
  if (!isDecimalText(value)) {
    issues.push({ code: 'not_a_decimal', path, message: `${JSON.stringify(value)} is not a decimal amount` });
    return undefined;
  }
  return jsonDecimal(value);
}

/** The deep-insert body: the header with its lines in `salesOrderLines`, never `sequence`. */
export function buildSalesOrderBody(draft: SalesOrderDraft): Body {
  const issues: Issue[] = [];
  const body: Body = {};
  if (draft.externalDocumentNumber.trim() === '') {
    issues.push({ code: 'missing', path: 'externalDocumentNumber', message: 'the order needs the hub reference' });
  }
  if (draft.lines.length === 0) issues.push({ code: 'missing', path: 'lines', message: 'an order needs at least one line' });
  put(body, maxLengths.salesOrder, issues, '', {
    externalDocumentNumber: toCode(draft.externalDocumentNumber),
    customerNumber: toCode(draft.customerNumber),
    orderDate: draft.orderDate,
    currencyCode: draft.currencyCode,
    pricesIncludeTax: draft.pricesIncludeTax,
    email: draft.email,
    phoneNumber: draft.phoneNumber,
    shipToName: draft.shipTo?.name,
    shipToAddressLine1: draft.shipTo?.addressLine1,
    shipToAddressLine2: draft.shipTo?.addressLine2,
    shipToCity: draft.shipTo?.city,
    shipToState: draft.shipTo?.state,
    shipToPostCode: draft.shipTo?.postCode,
    shipToCountry: draft.shipTo?.country === undefined ? undefined : toCode(draft.shipTo.country),
    shipmentMethodId: draft.shipmentMethodId,
  });
  body.salesOrderLines = draft.lines.map((line, index) => buildLineBody(line, `lines[${index}].`, issues));
  if (issues.length)
    throw invalidRequest(`Sales order ${draft.externalDocumentNumber} cannot be sent to Business Central: ${describe(issues)}`, issues);
  return body;
}

/** One document line; the limits are the same on order, invoice and credit memo lines. */
export function buildLineBody(line: SalesOrderLineDraft, path: string, issues: Issue[]): Body {
  const wire: Body = {};
  put(wire, maxLengths.salesOrderLine, issues, path, {
    lineType: line.lineType,
    lineObjectNumber: line.lineObjectNumber === undefined ? undefined : toCode(line.lineObjectNumber),
    itemVariantId: line.itemVariantId,
    locationId: line.locationId,
    description: line.description,
    quantity: amount(line.quantity, `${path}quantity`, issues),
    unitPrice: amount(line.unitPrice, `${path}unitPrice`, issues),
    discountAmount: amount(line.discountAmount, `${path}discountAmount`, issues),
    taxCode: line.taxCode === undefined ? undefined : toCode(line.taxCode),
  });
  return wire;
}

export function buildCustomerBody(draft: CustomerDraft): Body {
  const issues: Issue[] = [];
  const body: Body = {};
  if (draft.displayName.trim() === '') issues.push({ code: 'missing', path: 'displayName', message: 'a customer needs a name' });
  put(body, maxLengths.customer, issues, '', {
    displayName: draft.displayName,
    type: draft.type ?? 'Person',
    email: draft.email?.trim(),
    phoneNumber: draft.phoneNumber,
    addressLine1: draft.addressLine1,
    addressLine2: draft.addressLine2,
    city: draft.city,
    state: draft.state,
    country: draft.country === undefined ? undefined : toCode(draft.country),
    postalCode: draft.postalCode,
    currencyCode: draft.currencyCode,
    paymentTermsId: draft.paymentTermsId,
    paymentMethodId: draft.paymentMethodId,
    shipmentMethodId: draft.shipmentMethodId,
    taxAreaId: draft.taxAreaId,
    taxLiable: draft.taxLiable,
  });
  if (issues.length) throw invalidRequest(`Customer ${draft.displayName} cannot be sent to Business Central: ${describe(issues)}`, issues);
  return body;
}

export function describe(issues: Issue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
}
