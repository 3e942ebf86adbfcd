/**
 * Sales orders on the standard API: one deep insert per order (the steady-state path of the
 * orders flow, with no lookup: the flow's ledger knows when there is doubt), an idempotent
 * `ensureSalesOrder` for callers without such a ledger, reads, changes with If-Match, lines,
 * and `shipAndInvoice`, whose outcome after a lost answer is settled by reading the invoices.
 *
 * A draft carrying `integration` fields is created through the companion extension's
 * `salesOrders` page instead, when the tenant's extension can (feature `salesOrderCreate`):
 * header, lines and fields in one request, the same order the standard API then shows. The
 * page takes codes where the standard API takes ids; they come from the cached reference
 * data, and a draft whose ids are not all known there, or that names a currency (the page
 * takes BC's Currency Code as is, the standard API maps the local one), goes the standard way.
 * A draft with `customerByEmail` (extension 1.3, `salesOrderCustomerByEmail`) can only go the
 * companion way: the page finds or creates the customer inside the same insert.
 */
import type {
  EnsureResult,
  ErpSalesInvoice,
  ErpSalesOrder,
  ErpSalesOrderLine,
  ErpShipAndInvoiceResult,
  SalesOrderDraft,
  SalesOrderLineDraft,
  SalesOrderLinePatch,
  SalesOrderPatch,
} from '../../core/domain/erp.ts';
import type { Issue } from '../../core/issues.ts';
import {
  chunked,
  createOrAdopt,
  getUnderCompany,
  keyOf,
  listUnderCompany,
  rememberEtag,
  sendUnderCompany,
  settlePosting,
  type ConnectorContext,
} from './context.ts';
import { invalidRequest } from './errors.ts';
import { buildLineBody, buildSalesOrderBody, describe, mapSalesOrder, mapSalesOrderLine, toCode } from './map.ts';
import { buildCompanionSalesOrderBody, mapCompanionSalesOrder, type CompanionCodes } from './map-companion.ts';
import type { MasterData } from './master-data.ts';
import { buildSalesOrderLinePatch, buildSalesOrderPatch, mapSalesInvoice } from './map-documents.ts';
import { buildQuery, dateTime, eq, gt, or } from './odata.ts';
import { maxLengths, selects, type BcSalesOrder, type BcSalesOrderLine } from './schemas.ts';
import { companionSelects, type BcCompanionSalesOrderCreated } from './schemas-companion.ts';
import { documentSelects, type BcSalesInvoice } from './schemas-documents.ts';

export interface GetSalesOrderOptions {
  expandLines?: boolean;
}

export interface SalesOrders {
  /** Sales orders carrying this reference (upper-cased, as BC stores it); 0..n. */
  findSalesOrdersByExternalDocumentNumber(reference: string): Promise<ErpSalesOrder[]>;
  /**
   * One deep insert of header and lines, no lookup first: for callers that track doubt
   * themselves. With `draft.integration` and the companion's `salesOrderCreate`, through the
   * companion page with the fields in the same request (`integrationWritten: true`).
   */
  createSalesOrder(draft: SalesOrderDraft): Promise<ErpSalesOrder>;
  /**
   * Companion 1.3: the same one-request create, its customer found by `customerByEmail.email`
   * or created from it inside BC's insert (no lookup first, no race between orders).
   */
  createSalesOrderResolvingCustomer(
    draft: SalesOrderDraft & { customerByEmail: NonNullable<SalesOrderDraft['customerByEmail']> },
  ): Promise<ErpSalesOrder>;
  /** Whether this tenant's companion takes `customerByEmail` (probed once; asked again after a failed probe). */
  resolvesCustomersInOrders(): Promise<boolean>;
  /** Looks the reference up first and adopts what it finds (the oldest); creates otherwise. */
  ensureSalesOrder(draft: SalesOrderDraft): Promise<EnsureResult<ErpSalesOrder>>;
  getSalesOrder(id: string, options?: GetSalesOrderOptions): Promise<ErpSalesOrder | undefined>;
  updateSalesOrder(id: string, etag: string, patch: SalesOrderPatch): Promise<ErpSalesOrder>;
  /** Deletes an unposted order; without an etag the current one is read first. */
  deleteSalesOrder(id: string, etag?: string): Promise<void>;
  addSalesOrderLine(orderId: string, line: SalesOrderLineDraft): Promise<ErpSalesOrderLine>;
  updateSalesOrderLine(orderId: string, lineId: string, etag: string, patch: SalesOrderLinePatch): Promise<ErpSalesOrderLine>;
  deleteSalesOrderLine(orderId: string, lineId: string, etag: string): Promise<void>;
  /** Posts shipment and invoice for each line's shipQuantity/invoiceQuantity; BC deletes a fully posted order. */
  shipAndInvoice(id: string): Promise<ErpShipAndInvoiceResult>;
  findSalesInvoicesByOrderNumber(orderNumber: string): Promise<ErpSalesInvoice[]>;
  /** The sales orders still in BC with these numbers (without lines): one paged read per 20 numbers. */
  findSalesOrdersByNumbers(numbers: string[]): Promise<ErpSalesOrder[]>;
  /** The invoices of many orders: one paged read per 20 order numbers (BC's `or` on one field). */
  findSalesInvoicesByOrderNumbers(orderNumbers: string[]): Promise<ErpSalesInvoice[]>;
  /** Which orders' invoices changed (posted, paid, corrected) after `since`, BC's time: one paged read. */
  listSalesInvoicesModifiedSince(since: string): Promise<InvoiceChange[]>;
}

