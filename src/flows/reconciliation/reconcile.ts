/**
 * The month-end reconciliation of a period: Shopify's orders, refunds and payouts against
 * what the hub recorded and what Business Central holds, the warehouse's stock against BC
 * (the stock-movements flow's own drift check, reused) and Shopify's stock against the
 * inventory flow's figure (its own read and formula, reused). Each difference names the record
 * whose trail explains it. The run and its differences are stored, so a month's report can
 * be reopened and compared with the run before it.
 */
import type { ChannelBalanceTransaction } from '../../core/domain/channel-payout.ts';
import { checkPayoutBalance } from '../../core/domain/channel-payout.ts';
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import type { ErpSalesInvoice, ErpSalesOrder } from '../../core/domain/erp.ts';
import { collect } from '../../core/iterables.ts';
import { dec, sum } from '../../core/money.ts';
import { findRecord } from '../../ledger/index.ts';
import type { LedgerRecord } from '../../ledger/types.ts';
import { describeDriftFigures } from '../stock-movements/reconcile.ts';
import { describeChannelStock } from './channel-stock.ts';
import type { Difference, ReconciliationDeps, ReconciliationOrder } from './deps.ts';
import { expectedErpTotal } from './expected-total.ts';
import { saveRun, type SavedRun } from './runs.ts';

export interface Period {
  /** First day, `YYYY-MM-DD`. */
  from: string;
  /** Day after the last, `YYYY-MM-DD`. */
  to: string;
}

export function monthPeriod(month: string): Period {
  if (!/^\d{4}-\d{2}$/.test(month)) throw new Error(`a month looks like 2026-11, got ${JSON.stringify(month)}`);
  const [year, mm] = month.split('-').map(Number) as [number, number];
  const next = mm === 12 ? `${year + 1}-01` : `${year}-${String(mm + 1).padStart(2, '0')}`;
  return { from: `${month}-01`, to: `${next}-01` };
}

const within = (when: string, period: Period) => when.slice(0, 10) >= period.from && when.slice(0, 10) < period.to;

const trail = (record: LedgerRecord | undefined) => ({ recordId: record?.id ?? null, linkGroup: record?.linkGroup ?? null });
const stateWords = (record: LedgerRecord | undefined) =>
  !record
    ? 'LedgerBridge never received it'
    : record.state === 'exception'
      ? 'it is held by an open exception'
      : `its record is ${record.state}`;

