/**
 * Which payments waiting for their invoice are worth asking BC about on this run. Invoices come
 * days after the payment (when the warehouse ships), and asking BC about every waiting payment on
 * every run would cost one request per payment per run: thousands of orders a day waiting a day
 * or two would use up BC's whole request budget. Instead each run reads, in one paged request,
 * which orders' invoices changed since the last run, and asks only about payments of those
 * orders. Every few hours (and on the first run) every waiting payment is asked about anyway, a
 * safety net for anything the listing missed; so is a payment due to be raised for finance.
 */
import { findRecord, getCursor, listExceptions, setCursor, type LedgerRecord } from '../../ledger/index.ts';
import type { CashApplicationDeps, CashMovement } from './deps.ts';

const CHANGED_SINCE = 'bc.salesInvoices.modified_at';
const CHECKED_ALL_AT = 'cash-application.waiting.checked_all_at';
/** BC's clock and ours differ, and a change may be committed late: each listing looks this far back. */
const OVERLAP_MS = 5 * 60_000;
const CHECK_ALL_EVERY_MS = 6 * 60 * 60_000;
const DAY_MS = 86_400_000;

export interface InvoiceWatch {
  /** Whether this run should ask BC about the record (decide as before) or leave it waiting. */
  worthAsking(record: LedgerRecord): Promise<boolean>;
  /** After a run that went through: the next run lists from here. */
  commit(): Promise<void>;
}

export async function watchInvoices(deps: CashApplicationDeps): Promise<InvoiceWatch> {
  const now = deps.clock.now();
  const nowText = new Date(now).toISOString();
  const cursor = await getCursor(deps.db, CHANGED_SINCE);
  const checkedAll = await getCursor(deps.db, CHECKED_ALL_AT);
  const list = deps.erp.listSalesInvoicesModifiedSince?.bind(deps.erp);
  if (!list || !cursor || !checkedAll || now - Date.parse(checkedAll) >= CHECK_ALL_EVERY_MS) {
    return {
      worthAsking: async () => true,
      commit: async () => {
        await setCursor(deps.db, CHECKED_ALL_AT, nowText);
        await setCursor(deps.db, CHANGED_SINCE, nowText);
      },
    };
  }
  const changes = await list(new Date(Date.parse(cursor) - OVERLAP_MS).toISOString());
  const invoicedOrders = new Set(changes.map((change) => change.orderNumber));
  const latest = changes.reduce((most, change) => (change.lastModifiedDateTime > most ? change.lastModifiedDateTime : most), cursor);
  const orderNumberOf = async (movement: CashMovement) =>
    (await findRecord(deps.db, { flow: 'orders', sourceSystem: 'shopify', sourceId: movement.orderId }))?.targetIds['bc.salesOrder.number'];
  return {
    async worthAsking(record) {
      const movement = record.payload as CashMovement | null;
      if (movement?.kind !== 'payment') return true;
      if (record.state === 'waiting') {
        // Due to be raised for finance: decide once more, so it is.
        if (now - record.createdAt.getTime() > deps.config.invoiceWaitDays * DAY_MS) return true;
      } else if (record.state === 'exception') {
        const open = await listExceptions(deps.db, { recordId: record.id });
        if (open.some((exception) => exception.code !== 'invoice_not_found')) return true;
      } else return true;
      const orderNumber = await orderNumberOf(movement);
      // No BC order yet: deciding asks BC nothing.
      return orderNumber === undefined || invoicedOrders.has(orderNumber);
    },
    commit: () => setCursor(deps.db, CHANGED_SINCE, latest),
  };
}
