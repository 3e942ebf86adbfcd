/**
 * Sales posting as BC's Sales-Post does it, for what the hub uses:
 *  - an order with Ship and/or Invoice: each line's `shipQuantity` / `invoiceQuantity`
 *    posts a shipment and/or an invoice; the order is released by posting, its lines'
 *    shipped/invoiced quantities grow, and a fully shipped and invoiced order is deleted;
 *  - a draft invoice or credit memo: it becomes posted (`Open`), renumbered from the posted
 *    series, with the same id; a credit memo applied to an invoice reduces what is open.
 * Every item line that moves stock writes an item ledger entry. Nothing to post is an error.
 */
import { Decimal, dec } from '../shared/money.ts';
import type { EntityContext } from './entities.ts';
import { dialog } from './http-error.ts';
import { addItemLedgerEntry, lineStockKeys } from './item-ledger.ts';
import { writePostedInvoice, writeShipment, type PostingLine } from './posted-documents.ts';
import { linesOf, refreshDocument, removeDocument, salesKinds, type SalesDocumentKind } from './sales-documents.ts';
import type { Row } from './store.ts';

const nothingToPost = () => dialog('There is nothing to post.');

export function postSalesOrder(
  ctx: EntityContext,
  order: Row,
  mode: { ship: boolean; invoice: boolean },
): { shipment?: Row; invoice?: Row } {
  const kind = salesKinds.order;
  const lines = linesOf(ctx, kind, order).filter((line) => line.lineType !== 'Comment');
  const toShip: PostingLine[] = [];
  const toInvoice: PostingLine[] = [];
  for (const line of lines) {
    const ship = mode.ship ? dec(String(line.shipQuantity)) : new Decimal(0);
    const invoice = mode.invoice ? dec(String(line.invoiceQuantity)) : new Decimal(0);
    const shippedAfter = dec(String(line.shippedQuantity)).plus(ship);
    // Sign-aware, as BC's own checks: a negative line (a deduction) posts negative quantities.
    if (invoice.abs().greaterThan(shippedAfter.minus(dec(String(line.invoicedQuantity))).abs())) {
      throw dialog(`You cannot invoice more than you have shipped for order ${String(order.number)} line ${String(line.sequence)}.`);
    }
    if (!ship.isZero()) toShip.push({ line, quantity: ship.toFixed() });
    if (!invoice.isZero()) toInvoice.push({ line, quantity: invoice.toFixed() });
  }
  if (toShip.length === 0 && toInvoice.length === 0) throw nothingToPost();
  const postingDate = String(order.postingDate ?? ctx.store.today());
  const result: { shipment?: Row; invoice?: Row } = {};
  if (toShip.length > 0) {
    result.shipment = writeShipment(ctx, order, toShip, postingDate);
    for (const { line, quantity } of toShip) {
      if (line.lineType !== 'Item') continue;
      addItemLedgerEntry(ctx, {
        itemNumber: String(line.lineObjectNumber),
        ...lineStockKeys(ctx, line),
        postingDate,
        entryType: 'Sale',
        documentType: 'Sales Shipment',
        documentNumber: String(result.shipment.number),
        quantity: dec(quantity).negated().toFixed(),
        sourceType: 'Customer',
        sourceNumber: String(order.customerNumber),
        description: String(line.description ?? ''),
      });
    }
  }
  if (toInvoice.length > 0) result.invoice = writePostedInvoice(ctx, order, toInvoice, postingDate);
  advanceLines(ctx, toShip, toInvoice);
  // Posting releases the order (API status `Open`); fully posted, BC deletes it.
  order.status = 'Open';
  const done =
    lines.length > 0 &&
    lines.every((line) => {
      const quantity = dec(String(line.quantity));
      return dec(String(line.shippedQuantity)).equals(quantity) && dec(String(line.invoicedQuantity)).equals(quantity);
    });
  if (done && mode.invoice) removeDocument(ctx, kind, order);
  else refreshDocument(ctx, kind, order);
  return result;
}