export async function reconcilePeriod(deps: ReconciliationDeps, period: Period, trigger: string): Promise<SavedRun> {
  const differences: Difference[] = [];
  const compared: Record<string, number> = { orders: 0, refunds: 0, payouts: 0, skus: 0 };
  const notes: string[] = [];
  const tolerance = dec(deps.config.amountTolerancePerLine);

  // Orders are compared a page at a time: BC is asked for a page's sales orders (and the invoices
  // of those BC no longer holds) in a few requests, not one an order.
  let page: ReconciliationOrder[] = [];
  let refunds: RefundOfOrder[] = [];
  const comparePage = async () => {
    differences.push(...(await compareOrders(deps, page, tolerance)), ...(await compareRefunds(deps, refunds)));
    page = [];
    refunds = [];
  };
  for await (const order of deps.channel.listReconciliationOrders(`${period.from}T00:00:00Z`)) {
    if (order.test) continue;
    if (within(order.createdAt, period)) {
      compared.orders! += 1;
      page.push(order);
      if (page.length >= ORDERS_PER_PAGE) await comparePage();
    }
    for (const refund of order.refunds.filter((candidate) => within(candidate.createdAt, period))) {
      compared.refunds! += 1;
      refunds.push({ order, refund });
    }
  }

  await comparePage();

  for await (const payout of deps.channel.listPayouts({ since: `${period.from}T00:00:00Z` })) {
    if (!within(payout.issuedAt, period) || payout.status !== 'PAID') continue;
    compared.payouts! += 1;
    const record = await findRecord(deps.db, { flow: 'payouts', sourceSystem: 'shopify', sourceId: payout.id });
    const reference = `payout ${payout.legacyId} (${payout.issuedAt.slice(0, 10)})`;
    const transactions: ChannelBalanceTransaction[] = await collect(deps.channel.listBalanceTransactions(payout.id));
    const issues = checkPayoutBalance(payout, transactions);
    if (issues.length)
      differences.push({
        category: 'payout_transactions_differ',
        reference,
        fingerprint: `payout-transactions:${payout.id}`,
        message: issues.map((issue) => issue.message).join(' '),
        shopifyAmount: payout.net,
        bcAmount: null,
        ...trail(record),
        detail: { issues },
      });
    const documentNumber = record?.state === 'posted' ? record.targetIds['bc.journal.documentNumber'] : undefined;
    const debit = documentNumber ? await journalDebit(deps, documentNumber, record!.targetIds['bc.journal.posted'] === 'true') : undefined;
    if (!documentNumber || debit === undefined) {
      differences.push({
        category: 'payout_not_posted',
        reference,
        fingerprint: `payout:${payout.id}`,
        message: `Payout ${payout.legacyId} of ${payout.net} ${payout.currency} has no journal in Business Central: ${documentNumber ? `document ${documentNumber} is neither in the batch nor posted` : stateWords(record)}.`,
        shopifyAmount: payout.net,
        bcAmount: null,
        ...trail(record),
        detail: { status: payout.status },
      });
      continue;
    }
    const expected = (record!.postedSnapshot as { totalDebit?: string } | null)?.totalDebit;
    if (expected && !dec(expected).equals(debit))
      differences.push({
        category: 'payout_journal_differs',
        reference,
        fingerprint: `payout-journal:${payout.id}`,
        message: `Journal ${documentNumber} of payout ${payout.legacyId} debits ${debit.toFixed(2)} in Business Central; the hub posted ${expected}.`,
        shopifyAmount: expected,
        bcAmount: debit.toFixed(2),
        ...trail(record),
        detail: { documentNumber },
      });
  }

  if (deps.stockDrift) {
    const { lines } = await deps.stockDrift();
    compared.skus = lines.length;
    for (const line of lines)
      differences.push({
        category: 'stock_drift',
        reference: `${line.sku} at ${line.location}`,
        fingerprint: `stock:${line.location}:${line.sku}`,
        message: describeDriftFigures(line),
        shopifyAmount: null,
        bcAmount: null,
        recordId: null,
        linkGroup: null,
        detail: { ...line },
      });
  } else notes.push('Warehouse stock was not compared: there is no warehouse, or flows.stockReconciliation is off.');

  if (deps.channelStock) {
    const check = await deps.channelStock();
    compared['Shopify SKU-locations'] = check.compared;
    notes.push(...check.notes);
    for (const line of check.lines)
      differences.push({
        category: 'stock_channel_drift',
        reference: `${line.sku} at ${line.locationCode}`,
        fingerprint: `shopify-stock:${line.locationCode}:${line.sku}`,
        message: describeChannelStock(line),
        shopifyAmount: null,
        bcAmount: null,
        recordId: line.lastPush?.recordId ?? null,
        linkGroup: line.lastPush?.linkGroup ?? null,
        detail: { shopifyShows: line.shopifyShows, hubFigure: line.terms.quantity, terms: line.terms, lastPush: line.lastPush },
      });
  } else notes.push("Shopify stock was not compared with the hub's figure: the inventory flow (flows.inventory) is off.");
  return saveRun(deps.db, { period, trigger, compared, notes, differences });
}

/** Orders compared with BC in one go: about 2 requests for 20 orders. */
const ORDERS_PER_PAGE = 100;

async function compareOrders(
  deps: ReconciliationDeps,
  orders: readonly ReconciliationOrder[],
  tolerance: ReturnType<typeof dec>,
): Promise<Difference[]> {
  const records = await Promise.all(
    orders.map((order) => findRecord(deps.db, { flow: 'orders', sourceSystem: 'shopify', sourceId: order.id })),
  );
  const numberOf = (record: LedgerRecord | undefined) =>
    record?.state === 'posted' ? record.targetIds['bc.salesOrder.number'] : undefined;
  const numbers = records.map(numberOf).filter((number): number is string => Boolean(number));
  const salesOrders = new Map((await deps.erp.findSalesOrdersByNumbers(numbers)).map((salesOrder) => [salesOrder.number, salesOrder]));
  const gone = numbers.filter((number) => !salesOrders.has(number));
  const invoices = new Map<string, ErpSalesInvoice[]>();
  for (const invoice of gone.length ? await deps.erp.findSalesInvoicesByOrderNumbers(gone) : [])
    if (invoice.status !== 'Draft' && invoice.orderNumber)
      invoices.set(invoice.orderNumber, [...(invoices.get(invoice.orderNumber) ?? []), invoice]);
  return orders.flatMap((order, index) => compareOrder(deps, order, records[index], salesOrders, invoices, tolerance));
}

