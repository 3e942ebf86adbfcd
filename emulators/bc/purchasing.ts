/**
 * Purchase orders for the receipts flow. The emulator seeds them (creating them through the
 * API is not emulated); a client may set each line's `receiveQuantity` and post the receipt
 * through the companion `receive` action (Receive = true, Invoice = false), which writes a
 * posted `purchaseReceipts` document, item ledger entries and the received quantities.
 */
import { dec } from '../shared/money.ts';
import type { EntityContext } from './entities.ts';
import { BcHttpError, dialog } from './http-error.ts';
import { addItemLedgerEntry, lineStockKeys } from './item-ledger.ts';
import type { JournalBehaviour } from './journals.ts';
import type { Row } from './store.ts';

export function purchaseLinesOf(ctx: EntityContext, order: Row): Row[] {
  return ctx.store
    .rows(ctx.company, 'purchaseOrderLines')
    .filter((line) => line.documentId === order.id)
    .sort((a, b) => Number(a.sequence) - Number(b.sequence));
}

const purchaseOrderLines: JournalBehaviour = {
  readOnly: [
    'id',
    'documentId',
    'amountExcludingTax',
    'totalTaxAmount',
    'amountIncludingTax',
    'invoiceDiscountAllocation',
    'netAmount',
    'netTaxAmount',
    'netAmountIncludingTax',
    'receivedQuantity',
    'invoicedQuantity',
    'taxPercent',
    'discountAppliedBeforeTax',
  ],
  insert() {
    throw new BcHttpError(
      405,
      'BadRequest_MethodNotAllowed',
      'Creating purchase order lines is not emulated; the sandbox seeds purchase orders.',
    );
  },
  update(ctx, row, values) {
    const allowed = new Set(['receiveQuantity', 'invoiceQuantity']);
    const other = Object.keys(values).find((key) => !allowed.has(key));
    if (other)
      throw new BcHttpError(
        405,
        'BadRequest_MethodNotAllowed',
        `Changing '${other}' on a purchase order line is not emulated; only receiveQuantity and invoiceQuantity.`,
      );
    const outstanding = dec(String(row.quantity)).minus(dec(String(row.receivedQuantity)));
    if (values.receiveQuantity !== undefined) {
      const receive = dec(String(values.receiveQuantity));
      if (receive.isNegative() || receive.greaterThan(outstanding))
        throw dialog(`You cannot receive more than ${outstanding.toFixed()} units.`);
    }
    Object.assign(row, values);
    ctx.store.touch(row);
  },
};

export const purchaseBehaviours: Record<string, JournalBehaviour> = { purchaseOrderLines };

const receiptLineTypes: Record<string, string> = { Item: 'Item', Account: 'G/L Account', Comment: ' ' };

export function receivePurchaseOrder(ctx: EntityContext, order: Row): Row {
  const lines = purchaseLinesOf(ctx, order).filter(
    (line) => line.lineType !== 'Comment' && dec(String(line.receiveQuantity ?? '0')).greaterThan(0),
  );
  if (lines.length === 0) throw dialog('There is nothing to post.');
  const postingDate = ctx.store.today();
  const copied: Record<string, unknown> = {};
  for (const field of [
    'vendorNumber',
    'vendorName',
    'payToName',
    'payToVendorNumber',
    'shipToName',
    'shipToContact',
    'currencyCode',
  ] as const)
    copied[field] = order[field];
  for (const prefix of ['buyFrom', 'payTo', 'shipTo']) {
    for (const suffix of ['AddressLine1', 'AddressLine2', 'City', 'Country', 'State', 'PostCode'])
      copied[`${prefix}${suffix}`] = order[`${prefix}${suffix}`];
  }
  const receipt = ctx.store.insert(ctx.company, 'purchaseReceipts', {
    ...copied,
    number: ctx.store.nextNumber(ctx.company, 'PRCPT'),
    orderNumber: order.number,
    postingDate,
    _orderId: order.id,
  });
  for (const line of lines) {
    const quantity = String(line.receiveQuantity);
    ctx.store.insert(ctx.company, 'purchaseReceiptLines', {
      documentId: receipt.id,
      sequence: line.sequence,
      lineType: receiptLineTypes[String(line.lineType)] ?? ' ',
      lineObjectNumber: line.lineObjectNumber,
      description: line.description,
      unitOfMeasureCode: line.unitOfMeasureCode,
      unitCost: line.directUnitCost,
      quantity,
      discountPercent: line.discountPercent ?? '0',
      taxPercent: line.taxPercent ?? '0',
      expectedReceiptDate: line.expectedReceiptDate,
    });
    if (line.lineType === 'Item') {
      addItemLedgerEntry(ctx, {
        itemNumber: String(line.lineObjectNumber),
        ...lineStockKeys(ctx, line),
        postingDate,
        entryType: 'Purchase',
        documentType: 'Purchase Receipt',
        documentNumber: String(receipt.number),
        quantity,
        sourceType: 'Vendor',
        sourceNumber: String(order.vendorNumber),
        costAmountActual: dec(quantity)
          .times(dec(String(line.directUnitCost ?? '0')))
          .toFixed(),
      });
    }
    const received = dec(String(line.receivedQuantity ?? '0')).plus(dec(quantity));
    Object.assign(line, {
      receivedQuantity: received.toFixed(),
      receiveQuantity: dec(String(line.quantity)).minus(received).toFixed(),
      invoiceQuantity: received.minus(dec(String(line.invoicedQuantity ?? '0'))).toFixed(),
    });
    ctx.store.touch(line);
  }
  const all = purchaseLinesOf(ctx, order).filter((line) => line.lineType !== 'Comment');
  order.fullyReceived = all.every((line) => dec(String(line.receivedQuantity)).greaterThanOrEqualTo(dec(String(line.quantity))));
  order.status = 'Open';
  ctx.store.touch(order);
  return receipt;
}
