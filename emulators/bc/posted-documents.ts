/**
 * The documents sales posting writes: the posted shipment (`salesShipments` + lines) and
 * the posted invoice of an order (`salesInvoices` with `orderId`/`orderNumber`, + lines).
 * Header fields are copied by name where the target type has them, as BC's TransferFields
 * copies Sales Header fields to the posted headers; the companion fields go along too.
 */
import { dec, roundMoney } from '../shared/money.ts';
import type { EntityContext } from './entities.ts';
import { entityType } from './metadata.ts';
import { recalculate } from './sales-order-lines.ts';
import { salesKinds } from './sales-kinds.ts';
import type { Row } from './store.ts';

/** What one order line posts now. */
export interface PostingLine {
  line: Row;
  quantity: string;
}

const notCopied = new Set(['id', 'number', 'status', 'lastModifiedDateTime', 'orderId', 'orderNumber', 'remainingAmount']);
/** Companion (table extension) and shipping fields that travel with posting. */
const carried = ['_vatBusGroup', '_shopifyOrderId', '_paymentTransactionId', '_shippingAgentCode', '_packageTrackingNumber'];

function copyHeader(ctx: EntityContext, typeName: string, source: Row): Record<string, unknown> {
  const type = entityType(ctx.model, typeName);
  const out: Record<string, unknown> = {};
  for (const name of type.properties.keys()) if (!notCopied.has(name) && source[name] !== undefined) out[name] = source[name];
  for (const name of carried) if (source[name] !== undefined) out[name] = source[name];
  return out;
}

const shipmentLineTypes: Record<string, string> = { Item: 'Item', Account: 'G/L Account', Comment: ' ' };

export function writeShipment(ctx: EntityContext, order: Row, posting: PostingLine[], postingDate: string): Row {
  const code = (set: string, id: unknown) => (typeof id === 'string' ? String(ctx.store.get(ctx.company, set, id)?.code ?? '') : '');
  const header = ctx.store.insert(ctx.company, 'salesShipments', {
    ...copyHeader(ctx, 'salesShipment', order),
    number: ctx.store.nextNumber(ctx.company, 'SSH'),
    orderNumber: order.number,
    postingDate,
    shipmentMethodCode: code('shipmentMethods', order.shipmentMethodId),
    paymentTermsCode: code('paymentTerms', order.paymentTermsId),
    _orderId: order.id,
  });
  for (const { line, quantity } of posting) {
    ctx.store.insert(ctx.company, 'salesShipmentLines', {
      documentId: header.id,
      documentNo: header.number,
      sequence: line.sequence,
      lineType: shipmentLineTypes[String(line.lineType)] ?? ' ',
      lineObjectNumber: line.lineObjectNumber,
      description: line.description,
      unitOfMeasureCode: line.unitOfMeasureCode,
      unitPrice: line.unitPrice,
      quantity,
      discountPercent: line.discountPercent,
      taxPercent: line.taxPercent,
      shipmentDate: postingDate,
      _itemVariantId: line.itemVariantId,
      _locationId: line.locationId,
    });
  }
  return header;
}

/** Due date from payment terms such as `0D` or `30D` (the seed's only forms). */
function dueDateOf(ctx: EntityContext, termsId: unknown, from: string): string {
  const terms = typeof termsId === 'string' ? ctx.store.get(ctx.company, 'paymentTerms', termsId) : undefined;
  const days = Number(/^(\d+)D$/.exec(String(terms?.dueDateCalculation ?? ''))?.[1] ?? 0);
  return new Date(Date.parse(`${from}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const lineFields = [
  'lineType',
  'itemId',
  'accountId',
  'lineObjectNumber',
  'description',
  'description2',
  'unitOfMeasureId',
  'unitOfMeasureCode',
  'unitPrice',
  'taxCode',
  'taxPercent',
  'itemVariantId',
  'locationId',
  'shipmentDate',
  'sequence',
];

export function writePostedInvoice(ctx: EntityContext, order: Row, posting: PostingLine[], postingDate: string): Row {
  const kind = salesKinds.invoice;
  const header: Record<string, unknown> = {
    ...copyHeader(ctx, 'salesInvoice', order),
    number: ctx.store.nextNumber(ctx.company, 'PSI'),
    status: 'Open',
    orderId: order.id,
    orderNumber: order.number,
    invoiceDate: postingDate,
    postingDate,
    dueDate: dueDateOf(ctx, order.paymentTermsId, postingDate),
  };
  const lines = posting.map(({ line, quantity }) => {
    const out: Record<string, unknown> = {};
    for (const field of lineFields) if (line[field] !== undefined) out[field] = line[field];
    const share = dec(quantity).dividedBy(dec(String(line.quantity)));
    // The line discount is invoiced in proportion to the quantity invoiced.
    out.discountAmount = roundMoney(dec(String(line.discountAmount ?? '0')).times(share), String(order.currencyCode)).toFixed();
    out.discountPercent = line.discountPercent;
    out.quantity = quantity;
    return out;
  });
  recalculate(header, lines, kind);
  header.remainingAmount = header.totalAmountIncludingTax;
  const row = ctx.store.insert(ctx.company, kind.headerSet, header);
  for (const line of lines) ctx.store.insert(ctx.company, kind.lineSet, { ...line, documentId: row.id });
  return row;
}