function compareOrder(
  deps: ReconciliationDeps,
  order: { id: string; name: string; cancelledAt: string | null; total: string },
  record: LedgerRecord | undefined,
  salesOrders: ReadonlyMap<string, ErpSalesOrder>,
  invoicesByOrder: ReadonlyMap<string, ErpSalesInvoice[]>,
  tolerance: ReturnType<typeof dec>,
): Difference[] {
  // Cancelled before it reached BC: nothing to compare, by design.
  if (record?.state === 'skipped') return [];
  const missing = (why: string): Difference[] => [
    {
      category: 'order_missing_in_bc',
      reference: order.name,
      fingerprint: `order:${order.id}`,
      message: `Shopify order ${order.name} (${order.total}) is not in Business Central: ${why}.`,
      shopifyAmount: order.total,
      bcAmount: null,
      ...trail(record),
      detail: { state: record?.state ?? null },
    },
  ];
  const number = record?.targetIds['bc.salesOrder.number'];
  if (!record || record.state !== 'posted' || !number) return missing(stateWords(record));
  const salesOrder = salesOrders.get(number);
  const invoices = salesOrder ? [] : (invoicesByOrder.get(number) ?? []);
  if (!salesOrder && invoices.length === 0) return missing(`its sales order ${number} was removed and never invoiced`);
  const bcTotal = salesOrder ? dec(salesOrder.totalAmountIncludingTax) : sum(invoices.map((invoice) => invoice.totalAmountIncludingTax));
  const expected = expectedErpTotal(record.payload as ChannelOrder, deps.orders);
  if (
    bcTotal
      .minus(expected.total)
      .abs()
      .lte(tolerance.times(Math.max(1, expected.lines)))
  )
    return [];
  return [
    {
      category: 'order_amount_differs',
      reference: order.name,
      fingerprint: `order-amount:${order.id}`,
      message: `Order ${order.name}: Business Central's ${salesOrder ? `sales order ${number}` : `invoice${invoices.length > 1 ? 's' : ''} ${invoices.map((invoice) => invoice.number).join(', ')}`} total${salesOrder || invoices.length === 1 ? 's' : ''} ${bcTotal.toFixed(2)}, Shopify's order comes to ${expected.total.toFixed(2)} (difference ${bcTotal.minus(expected.total).toFixed(2)}).`,
      shopifyAmount: expected.total.toFixed(2),
      bcAmount: bcTotal.toFixed(2),
      ...trail(record),
      detail: { salesOrder: number, invoices: invoices.map((invoice) => invoice.number) },
    },
  ];
}

type RefundOfOrder = { order: { name: string }; refund: { id: string; legacyId: string; refunded: string } };

/** Refunds compared with BC in one go: their credit memos looked up 20 references a request. */
async function compareRefunds(deps: ReconciliationDeps, refunds: readonly RefundOfOrder[]): Promise<Difference[]> {
  const records = await Promise.all(
    refunds.map(({ refund }) => findRecord(deps.db, { flow: 'refunds', sourceSystem: 'shopify', sourceId: refund.id })),
  );
  const referenceOf = (refund: RefundOfOrder['refund']) => `${deps.refundsReferencePrefix}${refund.legacyId}`.toUpperCase();
  const posted = refunds.filter((_, index) => records[index]?.state === 'posted').map(({ refund }) => referenceOf(refund));
  const memos = new Set(
    (posted.length ? await deps.erp.findSalesCreditMemosByExternalDocumentNumbers(posted) : []).map((memo) =>
      memo.externalDocumentNumber.toUpperCase(),
    ),
  );
  return refunds.flatMap(({ order, refund }, index) => {
    const record = records[index];
    // Units cancelled before invoicing need no memo; money still pending has nothing to credit yet.
    if (record?.state === 'skipped' || dec(refund.refunded).isZero()) return [];
    const reference = referenceOf(refund);
    if (record?.state === 'posted' && memos.has(reference)) return [];
    return [
      {
        category: 'refund_without_credit_memo',
        reference: `${order.name} refund ${refund.legacyId}`,
        fingerprint: `refund:${refund.id}`,
        message: `Refund ${refund.legacyId} of order ${order.name} (${refund.refunded}) has no credit memo ${reference} in Business Central: ${record?.state === 'posted' ? 'the memo was removed' : stateWords(record)}.`,
        shopifyAmount: refund.refunded,
        bcAmount: null,
        ...trail(record),
        detail: { state: record?.state ?? null },
      },
    ];
  });
}

/** The debits of a payout's journal document: its G/L entries once posted, its lines while in the batch. */
async function journalDebit(deps: ReconciliationDeps, documentNumber: string, posted: boolean) {
  const entries = await deps.erp.listGeneralLedgerEntries([documentNumber]);
  if (entries.length > 0) return sum(entries.map((entry) => entry.debitAmount));
  if (posted) return undefined;
  const journal = await deps.erp.findJournalByCode(deps.payouts.journalBatch);
  const lines = journal ? (await deps.erp.listJournalLines(journal.id)).filter((line) => line.documentNumber === documentNumber) : [];
  return lines.length ? sum(lines.map((line) => line.amount).filter((amount) => dec(amount).gt(0))) : undefined;
}
