/** Wire ↔ domain for the companion extension's pages (bc-extension/api-contract.json). */
import type {
  ErpItemJournalLine,
  ErpSalesOrder,
  ErpSalesOrderIntegration,
  ErpSalesOrderLine,
  ErpStockLevel,
  ItemJournalLineDraft,
  SalesOrderDraft,
  SalesOrderIntegrationFields,
  SalesOrderLineDraft,
} from '../../core/domain/erp.ts';
import type { Issue } from '../../core/issues.ts';
import { invalidRequest } from './errors.ts';
import { toDecimalString, toInteger, toOptionalText, toText } from './json.ts';
import { amount, describe, put, toCode, type Body } from './map.ts';
import {
  companionMaxLengths,
  type BcCompanionSalesOrder,
  type BcCompanionSalesOrderCreated,
  type BcCompanionSalesOrderLine,
  type BcItemJournalLine,
  type BcStockLevel,
} from './schemas-companion.ts';

/** The draft's ids as the codes the companion page takes (BC's own fields are codes). */
export interface CompanionCodes {
  shipmentMethodCode?: string;
  lines: { variantCode?: string; locationCode?: string }[];
}

/** The standard API's line types ↔ BC's Sales Line Type, which the companion page shows. */
const lineTypes: Record<SalesOrderLineDraft['lineType'], string> = {
  Comment: ' ',
  Account: 'G/L Account',
  Item: 'Item',
  Charge: 'Charge (Item)',
};
const standardLineTypes: Record<string, string> = { ' ': 'Comment', '': 'Comment', 'G/L Account': 'Account', 'Charge (Item)': 'Charge' };
/** BC's Sales Header Status as the standard API words it (reference §2.1), so both creates answer alike. */
const standardStatus: Record<string, string> = {
  Open: 'Draft',
  Released: 'Open',
  'Pending Approval': 'In Review',
  'Pending Prepayment': 'Open',
};

/** Extension 1.3: the customer the page finds by e-mail, or creates from these fields. */
function customerFields(customer: SalesOrderDraft['customerByEmail']): Body {
  if (!customer) return {};
  return {
    customerEmail: customer.email.trim(),
    customerName: customer.displayName,
    customerType: customer.type ?? 'Person',
    customerPhoneNumber: customer.phoneNumber,
    customerAddressLine1: customer.addressLine1,
    customerAddressLine2: customer.addressLine2,
    customerCity: customer.city,
    customerState: customer.state,
    customerPostCode: customer.postalCode,
    customerCountry: customer.country === undefined ? undefined : toCode(customer.country),
  };
}

/**
 * The one-request create on the companion page: header, lines and integration fields. Same
 * checks as the standard body (buildSalesOrderBody), in the page's field order. The ship-to
 * address goes whole (blank where the draft has nothing), since the page keeps the customer's
 * ship-to in fields a request leaves out; a comment line carries only its text.
 */
export function buildCompanionSalesOrderBody(draft: SalesOrderDraft, codes: CompanionCodes): Body {
  const issues: Issue[] = [];
  const body: Body = {};
  if (draft.externalDocumentNumber.trim() === '')
    issues.push({ code: 'missing', path: 'externalDocumentNumber', message: 'the order needs the hub reference' });
  if (draft.lines.length === 0) issues.push({ code: 'missing', path: 'lines', message: 'an order needs at least one line' });
  const shipTo = draft.shipTo;
  const integration = draft.integration ?? {};
  put(body, companionMaxLengths.salesOrder, issues, '', {
    customerNumber: draft.customerByEmail ? undefined : toCode(draft.customerNumber),
    currencyCode: draft.currencyCode === undefined ? undefined : toCode(draft.currencyCode),
    pricesIncludeTax: draft.pricesIncludeTax,
    orderDate: draft.orderDate,
    externalDocumentNumber: toCode(draft.externalDocumentNumber),
    email: draft.email,
    phoneNumber: draft.phoneNumber,
    ...(shipTo
      ? {
          shipToCountry: toCode(shipTo.country ?? ''),
          shipToName: shipTo.name ?? '',
          shipToAddressLine1: shipTo.addressLine1 ?? '',
          shipToAddressLine2: shipTo.addressLine2 ?? '',
          shipToPostCode: shipTo.postCode ?? '',
          shipToCity: shipTo.city ?? '',
          shipToState: shipTo.state ?? '',
        }
      : {}),
    shipmentMethodCode: codes.shipmentMethodCode,
    shopifyOrderId: integration.shopifyOrderId,
    paymentTransactionId: integration.paymentTransactionId,
    shippingAgentCode: integration.shippingAgentCode === undefined ? undefined : toCode(integration.shippingAgentCode),
    packageTrackingNumber: integration.trackingNumber,
    ...customerFields(draft.customerByEmail),
  });
  body.salesOrderLines = draft.lines.map((line, index) => {
    const path = `lines[${index}].`;
    const wire: Body = {};
    if (line.lineType === 'Comment')
      put(wire, companionMaxLengths.salesOrderLine, issues, path, { lineType: lineTypes.Comment, description: line.description });
    else {
      put(wire, companionMaxLengths.salesOrderLine, issues, path, {
        lineType: lineTypes[line.lineType],
        lineObjectNumber: line.lineObjectNumber === undefined ? undefined : toCode(line.lineObjectNumber),
        variantCode: codes.lines[index]?.variantCode,
        locationCode: codes.lines[index]?.locationCode,
        taxCode: line.taxCode === undefined ? undefined : toCode(line.taxCode),
        description: line.description,
        quantity: amount(line.quantity, `${path}quantity`, issues),
        unitPrice: amount(line.unitPrice, `${path}unitPrice`, issues),
        discountAmount: amount(line.discountAmount, `${path}discountAmount`, issues),
      });
    }
    return wire;
  });
  if (issues.length)
    throw invalidRequest(`Sales order ${draft.externalDocumentNumber} cannot be sent to Business Central: ${describe(issues)}`, issues);
  return body;
}