export interface InvoiceChange {
  orderNumber: string;
  lastModifiedDateTime: string;
}

const linesExpand = [{ property: 'salesOrderLines', select: selects.salesOrderLine }];
const companionLinesExpand = [{ property: 'salesOrderLines', select: companionSelects.salesOrderLine }];
const byNumber = (a: { number: string }, b: { number: string }) => a.number.localeCompare(b.number);

/** What the companion create needs from the reference data: codes for the draft's ids. */
export type CodeLookups = Pick<MasterData, 'listLocations' | 'listShipmentMethods' | 'getItemVariant'>;

export function createSalesOrders(ctx: ConnectorContext, lookups: CodeLookups): SalesOrders {
  const seen = (order: ErpSalesOrder) => (rememberEtag(ctx, order.id, order.etag), order);

  /** The draft's ids as codes, or undefined when one is unknown (the standard create then says why). */
  const codesFor = async (draft: SalesOrderDraft): Promise<CompanionCodes | undefined> => {
    const codeOf = (list: { id: string; code: string }[], id: string) =>
      list.find((entry) => entry.id.toLowerCase() === id.toLowerCase())?.code;
    const shipmentMethodCode =
      draft.shipmentMethodId === undefined ? undefined : codeOf(await lookups.listShipmentMethods(), draft.shipmentMethodId);
    if (draft.shipmentMethodId !== undefined && shipmentMethodCode === undefined) return undefined;
    const locations = draft.lines.some((line) => line.locationId !== undefined) ? await lookups.listLocations() : [];
    const lines: CompanionCodes['lines'] = [];
    for (const line of draft.lines) {
      const locationCode = line.locationId === undefined ? undefined : codeOf(locations, line.locationId);
      const variantCode = line.itemVariantId === undefined ? undefined : (await lookups.getItemVariant(line.itemVariantId))?.code;
      if ((line.locationId !== undefined && locationCode === undefined) || (line.itemVariantId !== undefined && variantCode === undefined))
        return undefined;
      lines.push({ ...(locationCode === undefined ? {} : { locationCode }), ...(variantCode === undefined ? {} : { variantCode }) });
    }
    return { ...(shipmentMethodCode === undefined ? {} : { shipmentMethodCode }), lines };
  };

  /** One request on the companion page; a lost answer stays a ConnectorError with outcomeUnknown. */
  const createWithIntegration = async (draft: SalesOrderDraft): Promise<ErpSalesOrder | undefined> => {
    if (draft.customerByEmail) return createWithCustomer(draft);
    // The companion page takes the currency code as the standard API does (LBSalesOrderAPI).
    if (!draft.integration) return undefined;
    // A probe that fails now is tried again on the next create; this one goes the standard way.
    const capabilities = await ctx.capabilities.get().catch(() => undefined);
    if (!capabilities?.salesOrderCreate) return undefined;
    const codes = await codesFor(draft);
    if (!codes) {
      ctx.logger.debug(
        { reference: draft.externalDocumentNumber },
        'bc: an id of the draft has no code in the reference data; creating through the standard API',
      );
      return undefined;
    }
    return postCompanion(draft, codes);
  };

  /** The customer resolved in the insert: no standard fallback, so every gap is an error. */
  const createWithCustomer = async (draft: SalesOrderDraft): Promise<ErpSalesOrder> => {
    await ctx.capabilities.require('salesOrderCustomerByEmail');
    const codes = await codesFor(draft);
    if (!codes)
      throw invalidRequest(
        `Sales order ${draft.externalDocumentNumber} cannot resolve its customer in Business Central: every shipment method, location and variant must have a code in BC`,
        [
          {
            code: 'unsupported',
            path: 'customerByEmail',
            message: 'the draft needs the standard API, which cannot resolve a customer by e-mail',
          },
        ],
      );
    return postCompanion(draft, codes);
  };

  const postCompanion = async (draft: SalesOrderDraft, codes: CompanionCodes): Promise<ErpSalesOrder> => {
    const body = buildCompanionSalesOrderBody(draft, codes);
    const wire = await sendUnderCompany<BcCompanionSalesOrderCreated>(
      ctx,
      'POST',
      `salesOrders${buildQuery({ expand: companionLinesExpand })}`,
      { body, api: 'companion' },
    );
    return { ...mapCompanionSalesOrder(wire), integrationWritten: true };
  };

  const findByReference = async (reference: string) => {
    const code = toCode(reference);
    // Longer than BC's Code[35] cannot have been stored: nothing to find.
    if (code === '' || code.length > maxLengths.salesOrder.externalDocumentNumber) return [];
    const query = buildQuery({ filter: eq('externalDocumentNumber', code), select: selects.salesOrder });
    return (await listUnderCompany<BcSalesOrder>(ctx, `salesOrders${query}`)).map(mapSalesOrder).map(seen);
  };

  const create = async (draft: SalesOrderDraft) => {
    const companion = await createWithIntegration(draft);
    if (companion) return seen(companion);
    const body = buildSalesOrderBody(draft);
    return seen(
      mapSalesOrder(await sendUnderCompany<BcSalesOrder>(ctx, 'POST', `salesOrders${buildQuery({ expand: linesExpand })}`, { body })),
    );
  };

  const getSalesOrder = async (id: string, { expandLines = false }: GetSalesOrderOptions = {}) => {
    const query = buildQuery({ select: selects.salesOrder, expand: expandLines ? linesExpand : undefined });
    const wire = await getUnderCompany<BcSalesOrder>(ctx, `salesOrders(${keyOf(id)})${query}`);
    return wire && seen(mapSalesOrder(wire));
  };

  const findSalesInvoicesByOrderNumber = async (orderNumber: string) => {
    const query = buildQuery({
      filter: eq('orderNumber', toCode(orderNumber)),
      select: documentSelects.salesInvoice,
      expand: [{ property: 'salesInvoiceLines', select: selects.salesInvoiceLine }],
    });
    return (await listUnderCompany<BcSalesInvoice>(ctx, `salesInvoices${query}`)).map(mapSalesInvoice);
  };

  const findSalesOrdersByNumbers = async (numbers: string[]) => {
    const found: ErpSalesOrder[] = [];
    for (const group of chunked([...new Set(numbers.map(toCode))])) {
      const query = buildQuery({ filter: or(...group.map((number) => eq('number', number))), select: selects.salesOrder });
      found.push(...(await listUnderCompany<BcSalesOrder>(ctx, `salesOrders${query}`)).map((wire) => seen(mapSalesOrder(wire))));
    }
    return found;
  };

  const findSalesInvoicesByOrderNumbers = async (orderNumbers: string[]) => {
    const found: ErpSalesInvoice[] = [];
    for (const group of chunked([...new Set(orderNumbers.map(toCode))])) {
      const query = buildQuery({
        filter: or(...group.map((number) => eq('orderNumber', number))),
        select: documentSelects.salesInvoice,
        expand: [{ property: 'salesInvoiceLines', select: selects.salesInvoiceLine }],
      });
      found.push(...(await listUnderCompany<BcSalesInvoice>(ctx, `salesInvoices${query}`)).map(mapSalesInvoice));
    }
    return found;
  };

  const listSalesInvoicesModifiedSince = async (since: string): Promise<InvoiceChange[]> => {
    const query = buildQuery({ filter: gt('lastModifiedDateTime', dateTime(since)), select: ['orderNumber', 'lastModifiedDateTime'] });
    const rows = await listUnderCompany<{ orderNumber?: string | null; lastModifiedDateTime: string }>(ctx, `salesInvoices${query}`);
    return rows.map((row) => ({ orderNumber: row.orderNumber ?? '', lastModifiedDateTime: row.lastModifiedDateTime }));
  };

  const linePath = (orderId: string, lineId?: string) =>
    `salesOrders(${keyOf(orderId, 'orderId')})/salesOrderLines${lineId === undefined ? '' : `(${keyOf(lineId, 'lineId')})`}`;

  return {
    findSalesOrdersByExternalDocumentNumber: findByReference,
    createSalesOrder: create,
    createSalesOrderResolvingCustomer: create,
    resolvesCustomersInOrders: async () => (await ctx.capabilities.get()).salesOrderCustomerByEmail,
    ensureSalesOrder: (draft) =>
      createOrAdopt({
        lookup: async () => (await findByReference(draft.externalDocumentNumber)).sort(byNumber)[0],
        create: () => create(draft),
      }),
    getSalesOrder,

    async updateSalesOrder(id, etag, patch) {
      const body = buildSalesOrderPatch(patch);
      const wire = await sendUnderCompany<BcSalesOrder>(ctx, 'PATCH', `salesOrders(${keyOf(id)})`, { body, ifMatch: etag });
      return seen(mapSalesOrder(wire));
    },

    async deleteSalesOrder(id, etag) {
      const current = etag ?? (await getSalesOrder(id))?.etag;
      if (current === undefined) return;
      await sendUnderCompany(ctx, 'DELETE', `salesOrders(${keyOf(id)})`, { ifMatch: current });
      ctx.etags.delete(id);
    },

    async addSalesOrderLine(orderId, line) {
      const issues: Issue[] = [];
      const body = buildLineBody(line, '', issues);
      if (issues.length) throw invalidRequest(`Sales order line cannot be sent to Business Central: ${describe(issues)}`, issues);
      return mapSalesOrderLine(await sendUnderCompany<BcSalesOrderLine>(ctx, 'POST', linePath(orderId), { body }));
    },

    async updateSalesOrderLine(orderId, lineId, etag, patch) {
      const body = buildSalesOrderLinePatch(patch);
      return mapSalesOrderLine(await sendUnderCompany<BcSalesOrderLine>(ctx, 'PATCH', linePath(orderId, lineId), { body, ifMatch: etag }));
    },

    async deleteSalesOrderLine(orderId, lineId, etag) {
      await sendUnderCompany(ctx, 'DELETE', linePath(orderId, lineId), { ifMatch: etag });
    },

    async shipAndInvoice(id) {
      const order = await getSalesOrder(id);
      if (!order)
        throw invalidRequest(`Sales order ${id} does not exist in Business Central`, [
          { code: 'not_found', path: 'id', message: 'no such order' },
        ]);
      const before = new Set((await findSalesInvoicesByOrderNumber(order.number)).map((invoice) => invoice.id));
      const posted = async () => (await findSalesInvoicesByOrderNumber(order.number)).filter((invoice) => !before.has(invoice.id));
      await settlePosting(
        () => sendUnderCompany(ctx, 'POST', `salesOrders(${keyOf(id)})/Microsoft.NAV.shipAndInvoice`),
        async () => (await posted()).length > 0,
      );
      return { invoices: await posted(), order: await getSalesOrder(id, { expandLines: true }) };
    },

    findSalesInvoicesByOrderNumber,
    findSalesInvoicesByOrderNumbers,
    findSalesOrdersByNumbers,
    listSalesInvoicesModifiedSince,
  };
}
