/** Wire ↔ domain for the companion extension's pages (bc-extension/api-contract.json). */
import type { ErpItemJournalLine, ErpSalesOrderIntegration, ErpStockLevel, ItemJournalLineDraft, SalesOrderIntegrationFields } from '../../core/domain/erp.js';
import type { Issue } from '../../core/issues.js';
import { invalidRequest } from './errors.js';
import { toDecimalString, toInteger, toOptionalText, toText } from './json.js';
import { amount, describe, put, toCode, type Body } from './map.js';
import { companionMaxLengths, type BcCompanionSalesOrder, type BcItemJournalLine, type BcStockLevel } from './schemas-companion.js';

export function mapSalesOrderIntegration(wire: BcCompanionSalesOrder): ErpSalesOrderIntegration {
  return {
    id: wire.id, number: toText(wire.number), externalDocumentNumber: toText(wire.externalDocumentNumber), customerNumber: toText(wire.customerNumber),
    status: toText(wire.status), shopifyOrderId: toOptionalText(wire.shopifyOrderId), paymentTransactionId: toOptionalText(wire.paymentTransactionId),
    shippingAgentCode: toOptionalText(wire.shippingAgentCode), trackingNumber: toOptionalText(wire.packageTrackingNumber),
    lastModifiedDateTime: toText(wire.lastModifiedDateTime), etag: wire['@odata.etag'],
  };
}

export const mapStockLevel = (wire: BcStockLevel): ErpStockLevel => ({
  itemNumber: toText(wire.itemNumber), variantCode: toText(wire.variantCode), locationCode: toText(wire.locationCode), quantity: toDecimalString(wire.quantity),
});

export function mapItemJournalLine(wire: BcItemJournalLine): ErpItemJournalLine {
  return {
    id: wire.id, journalBatchName: toText(wire.journalBatchName), lineNumber: toInteger(wire.lineNumber), entryType: toText(wire.entryType),
    postingDate: toText(wire.postingDate), documentNumber: toText(wire.documentNumber), externalDocumentNumber: toText(wire.externalDocumentNumber),
    itemNumber: toText(wire.itemNumber), variantCode: toText(wire.variantCode), locationCode: toText(wire.locationCode),
    quantity: toDecimalString(wire.quantity), description: toText(wire.description), etag: wire['@odata.etag'],
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
  if (line.documentNumber.trim() === '') issues.push({ code: 'missing', path: `${path}documentNumber`, message: 'an adjustment needs the hub reference as its document number' });
  if (!/^\d+(\.\d+)?$/.test(line.quantity)) issues.push({ code: 'not_positive', path: `${path}quantity`, message: 'the quantity is positive; the entry type gives the direction' });
  put(body, companionMaxLengths.itemJournalLine, issues, path, {
    entryType: line.entryType, itemNumber: toCode(line.itemNumber), variantCode: line.variantCode === undefined ? undefined : toCode(line.variantCode),
    locationCode: line.locationCode === undefined ? undefined : toCode(line.locationCode), quantity: amount(line.quantity, `${path}quantity`, issues),
    postingDate: line.postingDate, documentNumber: toCode(line.documentNumber),
    externalDocumentNumber: line.externalDocumentNumber === undefined ? undefined : toCode(line.externalDocumentNumber), description: line.description,
  });
  return body;
}
