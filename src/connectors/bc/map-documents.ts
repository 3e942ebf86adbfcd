/**
 * Wire ↔ domain for reference data, posted and draft documents, journals, purchasing, item
 * ledger entries and subscriptions. Builders check lengths and amounts first and report
 * every problem at once, as map.ts does for orders.
 */
import type {
  ErpCodeEntity,
  ErpItemLedgerEntry,
  ErpItemVariant,
  ErpJournal,
  ErpJournalLine,
  ErpLocation,
  ErpPurchaseOrder,
  ErpPurchaseReceipt,
  ErpSalesCreditMemo,
  ErpSalesInvoice,
  ErpSalesShipment,
  ErpSubscription,
  ErpTaxCode,
  JournalLineDraft,
  SalesCreditMemoDraft,
  SalesInvoiceDraft,
  SalesOrderLinePatch,
  SalesOrderPatch,
} from '../../core/domain/erp.ts';
import type { Issue } from '../../core/issues.ts';
import { invalidRequest } from './errors.ts';
import { toDecimalString, toInteger, toOptionalText, toText } from './json.ts';
import { amount, buildLineBody, describe, documentTotals, mapSalesOrderLine, put, toCode, toOptionalGuid, type Body } from './map.ts';
import { maxLengths } from './schemas.ts';
import type {
  BcCodeEntity,
  BcItemLedgerEntry,
  BcItemVariant,
  BcJournal,
  BcJournalLine,
  BcLocation,
  BcPurchaseOrder,
  BcPurchaseReceipt,
  BcSalesCreditMemo,
  BcSalesInvoice,
  BcSalesShipment,
  BcSubscription,
  BcTaxCode,
} from './schemas-documents.ts';

export const mapCodeEntity = (wire: BcCodeEntity): ErpCodeEntity => ({
  id: wire.id,
  code: toText(wire.code),
  displayName: toText(wire.displayName),
});
export const mapLocation = (wire: BcLocation): ErpLocation => ({
  ...mapCodeEntity(wire),
  city: toOptionalText(wire.city),
  country: toOptionalText(wire.country),
});
export const mapTaxCode = (wire: BcTaxCode): ErpTaxCode => ({ ...mapCodeEntity(wire), taxType: toText(wire.taxType) });
export const mapItemVariant = (wire: BcItemVariant): ErpItemVariant => ({
  id: wire.id,
  itemId: wire.itemId,
  itemNumber: toText(wire.itemNumber),
  code: toText(wire.code),
  description: toText(wire.description),
});

const sortLines = <T extends { sequence: number }>(lines: T[]) => lines.sort((a, b) => a.sequence - b.sequence);

export function mapSalesInvoice(wire: BcSalesInvoice): ErpSalesInvoice {
  const invoice: ErpSalesInvoice = {
    id: wire.id,
    number: toText(wire.number),
    externalDocumentNumber: toText(wire.externalDocumentNumber),
    orderId: toOptionalGuid(wire.orderId) ?? null,
    orderNumber: toOptionalText(wire.orderNumber),
    customerNumber: toText(wire.customerNumber),
    invoiceDate: toText(wire.invoiceDate),
    postingDate: toText(wire.postingDate),
    dueDate: toText(wire.dueDate),
    remainingAmount: toDecimalString(wire.remainingAmount),
    ...documentTotals(wire),
  };
  if (wire.salesInvoiceLines) invoice.lines = sortLines(wire.salesInvoiceLines.map(mapSalesOrderLine));
  return invoice;
}

export function mapSalesCreditMemo(wire: BcSalesCreditMemo): ErpSalesCreditMemo {
  const memo: ErpSalesCreditMemo = {
    id: wire.id,
    number: toText(wire.number),
    externalDocumentNumber: toText(wire.externalDocumentNumber),
    customerNumber: toText(wire.customerNumber),
    creditMemoDate: toText(wire.creditMemoDate),
    postingDate: toText(wire.postingDate),
    invoiceId: toOptionalGuid(wire.invoiceId) ?? null,
    invoiceNumber: toOptionalText(wire.invoiceNumber),
    ...documentTotals(wire),
  };
  if (wire.salesCreditMemoLines) memo.lines = sortLines(wire.salesCreditMemoLines.map(mapSalesOrderLine));
  return memo;
}

export function mapSalesShipment(wire: BcSalesShipment): ErpSalesShipment {
  const shipment: ErpSalesShipment = {
    id: wire.id,
    number: toText(wire.number),
    orderNumber: toText(wire.orderNumber),
    externalDocumentNumber: toText(wire.externalDocumentNumber),
    customerNumber: toText(wire.customerNumber),
    postingDate: toText(wire.postingDate),
    shipmentMethodCode: toText(wire.shipmentMethodCode),
    lastModifiedDateTime: toText(wire.lastModifiedDateTime),
  };
  if (wire.salesShipmentLines) {
    shipment.lines = sortLines(
      wire.salesShipmentLines.map((line) => ({
        id: line.id,
        sequence: toInteger(line.sequence),
        lineType: toText(line.lineType),
        lineObjectNumber: toText(line.lineObjectNumber),
        description: toText(line.description),
        quantity: toDecimalString(line.quantity),
      })),
    );
  }
  return shipment;
}

