/**
 * What each companion API page reads and writes in the emulator's store, as the AL pages
 * do on BC's tables: `salesOrders` (with its `salesOrderLines` part) and `purchaseOrders`
 * are views of the standard documents (the table extension fields kept internally as
 * `_shopifyOrderId`, …), item journals and item references have their own tables,
 * `stockLevels` is computed from item ledger entries, `salesDemand` (1.3) from open sales
 * order lines.
 */
import { salesOrderLinesPage, salesOrdersPage } from './companion-sales-orders.ts';
import { documentStatus, overTable, view, type CompanionPage } from './companion-view.ts';
import type { EntityContext } from './entities.ts';
import { BcHttpError, recordMissing } from './http-error.ts';
import { computeStockLevels } from './item-ledger.ts';
import { computeSalesDemand, computeStockReservations } from './sales-demand.ts';
import { itemJournalLinesTable, itemJournalsTable, postItemJournal } from './posting-journals.ts';
import { receivePurchaseOrder } from './purchasing.ts';
import {
  cashLineView,
  cashReceiptLinesTable,
  cashReceiptTemplate,
  insertCashReceiptLine,
  linesOfBatch,
  postCashReceiptBatch,
} from './cash-receipts.ts';

export { shippingAgentsTable } from './companion-sales-orders.ts';
export type { CompanionPage, View } from './companion-view.ts';

export const itemReferencesTable = 'lb.itemReferences';

const purchaseOrders: CompanionPage = {
  ...overTable('purchaseOrders', (_ctx, order) =>
    view(order, { number: order.number, vendorNumber: order.vendorNumber, status: documentStatus[String(order.status)] ?? 'Open' }),
  ),
  actions: { receive: (ctx, order) => void receivePurchaseOrder(ctx, order) },
};

const itemJournals: CompanionPage = {
  ...overTable(itemJournalsTable),
  actions: { post: (ctx, batch) => postItemJournal(ctx, batch) },
};

function prepareItemJournalLine(ctx: EntityContext, line: Record<string, unknown>): void {
  for (const field of [
    'journalTemplateName',
    'journalBatchName',
    'documentNumber',
    'externalDocumentNumber',
    'itemNumber',
    'variantCode',
    'locationCode',
  ]) {
    if (typeof line[field] === 'string') line[field] = (line[field] as string).toUpperCase();
  }
  const batch = ctx.store
    .rows(ctx.company, itemJournalsTable)
    .find((b) => b.templateName === line.journalTemplateName && b.code === line.journalBatchName);
  if (!batch)
    throw recordMissing(
      'Item Journal Batch',
      `Journal Template Name='${String(line.journalTemplateName ?? '')}',Name='${String(line.journalBatchName ?? '')}'`,
    );
  const item = line.itemNumber ? ctx.store.findBy(ctx.company, 'items', 'number', line.itemNumber) : undefined;
  if (line.itemNumber && !item) throw recordMissing('Item', `No.='${String(line.itemNumber)}'`);
  if (line.variantCode && !ctx.store.rows(ctx.company, 'itemVariants').some((v) => v.itemId === item?.id && v.code === line.variantCode)) {
    throw recordMissing('Item Variant', `Item No.='${String(line.itemNumber)}',Code='${String(line.variantCode)}'`);
  }
  if (line.locationCode && !ctx.store.findBy(ctx.company, 'locations', 'code', line.locationCode))
    throw recordMissing('Location', `Code='${String(line.locationCode)}'`);
  line.entryType ??= 'Purchase';
  line.postingDate ??= ctx.store.today();
  line.quantity ??= '0';
  for (const field of ['documentNumber', 'externalDocumentNumber', 'variantCode', 'locationCode']) line[field] ??= '';
  line.description ??= item?.displayName ?? '';
}

const itemJournalLines: CompanionPage = {
  ...overTable(itemJournalLinesTable),
  insert(ctx, values, parent) {
    const line: Record<string, unknown> = { ...values };
    if (parent) Object.assign(line, { journalTemplateName: parent.templateName, journalBatchName: parent.code });
    prepareItemJournalLine(ctx, line);
    const siblings = ctx.store
      .rows(ctx.company, itemJournalLinesTable)
      .filter((l) => l.journalTemplateName === line.journalTemplateName && l.journalBatchName === line.journalBatchName);
    line.lineNumber = siblings.reduce((max, l) => Math.max(max, Number(l.lineNumber)), 0) + 10_000;
    return ctx.store.insert(ctx.company, itemJournalLinesTable, line);
  },
  update(ctx, row, values) {
    const next = { ...row, ...values };
    prepareItemJournalLine(ctx, next);
    Object.assign(row, next);
    ctx.store.touch(row);
  },
  remove: (ctx, row) => void ctx.store.remove(ctx.company, itemJournalLinesTable, row.id),
};

/** Cash receipt batches: the standard customerPaymentJournals' rows, with their balancing account. */
const cashReceiptJournals: CompanionPage = {
  ...overTable('customerPaymentJournals', (_ctx, batch) =>
    view(batch, {
      templateName: cashReceiptTemplate,
      code: batch.code,
      description: batch.displayName ?? '',
      balancingAccountNumber: batch.balancingAccountNumber ?? '',
    }),
  ),
  actions: { post: (ctx, batch) => postCashReceiptBatch(ctx, batch) },
};

const cashLineViews = (ctx: EntityContext) =>
  ctx.store
    .rows(ctx.company, 'customerPaymentJournals')
    .flatMap((batch) => linesOfBatch(ctx, batch).map((line) => view(line.row, cashLineView(line, batch))));

/** Every line of every cash receipt batch, whichever page wrote it; inserts go through this page's rules. */
const cashReceiptLines: CompanionPage = {
  views: cashLineViews,
  find: (ctx, id) => cashLineViews(ctx).find((line) => line.id === id),
  insert: (ctx, values, parent) => insertCashReceiptLine(ctx, values, parent),
  update(ctx, row, values) {
    Object.assign(row, values);
    ctx.store.touch(row);
  },
  remove: (ctx, row) => void ctx.store.remove(ctx.company, row.journalId ? 'customerPayments' : cashReceiptLinesTable, row.id),
};

export const companionPages: Record<string, CompanionPage> = {
  cashReceiptJournals,
  cashReceiptLines,
  salesOrders: salesOrdersPage,
  salesOrderLines: salesOrderLinesPage,
  purchaseOrders,
  itemJournals,
  itemJournalLines,
  stockLevels: { views: (ctx) => computeStockLevels(ctx) },
  salesDemand: { views: (ctx) => computeSalesDemand(ctx) },
  stockReservations: { views: (ctx) => computeStockReservations(ctx) },
  itemReferences: overTable(itemReferencesTable),
};

export function pageOf(set: string): CompanionPage {
  const page = companionPages[set];
  if (!page) throw new BcHttpError(501, 'BadRequest_MethodNotImplemented', `The companion page ${set} is not implemented by the emulator.`);
  return page;
}