function mapCompanionSalesOrderLine(wire: BcCompanionSalesOrderLine): ErpSalesOrderLine {
  const lineType = toText(wire.lineType);
  const line: ErpSalesOrderLine = {
    id: wire.id,
    sequence: toInteger(wire.sequence),
    lineType: standardLineTypes[lineType] ?? lineType,
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
  if (wire['@odata.etag']) line.etag = wire['@odata.etag'];
  return line;
}

/**
 * The companion page's answer to a create, in the standard API's terms: its status wording and
 * line types. The currency is BC's own field (blank = the local currency). The etag is the
 * companion page's: good for its PATCH; on BC the standard page (a buffer table) has its own,
 * so a change through the standard API reads the order first (getSalesOrder).
 */
export function mapCompanionSalesOrder(wire: BcCompanionSalesOrderCreated): ErpSalesOrder {
  const status = toText(wire.status);
  const order: ErpSalesOrder = {
    id: wire.id,
    number: toText(wire.number),
    externalDocumentNumber: toText(wire.externalDocumentNumber),
    customerNumber: toText(wire.customerNumber),
    orderDate: toText(wire.orderDate),
    status: standardStatus[status] ?? status,
    currencyCode: toText(wire.currencyCode),
    pricesIncludeTax: wire.pricesIncludeTax === true,
    totalAmountExcludingTax: toDecimalString(wire.totalAmountExcludingTax),
    totalTaxAmount: toDecimalString(wire.totalTaxAmount),
    totalAmountIncludingTax: toDecimalString(wire.totalAmountIncludingTax),
    lastModifiedDateTime: toText(wire.lastModifiedDateTime),
    etag: wire['@odata.etag'],
  };
  if (wire.customerCreated !== undefined) order.customerCreated = wire.customerCreated === true;
  if (wire.salesOrderLines) order.lines = wire.salesOrderLines.map(mapCompanionSalesOrderLine).sort((a, b) => a.sequence - b.sequence);
  return order;
}

export function mapSalesOrderIntegration(wire: BcCompanionSalesOrder): ErpSalesOrderIntegration {
  return {
    id: wire.id,
    number: toText(wire.number),
    externalDocumentNumber: toText(wire.externalDocumentNumber),
    customerNumber: toText(wire.customerNumber),
    status: toText(wire.status),
    shopifyOrderId: toOptionalText(wire.shopifyOrderId),
    paymentTransactionId: toOptionalText(wire.paymentTransactionId),
    shippingAgentCode: toOptionalText(wire.shippingAgentCode),
    trackingNumber: toOptionalText(wire.packageTrackingNumber),
    lastModifiedDateTime: toText(wire.lastModifiedDateTime),
    etag: wire['@odata.etag'],
  };
}

export const mapStockLevel = (wire: BcStockLevel): ErpStockLevel => ({
  itemNumber: toText(wire.itemNumber),
  variantCode: toText(wire.variantCode),
  locationCode: toText(wire.locationCode),
  quantity: toDecimalString(wire.quantity),
});

export function mapItemJournalLine(wire: BcItemJournalLine): ErpItemJournalLine {
  return {
    id: wire.id,
    journalBatchName: toText(wire.journalBatchName),
    lineNumber: toInteger(wire.lineNumber),
    entryType: toText(wire.entryType),
    postingDate: toText(wire.postingDate),
    documentNumber: toText(wire.documentNumber),
    externalDocumentNumber: toText(wire.externalDocumentNumber),
    itemNumber: toText(wire.itemNumber),
    variantCode: toText(wire.variantCode),
    locationCode: toText(wire.locationCode),
    quantity: toDecimalString(wire.quantity),
    description: toText(wire.description),
    etag: wire['@odata.etag'],
  };
}

export function buildIntegrationFieldsBody(fields: SalesOrderIntegrationFields): Body {
  const issues: Issue[] = [];
  const body: Body = {};
  put(body, companionMaxLengths.salesOrder, issues, '', {
    shopifyOrderId: fields.shopifyOrderId,
    paymentTransactionId: fields.paymentTransactionId,
    shippingAgentCode: fields.shippingAgentCode === undefined ? undefined : toCode(fields.shippingAgentCode),
    packageTrackingNumber: fields.trackingNumber,
  });
  if (issues.length) throw invalidRequest(`Sales order integration fields cannot be sent to Business Central: ${describe(issues)}`, issues);
  return body;
}

export function buildItemJournalLineBody(line: ItemJournalLineDraft, path: string, issues: Issue[]): Body {
  const body: Body = {};
  if (line.documentNumber.trim() === '')
    issues.push({
      code: 'missing',
      path: `${path}documentNumber`,
      message: 'an adjustment needs the hub reference as its document number',
    });
  if (!/^\d+(\.\d+)?$/.test(line.quantity))
    issues.push({ code: 'not_positive', path: `${path}quantity`, message: 'the quantity is positive; the entry type gives the direction' });
  put(body, companionMaxLengths.itemJournalLine, issues, path, {
    entryType: line.entryType,
    itemNumber: toCode(line.itemNumber),
    variantCode: line.variantCode === undefined ? undefined : toCode(line.variantCode),
    locationCode: line.locationCode === undefined ? undefined : toCode(line.locationCode),
    quantity: amount(line.quantity, `${path}quantity`, issues),
    postingDate: line.postingDate,
    documentNumber: toCode(line.documentNumber),
    externalDocumentNumber: line.externalDocumentNumber === undefined ? undefined : toCode(line.externalDocumentNumber),
    description: line.description,
  });
  return body;
}