export const mapJournal = (wire: BcJournal): ErpJournal => ({
  id: wire.id,
  code: toText(wire.code),
  displayName: toText(wire.displayName),
  templateDisplayName: toText(wire.templateDisplayName),
});

export function mapJournalLine(wire: BcJournalLine): ErpJournalLine {
  return {
    id: wire.id,
    journalId: wire.journalId,
    lineNumber: toInteger(wire.lineNumber),
    accountType: toText(wire.accountType),
    accountNumber: toText(wire.accountNumber),
    postingDate: toText(wire.postingDate),
    documentNumber: toText(wire.documentNumber),
    externalDocumentNumber: toText(wire.externalDocumentNumber),
    amount: toDecimalString(wire.amount),
    description: toText(wire.description),
    balancingAccountNumber: toText(wire.balancingAccountNumber),
    etag: wire['@odata.etag'],
  };
}

export function mapPurchaseOrder(wire: BcPurchaseOrder): ErpPurchaseOrder {
  const order: ErpPurchaseOrder = {
    id: wire.id,
    number: toText(wire.number),
    vendorNumber: toText(wire.vendorNumber),
    vendorName: toText(wire.vendorName),
    orderDate: toText(wire.orderDate),
    status: toText(wire.status),
    fullyReceived: wire.fullyReceived === true,
    lastModifiedDateTime: toText(wire.lastModifiedDateTime),
    etag: wire['@odata.etag'],
  };
  if (wire.purchaseOrderLines) {
    order.lines = sortLines(
      wire.purchaseOrderLines.map((line) => ({
        id: line.id,
        sequence: toInteger(line.sequence),
        lineType: toText(line.lineType),
        lineObjectNumber: toText(line.lineObjectNumber),
        description: toText(line.description),
        quantity: toDecimalString(line.quantity),
        directUnitCost: toDecimalString(line.directUnitCost),
        receivedQuantity: toDecimalString(line.receivedQuantity),
        receiveQuantity: toDecimalString(line.receiveQuantity),
        locationId: toOptionalGuid(line.locationId) ?? null,
        itemVariantId: toOptionalGuid(line.itemVariantId) ?? null,
        expectedReceiptDate: toText(line.expectedReceiptDate),
        etag: line['@odata.etag'],
      })),
    );
  }
  return order;
}

export function mapPurchaseReceipt(wire: BcPurchaseReceipt): ErpPurchaseReceipt {
  const receipt: ErpPurchaseReceipt = {
    id: wire.id,
    number: toText(wire.number),
    orderNumber: toText(wire.orderNumber),
    vendorNumber: toText(wire.vendorNumber),
    postingDate: toText(wire.postingDate),
    lastModifiedDateTime: toText(wire.lastModifiedDateTime),
  };
  if (wire.purchaseReceiptLines) {
    receipt.lines = sortLines(
      wire.purchaseReceiptLines.map((line) => ({
        id: line.id,
        sequence: toInteger(line.sequence),
        lineObjectNumber: toText(line.lineObjectNumber),
        description: toText(line.description),
        quantity: toDecimalString(line.quantity),
      })),
    );
  }
  return receipt;
}

export function mapItemLedgerEntry(wire: BcItemLedgerEntry): ErpItemLedgerEntry {
  return {
    id: wire.id,
    entryNumber: toInteger(wire.entryNumber),
    itemNumber: toText(wire.itemNumber),
    postingDate: toText(wire.postingDate),
    entryType: toText(wire.entryType),
    documentType: toText(wire.documentType),
    documentNumber: toText(wire.documentNumber),
    quantity: toDecimalString(wire.quantity),
    salesAmountActual: toDecimalString(wire.salesAmountActual),
    costAmountActual: toDecimalString(wire.costAmountActual),
    lastModifiedDateTime: toText(wire.lastModifiedDateTime),
  };
}

export function mapSubscription(wire: BcSubscription): ErpSubscription {
  return {
    subscriptionId: wire.subscriptionId,
    notificationUrl: toText(wire.notificationUrl),
    resource: toText(wire.resource),
    clientState: toText(wire.clientState),
    expirationDateTime: toText(wire.expirationDateTime),
    lastModifiedDateTime: toText(wire.lastModifiedDateTime),
    etag: wire['@odata.etag'],
  };
}

function fail(what: string, issues: Issue[]): never {
  throw invalidRequest(`${what} cannot be sent to Business Central: ${describe(issues)}`, issues);
}

