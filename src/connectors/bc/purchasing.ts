/**
 * Purchase orders and receipts for the receipts flow, and item ledger entries. Receiving is
 * the companion `receive` action (Receive = true, Invoice = false) after each line's
 * quantity to receive is set; a lost answer is settled by looking for the new receipt.
 */
import type { ErpItemLedgerEntry, ErpPurchaseOrder, ErpPurchaseReceipt, ReceivePurchaseOrderRequest } from '../../core/domain/erp.ts';
import { dec } from '../../core/money.ts';
import { sendBatch, chunk, type BatchOperation } from './batch.ts';
import {
  companyPath,
  getUnderCompany,
  keyOf,
  listUnderCompany,
  sendUnderCompany,
  settlePosting,
  type ConnectorContext,
} from './context.ts';
import { invalidRequest } from './errors.ts';
import { isDecimalText, jsonDecimal } from './json.ts';
import { toCode } from './map.ts';
import { mapItemLedgerEntry, mapPurchaseOrder, mapPurchaseReceipt } from './map-documents.ts';
import { and, buildQuery, eq, gt, type Filter } from './odata.ts';
import { iterateEntities } from './paging.ts';
import { documentSelects, type BcItemLedgerEntry, type BcPurchaseOrder, type BcPurchaseReceipt } from './schemas-documents.ts';

export interface ItemLedgerQuery {
  itemNumber?: string;
  /** Only entries after this entry number: a cursor that never misses or repeats one. */
  afterEntryNumber?: number;
  pageSize?: number;
}

export interface Purchasing {
  /** Purchase orders, optionally only released ones (API status `Open`). */
  listPurchaseOrders(options?: { releasedOnly?: boolean }): Promise<ErpPurchaseOrder[]>;
  getPurchaseOrder(id: string, options?: { expandLines?: boolean }): Promise<ErpPurchaseOrder | undefined>;
  findPurchaseReceiptsByOrderNumber(orderNumber: string): Promise<ErpPurchaseReceipt[]>;
  getPurchaseReceipt(id: string): Promise<ErpPurchaseReceipt | undefined>;
  /** Companion: sets each line's quantity to receive (lines not named receive nothing) and posts the receipt only. */
  receivePurchaseOrder(id: string, request: ReceivePurchaseOrderRequest): Promise<ErpPurchaseReceipt[]>;
  /** Item ledger entries in entry order, page by page (BC serves no location or variant here). */
  listItemLedgerEntries(query?: ItemLedgerQuery): AsyncIterable<ErpItemLedgerEntry>;
}

const lineExpand = [{ property: 'purchaseOrderLines', select: documentSelects.purchaseOrderLine }];

export function createPurchasing(ctx: ConnectorContext): Purchasing {
  const getPurchaseOrder = async (id: string, expandLines = false) => {
    const wire = await getUnderCompany<BcPurchaseOrder>(
      ctx,
      `purchaseOrders(${keyOf(id)})${buildQuery({ select: documentSelects.purchaseOrder, expand: expandLines ? lineExpand : undefined })}`,
    );
    return wire && mapPurchaseOrder(wire);
  };
  const findReceipts = async (orderNumber: string) => {
    const query = buildQuery({
      filter: eq('orderNumber', toCode(orderNumber)),
      select: documentSelects.purchaseReceipt,
      expand: [{ property: 'purchaseReceiptLines', select: documentSelects.purchaseReceiptLine }],
    });
    return (await listUnderCompany<BcPurchaseReceipt>(ctx, `purchaseReceipts${query}`)).map(mapPurchaseReceipt);
  };

  return {
    async listPurchaseOrders({ releasedOnly = false } = {}) {
      const query = buildQuery({ filter: releasedOnly ? eq('status', 'Open') : undefined, select: documentSelects.purchaseOrder });
      return (await listUnderCompany<BcPurchaseOrder>(ctx, `purchaseOrders${query}`)).map(mapPurchaseOrder);
    },

    getPurchaseOrder: (id, options) => getPurchaseOrder(id, options?.expandLines),
    findPurchaseReceiptsByOrderNumber: findReceipts,

    async getPurchaseReceipt(id) {
      const query = buildQuery({
        select: documentSelects.purchaseReceipt,
        expand: [{ property: 'purchaseReceiptLines', select: documentSelects.purchaseReceiptLine }],
      });
      const wire = await getUnderCompany<BcPurchaseReceipt>(ctx, `purchaseReceipts(${keyOf(id)})${query}`);
      return wire && mapPurchaseReceipt(wire);
    },

    async receivePurchaseOrder(id, request) {
      await ctx.capabilities.require('purchaseReceive');
      const order = await getPurchaseOrder(id, true);
      if (!order)
        throw invalidRequest(`Purchase order ${id} does not exist in Business Central`, [
          { code: 'not_found', path: 'id', message: 'no such order' },
        ]);
      const wanted = new Map(request.lines.map((line) => [line.lineId.toLowerCase(), line.quantity]));
      const operations: BatchOperation[] = [];
      for (const line of order.lines ?? []) {
        const quantity = wanted.get(line.id) ?? '0';
        const outstanding = dec(line.quantity).minus(dec(line.receivedQuantity));
        if (!isDecimalText(quantity) || dec(quantity).greaterThan(outstanding)) {
          throw invalidRequest(
            `Purchase order ${order.number} line ${line.sequence}: cannot receive ${quantity} of ${outstanding.toFixed()} outstanding`,
            [{ code: 'too_many', path: `lines.${line.id}`, message: 'more than outstanding' }],
          );
        }
        if (!dec(quantity).equals(dec(line.receiveQuantity))) {
          operations.push({
            method: 'PATCH',
            path: await companyPath(ctx, `purchaseOrders(${keyOf(id)})/purchaseOrderLines(${line.id})`),
            body: { receiveQuantity: jsonDecimal(quantity) },
            ifMatch: line.etag ?? '*',
          });
        }
      }
      const before = new Set((await findReceipts(order.number)).map((receipt) => receipt.id));
      for (const group of chunk(operations)) {
        const failed = (await sendBatch(ctx.client, group, { lane: ctx.lane })).find((result) => !result.ok);
        if (failed) throw failed.error ?? invalidRequest(`BC did not set the quantity to receive (operation ${failed.id})`, []);
      }
      const received = async () => (await findReceipts(order.number)).filter((receipt) => !before.has(receipt.id));
      await settlePosting(
        () => sendUnderCompany(ctx, 'POST', `purchaseOrders(${keyOf(id)})/Microsoft.NAV.receive`, { api: 'companion' }),
        async () => (await received()).length > 0,
      );
      return received();
    },

    async *listItemLedgerEntries({ itemNumber, afterEntryNumber, pageSize } = {}) {
      const filters: Filter[] = [];
      if (itemNumber !== undefined) filters.push(eq('itemNumber', toCode(itemNumber)));
      if (afterEntryNumber !== undefined) filters.push(gt('entryNumber', afterEntryNumber));
      const query = buildQuery({
        filter: filters.length ? and(...filters) : undefined,
        select: documentSelects.itemLedgerEntry,
        orderBy: [{ field: 'entryNumber' }],
      });
      const path = await companyPath(ctx, `itemLedgerEntries${query}`);
      for await (const entry of iterateEntities<BcItemLedgerEntry>(ctx.client, { path, lane: ctx.lane }, { pageSize }))
        yield mapItemLedgerEntry(entry);
    },
  };
}
