/**
 * What each companion API page reads and writes in the emulator's store, as the AL pages
 * do on BC's tables: `salesOrders` and `purchaseOrders` are views of the standard documents
 * (the table extension fields kept internally as `_shopifyOrderId`, …), item journals and
 * item references have their own tables, `stockLevels` is computed from item ledger entries.
 */
import { dec } from '../../src/core/money.js';
import type { EntityContext } from './entities.js';
import { BcHttpError, dialog, recordMissing } from './http-error.js';
import { computeStockLevels } from './item-ledger.js';
import { itemJournalLinesTable, itemJournalsTable, postItemJournal } from './posting-journals.js';
import { postSalesOrder } from './posting-sales.js';
import { receivePurchaseOrder } from './purchasing.js';
import { linesOf, salesKinds } from './sales-documents.js';
import type { Row } from './store.js';

export const itemReferencesTable = 'lb.itemReferences';
export const shippingAgentsTable = 'lb.shippingAgents';

/** A companion entity as served: contract fields plus `_backing`, the row it shows. */
export type View = Row & { _backing?: Row };

export interface CompanionPage {
  views(ctx: EntityContext): View[];
  /** One entity by id without building every view (keyed requests on large tables). */
  find?(ctx: EntityContext, id: string): View | undefined;
  insert?(ctx: EntityContext, values: Record<string, unknown>, parent?: View): Row;
  update?(ctx: EntityContext, backing: Row, values: Record<string, unknown>): void;
  remove?(ctx: EntityContext, backing: Row): void;
  actions?: Record<string, (ctx: EntityContext, backing: Row) => void>;
}

/** BC's Sales/Purchase Header Status, from the standard API's mapping of it. */
const documentStatus: Record<string, string> = { Draft: 'Open', Open: 'Released', 'In Review': 'Pending Approval' };

function view(row: Row, fields: Record<string, unknown>): View {
  return { id: row.id, _seq: row._seq, _version: row._version, _backing: row, lastModifiedDateTime: row.lastModifiedDateTime, ...fields };
}

/** A page over one table: all views, or one by id, through `toView`. */
function overTable(table: string, toView: (row: Row) => View = (row) => view(row, row)): Pick<CompanionPage, 'views' | 'find'> {
  return {
    views: (ctx) => ctx.store.rows(ctx.company, table).map(toView),
    find: (ctx, id) => {
      const row = ctx.store.get(ctx.company, table, id);
      return row && toView(row);
    },
  };
}

const salesOrders: CompanionPage = {
  ...overTable('salesOrders', (order) =>
    view(order, {
      number: order.number, externalDocumentNumber: order.externalDocumentNumber, customerNumber: order.customerNumber,
      status: documentStatus[String(order.status)] ?? 'Open', shopifyOrderId: order._shopifyOrderId ?? '',
      paymentTransactionId: order._paymentTransactionId ?? '', shippingAgentCode: order._shippingAgentCode ?? '',
      packageTrackingNumber: order._packageTrackingNumber ?? '',
    }),
  ),
  update(ctx, order, values) {
    if (typeof values.shippingAgentCode === 'string' && values.shippingAgentCode !== '') {
      const code = values.shippingAgentCode.toUpperCase();
      if (!ctx.store.findBy(ctx.company, shippingAgentsTable, 'code', code)) throw recordMissing('Shipping Agent', `Code='${code}'`);
      values.shippingAgentCode = code;
    }
    // Allowed on released orders too: see LBSalesOrderAPI.Page.al (SetShippingAgent).
    for (const [field, internal] of [['shopifyOrderId', '_shopifyOrderId'], ['paymentTransactionId', '_paymentTransactionId'], ['shippingAgentCode', '_shippingAgentCode'], ['packageTrackingNumber', '_packageTrackingNumber']] as const) {
      if (values[field] !== undefined) order[internal] = values[field];
    }
    ctx.store.touch(order);
  },
  actions: {
    release(ctx, order) {
      const lines = linesOf(ctx, salesKinds.order, order).filter((line) => line.lineType !== 'Comment' && !dec(String(line.quantity)).isZero());
      if (lines.length === 0) throw dialog(`There is nothing to release for the document of type Order with the number ${String(order.number)}.`);
      if (order.status === 'Open') return;
      order.status = 'Open';
      ctx.store.touch(order);
    },
    reopen(ctx, order) {
      if (order.status === 'Draft') return;
      order.status = 'Draft';
      ctx.store.touch(order);
    },
    ship: (ctx, order) => void postSalesOrder(ctx, order, { ship: true, invoice: false }),
  },
};

const purchaseOrders: CompanionPage = {
  ...overTable('purchaseOrders', (order) => view(order, { number: order.number, vendorNumber: order.vendorNumber, status: documentStatus[String(order.status)] ?? 'Open' })),
  actions: { receive: (ctx, order) => void receivePurchaseOrder(ctx, order) },
};

const itemJournals: CompanionPage = {
  ...overTable(itemJournalsTable),
  actions: { post: (ctx, batch) => postItemJournal(ctx, batch) },
};

function prepareItemJournalLine(ctx: EntityContext, line: Record<string, unknown>): void {
  for (const field of ['journalTemplateName', 'journalBatchName', 'documentNumber', 'externalDocumentNumber', 'itemNumber', 'variantCode', 'locationCode']) {
    if (typeof line[field] === 'string') line[field] = (line[field] as string).toUpperCase();
  }
  const batch = ctx.store.rows(ctx.company, itemJournalsTable).find((b) => b.templateName === line.journalTemplateName && b.code === line.journalBatchName);
  if (!batch) throw recordMissing('Item Journal Batch', `Journal Template Name='${String(line.journalTemplateName ?? '')}',Name='${String(line.journalBatchName ?? '')}'`);
  const item = line.itemNumber ? ctx.store.findBy(ctx.company, 'items', 'number', line.itemNumber) : undefined;
  if (line.itemNumber && !item) throw recordMissing('Item', `No.='${String(line.itemNumber)}'`);
  if (line.variantCode && !ctx.store.rows(ctx.company, 'itemVariants').some((v) => v.itemId === item?.id && v.code === line.variantCode)) {
    throw recordMissing('Item Variant', `Item No.='${String(line.itemNumber)}',Code='${String(line.variantCode)}'`);
  }
  if (line.locationCode && !ctx.store.findBy(ctx.company, 'locations', 'code', line.locationCode)) throw recordMissing('Location', `Code='${String(line.locationCode)}'`);
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
    const siblings = ctx.store.rows(ctx.company, itemJournalLinesTable).filter((l) => l.journalTemplateName === line.journalTemplateName && l.journalBatchName === line.journalBatchName);
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

export const companionPages: Record<string, CompanionPage> = {
  salesOrders,
  purchaseOrders,
  itemJournals,
  itemJournalLines,
  stockLevels: { views: (ctx) => computeStockLevels(ctx) },
  itemReferences: overTable(itemReferencesTable),
};

export function pageOf(set: string): CompanionPage {
  const page = companionPages[set];
  if (!page) throw new BcHttpError(501, 'BadRequest_MethodNotImplemented', `The companion page ${set} is not implemented by the emulator.`);
  return page;
}