export function buildSalesInvoiceBody(draft: SalesInvoiceDraft): Body {
  const issues: Issue[] = [];
  const body: Body = {};
  put(body, maxLengths.salesInvoice, issues, '', {
    externalDocumentNumber: toCode(draft.externalDocumentNumber),
    customerNumber: toCode(draft.customerNumber),
    invoiceDate: draft.invoiceDate,
    postingDate: draft.postingDate,
    currencyCode: draft.currencyCode,
    pricesIncludeTax: draft.pricesIncludeTax,
  });
  body.salesInvoiceLines = draft.lines.map((line, index) => buildLineBody(line, `lines[${index}].`, issues));
  if (draft.externalDocumentNumber.trim() === '')
    issues.push({ code: 'missing', path: 'externalDocumentNumber', message: 'the invoice needs the hub reference' });
  if (issues.length) fail(`Sales invoice ${draft.externalDocumentNumber}`, issues);
  return body;
}

export function buildSalesCreditMemoBody(draft: SalesCreditMemoDraft): Body {
  const issues: Issue[] = [];
  const body: Body = {};
  put(body, maxLengths.salesCreditMemo, issues, '', {
    externalDocumentNumber: toCode(draft.externalDocumentNumber),
    customerNumber: toCode(draft.customerNumber),
    creditMemoDate: draft.creditMemoDate,
    postingDate: draft.postingDate,
    currencyCode: draft.currencyCode,
    pricesIncludeTax: draft.pricesIncludeTax,
    invoiceId: draft.invoiceId,
    customerReturnReasonId: draft.returnReasonId,
  });
  body.salesCreditMemoLines = draft.lines.map((line, index) => buildLineBody(line, `lines[${index}].`, issues));
  if (draft.externalDocumentNumber.trim() === '')
    issues.push({ code: 'missing', path: 'externalDocumentNumber', message: 'the credit memo needs the hub reference' });
  if (issues.length) fail(`Sales credit memo ${draft.externalDocumentNumber}`, issues);
  return body;
}

export function buildJournalLineBody(draft: JournalLineDraft, path: string, issues: Issue[]): Body {
  const body: Body = {};
  put(body, maxLengths.journalLine, issues, path, {
    lineNumber: draft.lineNumber,
    accountType: draft.accountType ?? 'G/L Account',
    accountNumber: toCode(draft.accountNumber),
    postingDate: draft.postingDate,
    documentNumber: toCode(draft.documentNumber),
    externalDocumentNumber: draft.externalDocumentNumber === undefined ? undefined : toCode(draft.externalDocumentNumber),
    amount: amount(draft.amount, `${path}amount`, issues),
    description: draft.description,
    balanceAccountType: draft.balancingAccountNumber === undefined ? undefined : (draft.balanceAccountType ?? 'G/L Account'),
    balancingAccountNumber: draft.balancingAccountNumber === undefined ? undefined : toCode(draft.balancingAccountNumber),
  });
  return body;
}

export function buildSalesOrderPatch(patch: SalesOrderPatch): Body {
  const issues: Issue[] = [];
  const body: Body = {};
  put(body, maxLengths.salesOrder, issues, '', {
    externalDocumentNumber: patch.externalDocumentNumber === undefined ? undefined : toCode(patch.externalDocumentNumber),
    orderDate: patch.orderDate,
    requestedDeliveryDate: patch.requestedDeliveryDate,
    email: patch.email,
    phoneNumber: patch.phoneNumber,
    shipToName: patch.shipTo?.name,
    shipToAddressLine1: patch.shipTo?.addressLine1,
    shipToAddressLine2: patch.shipTo?.addressLine2,
    shipToCity: patch.shipTo?.city,
    shipToState: patch.shipTo?.state,
    shipToPostCode: patch.shipTo?.postCode,
    shipToCountry: patch.shipTo?.country === undefined ? undefined : toCode(patch.shipTo.country),
    shipmentMethodId: patch.shipmentMethodId,
    partialShipping: patch.partialShipping,
  });
  if (issues.length) fail('Sales order change', issues);
  return body;
}

export function buildSalesOrderLinePatch(patch: SalesOrderLinePatch): Body {
  const issues: Issue[] = [];
  const body: Body = {};
  put(body, maxLengths.salesOrderLine, issues, '', {
    description: patch.description,
    locationId: patch.locationId,
    itemVariantId: patch.itemVariantId,
    quantity: amount(patch.quantity, 'quantity', issues),
    unitPrice: amount(patch.unitPrice, 'unitPrice', issues),
    discountAmount: amount(patch.discountAmount, 'discountAmount', issues),
    shipQuantity: amount(patch.shipQuantity, 'shipQuantity', issues),
    invoiceQuantity: amount(patch.invoiceQuantity, 'invoiceQuantity', issues),
  });
  if (issues.length) fail('Sales order line change', issues);
  return body;
}