/** Moves posted quantities into shipped/invoiced and re-initialises what to post next. */
function advanceLines(ctx: EntityContext, shipped: PostingLine[], invoiced: PostingLine[]): void {
  const touched = new Set<Row>();
  for (const { line, quantity } of shipped) {
    line.shippedQuantity = dec(String(line.shippedQuantity)).plus(dec(quantity)).toFixed();
    touched.add(line);
  }
  for (const { line, quantity } of invoiced) {
    line.invoicedQuantity = dec(String(line.invoicedQuantity)).plus(dec(quantity)).toFixed();
    touched.add(line);
  }
  for (const line of touched) {
    const outstanding = dec(String(line.quantity)).minus(dec(String(line.shippedQuantity)));
    line.shipQuantity = outstanding.toFixed();
    line.invoiceQuantity = dec(String(line.shippedQuantity))
      .plus(outstanding)
      .minus(dec(String(line.invoicedQuantity)))
      .toFixed();
    ctx.store.touch(line);
  }
}

/** Posts a draft invoice or credit memo in place: same id, posted number, status `Open`. */
export function postSalesDraft(ctx: EntityContext, kind: SalesDocumentKind, header: Row): void {
  if (header.status !== 'Draft') throw dialog(`Sales ${kind.documentType} ${String(header.number)} has already been posted.`);
  const lines = linesOf(ctx, kind, header).filter((line) => line.lineType !== 'Comment' && !dec(String(line.quantity)).isZero());
  if (lines.length === 0) throw nothingToPost();
  const postingDate = String(header.postingDate ?? ctx.store.today());
  const number = ctx.store.nextNumber(ctx.company, kind.postedSeries!);
  const isCreditMemo = kind.headerSet === 'salesCreditMemos';
  if (isCreditMemo && typeof header.invoiceId === 'string') checkInvoiceOpen(ctx, header);
  for (const line of lines) {
    if (line.lineType !== 'Item') continue;
    const quantity = dec(String(line.quantity));
    addItemLedgerEntry(ctx, {
      itemNumber: String(line.lineObjectNumber),
      ...lineStockKeys(ctx, line),
      postingDate,
      entryType: 'Sale',
      documentType: isCreditMemo ? 'Sales Credit Memo' : 'Sales Invoice',
      documentNumber: number,
      quantity: (isCreditMemo ? quantity : quantity.negated()).toFixed(),
      sourceType: 'Customer',
      sourceNumber: String(header.customerNumber),
      salesAmountActual: (isCreditMemo ? dec(String(line.amountExcludingTax)).negated() : dec(String(line.amountExcludingTax))).toFixed(),
    });
  }
  Object.assign(header, { number, status: 'Open', postingDate });
  if (!isCreditMemo) header.remainingAmount = header.totalAmountIncludingTax;
  if (isCreditMemo && typeof header.invoiceId === 'string') applyToInvoice(ctx, header);
  ctx.store.touch(header);
}

/**
 * A memo's Applies-to invoice must be an open customer ledger entry when it posts: BC's
 * GenJnlPostLine looks for it with Open = true and fails otherwise (a paid invoice cannot
 * take a credit memo; the memo must then be posted unapplied).
 */
function checkInvoiceOpen(ctx: EntityContext, memo: Row): void {
  const invoice = ctx.store.get(ctx.company, 'salesInvoices', String(memo.invoiceId));
  if (!invoice) return;
  if (invoice.status === 'Draft' || dec(String(invoice.remainingAmount ?? '0')).isZero())
    throw dialog(
      `The Cust. Ledger Entry does not exist. Identification fields and values: Document Type='Invoice',Document No.='${String(invoice.number)}',Customer No.='${String(memo.customerNumber)}',Open='Yes'`,
    );
}

/**
 * A credit memo applied to an invoice closes as much of it as the memo covers; what the memo
 * has left stays open on it (the customer's credit), as BC applies the smaller amount.
 */
function applyToInvoice(ctx: EntityContext, memo: Row): void {
  const invoice = ctx.store.get(ctx.company, 'salesInvoices', String(memo.invoiceId));
  if (!invoice) return;
  const open = dec(String(invoice.remainingAmount ?? invoice.totalAmountIncludingTax));
  const applied = Decimal.min(open, dec(String(memo.totalAmountIncludingTax)));
  invoice.remainingAmount = open.minus(applied).toFixed();
  if (open.minus(applied).isZero()) invoice.status = 'Paid';
  const memoLeft = dec(String(memo.totalAmountIncludingTax)).minus(applied);
  memo._remainingAmount = memoLeft.negated().toFixed();
  if (memoLeft.isZero()) memo.status = 'Paid';
  ctx.store.touch(invoice);
}
