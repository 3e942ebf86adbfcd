/**
 * Sales invoices and credit memos: created as drafts with their lines in one deep insert,
 * looked up first by the hub's reference (`externalDocumentNumber`) and adopted if an earlier
 * attempt made them, then posted with `Microsoft.NAV.post`. A post whose answer was lost is
 * settled by reading the document's status, never by posting again.
 */
import type { EnsureResult, ErpSalesCreditMemo, ErpSalesInvoice, SalesCreditMemoDraft, SalesInvoiceDraft } from '../../core/domain/erp.ts';
import {
  chunked,
  createOrAdopt,
  getUnderCompany,
  keyOf,
  listUnderCompany,
  sendUnderCompany,
  settlePosting,
  type ConnectorContext,
} from './context.ts';
import { invalidRequest } from './errors.ts';
import { toCode } from './map.ts';
import { buildSalesCreditMemoBody, buildSalesInvoiceBody, mapSalesCreditMemo, mapSalesInvoice } from './map-documents.ts';
import { buildQuery, eq, or } from './odata.ts';
import { selects } from './schemas.ts';
import { documentSelects, type BcSalesCreditMemo, type BcSalesInvoice } from './schemas-documents.ts';

export interface SalesDocuments {
  findSalesInvoicesByExternalDocumentNumber(reference: string): Promise<ErpSalesInvoice[]>;
  getSalesInvoice(id: string, options?: { expandLines?: boolean }): Promise<ErpSalesInvoice | undefined>;
  /** A draft invoice; an earlier attempt with the same reference is adopted instead. */
  createSalesInvoice(draft: SalesInvoiceDraft): Promise<EnsureResult<ErpSalesInvoice>>;
  postSalesInvoice(id: string): Promise<ErpSalesInvoice>;
  /** A draft credit memo with its lines; an earlier attempt with the same reference is adopted instead. */
  createSalesCreditMemo(draft: SalesCreditMemoDraft): Promise<EnsureResult<ErpSalesCreditMemo>>;
  findSalesCreditMemosByExternalDocumentNumber(reference: string): Promise<ErpSalesCreditMemo[]>;
  /** The credit memos of many references: one paged read per 20 (BC's `or` on one field). */
  findSalesCreditMemosByExternalDocumentNumbers(references: string[]): Promise<ErpSalesCreditMemo[]>;
  getSalesCreditMemo(id: string, options?: { expandLines?: boolean }): Promise<ErpSalesCreditMemo | undefined>;
  postSalesCreditMemo(id: string): Promise<ErpSalesCreditMemo>;
}

interface Kind<W, D> {
  set: string;
  lines: string;
  select: readonly string[];
  lineSelect: readonly string[];
  map(wire: W): D;
}

const invoices: Kind<BcSalesInvoice, ErpSalesInvoice> = {
  set: 'salesInvoices',
  lines: 'salesInvoiceLines',
  select: documentSelects.salesInvoice,
  lineSelect: selects.salesInvoiceLine,
  map: mapSalesInvoice,
};
const creditMemos: Kind<BcSalesCreditMemo, ErpSalesCreditMemo> = {
  set: 'salesCreditMemos',
  lines: 'salesCreditMemoLines',
  select: documentSelects.salesCreditMemo,
  lineSelect: selects.salesCreditMemoLine,
  map: mapSalesCreditMemo,
};

export function createSalesDocuments(ctx: ConnectorContext): SalesDocuments {
  function operations<W, D extends { number: string; status: string }>(kind: Kind<W, D>) {
    const expand = [{ property: kind.lines, select: kind.lineSelect }];
    const find = async (reference: string) => {
      const code = toCode(reference);
      if (code === '' || code.length > 35) return [];
      const query = buildQuery({ filter: eq('externalDocumentNumber', code), select: kind.select, expand });
      return (await listUnderCompany<W>(ctx, `${kind.set}${query}`)).map(kind.map).sort((a, b) => a.number.localeCompare(b.number));
    };
    const findMany = async (references: string[]) => {
      const codes = [...new Set(references.map(toCode))].filter((code) => code !== '' && code.length <= 35);
      const found: D[] = [];
      for (const group of chunked(codes)) {
        const query = buildQuery({ filter: or(...group.map((code) => eq('externalDocumentNumber', code))), select: kind.select, expand });
        found.push(...(await listUnderCompany<W>(ctx, `${kind.set}${query}`)).map(kind.map));
      }
      return found;
    };
    const get = async (id: string, expandLines = false) => {
      const wire = await getUnderCompany<W>(
        ctx,
        `${kind.set}(${keyOf(id)})${buildQuery({ select: kind.select, expand: expandLines ? expand : undefined })}`,
      );
      return wire && kind.map(wire);
    };
    const create = (reference: string, body: Record<string, unknown>) =>
      createOrAdopt({
        // A reference may be reused by hand in BC: adopt only drafts or documents this hub made, the oldest first.
        lookup: async () => (await find(reference))[0],
        create: async () => kind.map(await sendUnderCompany<W>(ctx, 'POST', `${kind.set}${buildQuery({ expand })}`, { body })),
      });
    const post = async (id: string) => {
      const current = await get(id);
      if (!current)
        throw invalidRequest(`${kind.set} ${id} does not exist in Business Central`, [
          { code: 'not_found', path: 'id', message: 'no such document' },
        ]);
      if (current.status === 'Draft') {
        await settlePosting(
          () => sendUnderCompany(ctx, 'POST', `${kind.set}(${keyOf(id)})/Microsoft.NAV.post`),
          async () => (await get(id))?.status !== 'Draft',
        );
      }
      return (await get(id, true))!;
    };
    return { find, findMany, get, create, post };
  }

  const invoice = operations(invoices);
  const memo = operations(creditMemos);
  return {
    findSalesInvoicesByExternalDocumentNumber: invoice.find,
    getSalesInvoice: (id, options) => invoice.get(id, options?.expandLines),
    createSalesInvoice: (draft) => invoice.create(draft.externalDocumentNumber, buildSalesInvoiceBody(draft)),
    postSalesInvoice: invoice.post,
    createSalesCreditMemo: (draft) => memo.create(draft.externalDocumentNumber, buildSalesCreditMemoBody(draft)),
    findSalesCreditMemosByExternalDocumentNumber: memo.find,
    findSalesCreditMemosByExternalDocumentNumbers: memo.findMany,
    getSalesCreditMemo: (id, options) => memo.get(id, options?.expandLines),
    postSalesCreditMemo: memo.post,
  };
}
