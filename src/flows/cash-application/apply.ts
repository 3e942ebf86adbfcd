/**
 * The application step: every movement whose document is there becomes cash receipt lines
 * in the hub's batch — a payment applied to the order's open invoices (oldest first; what
 * they cannot take, once BC has invoiced the whole order, stays open on the payment), a refund applied to its open credit memo, or, when the memo was already set
 * against the invoice (or a cancellation needed none), to the order's payment it returns.
 * Each line balances on the clearing account of the gateway the money went through. Then
 * the batch is posted. Exactly once: the record moves to `posting` with its document number
 * before the lines are sent; lines left in the batch are adopted, posted ones recognised.
 * A movement whose document is missing waits; after `invoiceWaitDays` it is an exception.
 */
import { isConnectorError, type ConnectorError } from '../../core/errors.ts';
import type { ChannelRefund } from '../../core/domain/channel-refund.ts';
import type { ErpSalesInvoice } from '../../core/domain/erp.ts';
import { dec, Decimal } from '../../core/money.ts';
import {
  addLink,
  findRecord,
  listRecords,
  syncRecordExceptions,
  transitionRecord,
  type ExceptionInput,
  type LedgerRecord,
} from '../../ledger/index.ts';
import { inTransaction } from '../../store/open-store.ts';
import { compactReference } from '../payouts/map-journal.ts';
import { listRecordsToWorkOn } from '../shared/pending-records.ts';
import { holdRecord, listRecordsInTrail } from '../shared/warehouse-records.ts';
import { CASH_FLOW, type CashApplicationDeps, type CashMovement } from './deps.ts';
import { cashException } from './exceptions.ts';
import { watchInvoices, type InvoiceWatch } from './invoice-watch.ts';
import type { CashReceiptLineDraft, ErpCashReceiptJournal } from './ports.ts';

const ACTOR = 'cash-application';
const DAY_MS = 86_400_000;

/** The lines a movement was given when it moved to `posting` (kept in the record). */
interface Planned {
  lines: CashReceiptLineDraft[];
  appliedTo: string[];
}

type Decision =
  ({ kind: 'ready' } & Planned) | { kind: 'wait'; exception: ExceptionInput } | { kind: 'hold'; exceptions: ExceptionInput[] };

export function cashDocumentNumber(record: Pick<LedgerRecord, 'sourceId'>, prefix: string): string {
  return compactReference(prefix, /(\d+)$/.exec(record.sourceId)?.[1] ?? record.sourceId);
}

export interface ApplyResult {
  applied: number;
  waiting: number;
  held: number;
  posted: boolean;
}

export async function applyCash(deps: CashApplicationDeps): Promise<ApplyResult> {
  const records = await listRecordsToWorkOn(deps.db, CASH_FLOW, { states: ['received', 'validated', 'waiting', 'posting'] });
  if (records.length === 0) return { applied: 0, waiting: 0, held: 0, posted: false };
  const watch = await watchInvoices(deps);
  const result = await applyRecords(deps, records, watch);
  await watch.commit();
  return result;
}

async function applyRecords(deps: CashApplicationDeps, records: LedgerRecord[], watch: InvoiceWatch): Promise<ApplyResult> {
  const result: ApplyResult = { applied: 0, waiting: 0, held: 0, posted: false };
  const support = await deps.erp.cashReceiptSupport();
  const ready: Ready[] = [];
  const journal = await deps.erp.findCashReceiptJournal(deps.config.journalBatch);
  const toDecide: { record: LedgerRecord; planned: Planned | null }[] = [];
  for (const record of records) {
    // A record that went to `posting` keeps the lines it was given (through a crash, a lost
    // answer or a refusal): BC may have applied some of them since, and planning again from
    // what is open now would apply the money twice.
    const kept = record.postedSnapshot as Planned | null;
    const planned = kept?.lines?.length ? kept : null;
    if (!planned && !(await watch.worthAsking(record))) result.waiting += 1;
    else toDecide.push({ record, planned });
  }
  const lookups = await lookupsForRun(deps, journal ? toDecide.filter((entry) => !entry.planned).map((entry) => entry.record) : []);
  for (const { record, planned } of toDecide) {
    const decision: Decision = planned
      ? { kind: 'ready', ...planned }
      : journal
        ? await decide(deps, record, journal, support.companionLines, lookups)
        : missingBatch(deps);
    if (decision.kind === 'hold') {
      await holdRecord(deps.db, record, decision.exceptions, ACTOR);
      result.held += 1;
    } else if (decision.kind === 'wait') {
      await wait(deps, record, decision.exception);
      result.waiting += 1;
    } else {
      const posting =
        record.state === 'posting'
          ? record
          : await transitionRecord(deps.db, record.id, {
              to: 'posting',
              actor: ACTOR,
              reason: 'applying',
              externalRef: decision.lines[0]!.documentNumber,
              countAttempt: true,
              postedSnapshot: { lines: decision.lines, appliedTo: decision.appliedTo } satisfies Planned,
              detail: { appliedTo: decision.appliedTo },
            });
      ready.push({ record: posting, lines: decision.lines, appliedTo: decision.appliedTo });
    }
  }
  if (ready.length === 0 || !journal) return result;
  const { landed, refused } = await writeAndPostIsolatingRefusals(deps, journal, support, ready);
  for (const { entry, error, othersInBatch, linesLeft } of refused) {
    const what = entry.record.sourceRef ?? entry.record.sourceId;
    const message = linesLeft
      ? `Business Central refused the cash receipt lines of ${what}: ${error.message}. Its lines stay in batch ${journal.code}: fix the cause or remove them in BC, then retry.`
      : othersInBatch
        ? `Business Central refused to post cash receipt batch ${journal.code}, which also holds ${othersInBatch} line(s) the hub did not write: ${error.message}. Post or remove those lines in BC, then retry ${what}.`
        : `Business Central refused the cash receipt lines of ${what}: ${error.message}. They were taken out of batch ${journal.code} so that the other lines could post; fix the cause in BC, then retry.`;
    // Lines taken out were never posted (BC posts a batch whole or not at all): a retry plans afresh.
    await holdRecord(
      deps.db,
      entry.record,
      [cashException('bc_rejected', message, { error: error.toJSON() })],
      ACTOR,
      linesLeft ? {} : { postedSnapshot: null },
    );
    result.held += 1;
  }
  result.posted = landed.some((entry) => entry.posted);
  for (const { entry, posted } of landed) {
    const { record, lines, appliedTo } = entry;
    await inTransaction(deps.db, async (trx) => {
      await transitionRecord(trx, record.id, {
        to: 'posted',
        actor: ACTOR,
        reason: posted ? 'cash_applied' : 'cash_in_batch',
        targetIds: {
          'bc.cashReceipt.batch': journal.code,
          'bc.cashReceipt.documentNumber': lines[0]!.documentNumber,
          'bc.cashReceipt.posted': String(posted),
          'bc.cashReceipt.appliedTo': appliedTo.join(',') || 'unapplied',
        },
        detail: { lines: lines.map((line) => ({ amount: line.amount, appliesTo: line.appliesTo?.number ?? null })) },
      });
      await addLink(trx, record.linkGroup, {
        system: 'bc',
        kind: 'cashReceipt',
        externalId: `${journal.code}/${lines[0]!.documentNumber}`,
        label: lines[0]!.documentNumber,
      });
    });
    result.applied += 1;
  }
  deps.logger.info({ applied: result.applied, posted: result.posted, waiting: result.waiting }, 'cash applied in Business Central');
  return result;
}

type Ready = { record: LedgerRecord; lines: CashReceiptLineDraft[]; appliedTo: string[] };
/** `linesLeft`: this BC cannot delete journal lines through the API, so the refused lines stay in the batch. */
type Refused = { entry: Ready; error: ConnectorError; othersInBatch?: number; linesLeft?: boolean };
type Support = Awaited<ReturnType<CashApplicationDeps['erp']['cashReceiptSupport']>>;

/** Writes the lines into the batch and posts it (when the hub posts); answers whether it was posted. */
async function writeAndPost(deps: CashApplicationDeps, journal: ErpCashReceiptJournal, support: Support, ready: Ready[]): Promise<boolean> {
  const written = await deps.erp.createCashReceiptLines(
    journal,
    ready.flatMap((entry) => entry.lines),
  );
  // Everything already posted by an earlier attempt (its answer lost): nothing left to post.
  if (written.created + written.adopted === 0) return true;
  if (!deps.config.post || !support.posting || !deps.erp.postCashReceiptJournal) return false;
  await deps.erp.postCashReceiptJournal(journal);
  return true;
}

/** Held movements of this connection that still keep the lines they were given (so they may sit in the batch). */
async function heldWithLines(deps: CashApplicationDeps, ready: Ready[]): Promise<LedgerRecord[]> {
  const inRun = new Set(ready.map((entry) => entry.record.id));
  const held = await listRecords(deps.db, { flow: CASH_FLOW, states: ['exception'], limit: 10_000 });
  return held.filter((record) => !inRun.has(record.id) && record.externalRef && (record.postedSnapshot as Planned | null)?.lines?.length);
}

const refusal = (error: unknown): ConnectorError | undefined => (isConnectorError(error) && !error.retryable ? error : undefined);
const documentNumbersOf = (entries: Ready[]) => entries.flatMap((entry) => entry.lines.map((line) => line.documentNumber));

/**
 * The batch is shared: one line BC refuses (to write, or to post, and BC posts a batch whole)
 * would block every payment after it, run after run. So on a refusal the run's lines are taken
 * out of the batch and written and posted again in halves, until each refused movement stands
 * alone; those are held with BC's answer and their lines stay out, and the rest post. One bad
 * line among n costs about 2·log2(n) more rounds. Lines of movements held earlier come out with
 * them. A batch that still holds lines the hub did not write is left to finance: the refusal may
 * be theirs.
 */
async function writeAndPostIsolatingRefusals(
  deps: CashApplicationDeps,
  journal: ErpCashReceiptJournal,
  support: Support,
  ready: Ready[],
): Promise<{ landed: { entry: Ready; posted: boolean }[]; refused: Refused[] }> {
  const landed: { entry: Ready; posted: boolean }[] = [];
  const refused: Refused[] = [];
  let first: ConnectorError;
  try {
    const posted = await writeAndPost(deps, journal, support, ready);
    return { landed: ready.map((entry) => ({ entry, posted })), refused };
  } catch (error) {
    const refusedNow = refusal(error);
    if (!refusedNow) throw error;
    first = refusedNow;
  }
  const remove = deps.erp.removeCashReceiptLines;
  if (!remove) return { landed, refused: ready.map((entry) => ({ entry, error: first, linesLeft: true })) };
  // The hub's own lines of movements held earlier go too (a hub before this change left them in
  // the batch when BC refused it): held, they were never posted, and they would block it again.
  const heldEarlier = await heldWithLines(deps, ready);
  const { remaining } = await remove(journal, [...documentNumbersOf(ready), ...heldEarlier.map((record) => record.externalRef!)]);
  for (const record of heldEarlier)
    await transitionRecord(deps.db, record.id, {
      to: 'exception',
      actor: ACTOR,
      reason: 'lines_taken_out_of_batch',
      detail: { batch: journal.code, documentNumber: record.externalRef },
      postedSnapshot: null,
    });
  if (remaining > 0) return { landed, refused: ready.map((entry) => ({ entry, error: first, othersInBatch: remaining })) };

  /** Writes and posts a group; refused, its lines come out and its halves are tried, down to one movement. */
  const attempt = async (group: Ready[]): Promise<void> => {
    try {
      const posted = await writeAndPost(deps, journal, support, group);
      landed.push(...group.map((entry) => ({ entry, posted })));
    } catch (error) {
      const refusedGroup = refusal(error);
      if (!refusedGroup) throw error;
      await remove(journal, documentNumbersOf(group));
      await split(group, refusedGroup);
    }
  };
  const split = async (group: Ready[], error: ConnectorError): Promise<void> => {
    if (group.length === 1) refused.push({ entry: group[0]!, error });
    else for (const part of [group.slice(0, Math.ceil(group.length / 2)), group.slice(Math.ceil(group.length / 2))]) await attempt(part);
  };
  // When earlier lines came out too, the refusal may have been theirs: the run's lines go whole first.
  if (heldEarlier.length > 0) await attempt(ready);
  else await split(ready, first);
  deps.logger.warn(
    { batch: journal.code, refused: refused.map(({ entry }) => entry.record.sourceRef ?? entry.record.sourceId), posted: landed.length },
    'Business Central refused some cash receipt lines; the rest were posted without them',
  );
  return { landed, refused };
}

function missingBatch(deps: CashApplicationDeps): Decision {
  return {
    kind: 'hold',
    exceptions: [
      cashException('bc_rejected', `Business Central has no cash receipt journal batch ${deps.config.journalBatch.toUpperCase()}.`, {
        batch: deps.config.journalBatch,
      }),
    ],
  };
}

/** What a run reads about the payments it decides: their orders in the ledger, and their invoices in BC. */
interface RunLookups {
  /** The payment's order in the ledger and its BC number once posted (read once per order per run). */
  orderOf(movement: CashMovement): Promise<{ order: LedgerRecord | undefined; orderNumber: string | undefined }>;
  invoicesOf(orderNumber: string): Promise<ErpSalesInvoice[]>;
}

/**
 * The invoices of every payment this run decides are read together (a payout brings hundreds of
 * payments at once: one read each would spend BC's request budget on reads); an order not
 * among them is read on its own.
 */
async function lookupsForRun(deps: CashApplicationDeps, records: LedgerRecord[]): Promise<RunLookups> {
  const orders = new Map<string, ReturnType<RunLookups['orderOf']>>();
  const orderOf: RunLookups['orderOf'] = (movement) => {
    const known = orders.get(movement.orderId);
    if (known) return known;
    const found = findRecord(deps.db, { flow: 'orders', sourceSystem: 'shopify', sourceId: movement.orderId }).then((order) => ({
      order,
      orderNumber: order?.state === 'posted' ? order.targetIds['bc.salesOrder.number'] : undefined,
    }));
    orders.set(movement.orderId, found);
    return found;
  };
  const single = (orderNumber: string) => deps.erp.findSalesInvoicesByOrderNumber(orderNumber);
  const numbers = new Set<string>();
  for (const record of records) {
    const movement = record.payload as CashMovement | null;
    if (movement?.kind !== 'payment') continue;
    const { orderNumber } = await orderOf(movement);
    if (orderNumber) numbers.add(orderNumber.toUpperCase());
  }
  if (!deps.erp.findSalesInvoicesByOrderNumbers || numbers.size < 2) return { orderOf, invoicesOf: single };
  const byOrder = new Map<string, ErpSalesInvoice[]>([...numbers].map((number) => [number, []]));
  for (const invoice of await deps.erp.findSalesInvoicesByOrderNumbers([...numbers]))
    byOrder.get((invoice.orderNumber ?? '').toUpperCase())?.push(invoice);
  return { orderOf, invoicesOf: async (orderNumber) => byOrder.get(orderNumber.toUpperCase()) ?? single(orderNumber) };
}

async function decide(
  deps: CashApplicationDeps,
  record: LedgerRecord,
  journal: ErpCashReceiptJournal,
  companionLines: boolean,
  lookups: RunLookups,
): Promise<Decision> {
  const movement = record.payload as CashMovement;
  const what = `The ${movement.kind} of ${movement.amount} ${movement.currency} for ${movement.orderName ?? movement.orderId} (${movement.gateway})`;
  if (movement.currency && movement.currency.toUpperCase() !== deps.localCurrency.toUpperCase())
    return {
      kind: 'hold',
      exceptions: [
        cashException(
          'currency_mismatch',
          `${what} is in ${movement.currency}, but the company's books are in ${deps.localCurrency}: the hub writes cash receipt lines in the local currency only. Apply it by hand in Business Central.`,
          { movement },
        ),
      ],
    };
  const clearing =
    movement.gateway === 'shopify_payments'
      ? (deps.config.gateways.shopify_payments ?? deps.shopifyPaymentsClearing)
      : deps.config.gateways[movement.gateway];
  if (!clearing)
    return {
      kind: 'hold',
      exceptions: [
        cashException(
          'account_not_configured',
          `${what} cannot be applied: no clearing account for gateway ${movement.gateway} (flows.cashApplication.gateways.${movement.gateway}).`,
          {
            movement,
          },
        ),
      ],
    };
  const { order, orderNumber } = await lookups.orderOf(movement);
  const customer = order?.targetIds['bc.customer.number'];
  const missingCode = movement.kind === 'payment' ? 'invoice_not_found' : 'credit_memo_not_found';
  const waitFor = (why: string): Decision => ({
    kind: 'wait',
    exception: cashException(missingCode, `${what} waits: ${why}.`, { movement }),
  });
  if (!order || !orderNumber || !customer) return waitFor('the order is not in Business Central');
  const base = {
    documentNumber: cashDocumentNumber(record, deps.config.documentPrefix),
    externalDocumentNumber: (order.externalRef ?? movement.orderName ?? '').slice(0, 35),
    postingDate: movement.settledAt.slice(0, 10),
    accountType: 'Customer' as const,
    accountNumber: customer,
    balancingAccountNumber: clearing,
  };
  if (movement.kind === 'payment') {
    const invoices = (await lookups.invoicesOf(orderNumber))
      .filter((invoice) => invoice.status !== 'Draft')
      .sort((a, b) => a.number.localeCompare(b.number));
    if (invoices.length === 0) return waitFor(`order ${orderNumber} has no posted invoice yet`);
    const open = invoices.filter((invoice) => dec(invoice.remainingAmount).gt(0));
    let left = dec(movement.amount);
    const covered = open.reduce((total, invoice) => total.plus(invoice.remainingAmount), dec(0));
    if (covered.lt(left) && order.targetIds['bc.salesOrder.id'] && (await deps.erp.getSalesOrder(order.targetIds['bc.salesOrder.id'])))
      return waitFor(`order ${orderNumber} is not fully invoiced yet`);
    const lines: CashReceiptLineDraft[] = [];
    for (const invoice of open) {
      if (left.isZero()) break;
      const part = Decimal.min(left, dec(invoice.remainingAmount));
      lines.push({
        ...base,
        documentType: 'Payment',
        amount: part.negated().toFixed(2),
        appliesTo: { type: 'Invoice', number: invoice.number, id: invoice.id },
        description: `${movement.gateway} payment ${movement.orderName ?? ''} to ${invoice.number}`,
      });
      left = left.minus(part);
    }
    // What the invoices cannot take stays open on the payment itself (BC applies the smaller amount).
    const last = lines.at(-1);
    if (left.gt(0) && last) last.amount = dec(last.amount).minus(left).toFixed(2);
    else if (left.gt(0))
      lines.push({
        ...base,
        documentType: 'Payment',
        amount: left.negated().toFixed(2),
        description: `${movement.gateway} payment ${movement.orderName ?? ''} (unapplied)`,
      });
    return { kind: 'ready', lines, appliedTo: lines.flatMap((line) => (line.appliesTo ? [line.appliesTo.number] : [])) };
  }
  // A refund: to its credit memo while the memo is open, else to the payment it gives back.
  if (!companionLines)
    return {
      kind: 'hold',
      exceptions: [cashException('needs_companion', `${what} cannot be applied through the standard API: apply it by hand.`, { movement })],
    };
  const refunds = await listRecordsInTrail(deps.db, order.linkGroup, 'refunds');
  const refund = refunds.find((candidate) =>
    (candidate.payload as ChannelRefund | null)?.transactions?.some((transaction) => transaction.id === movement.orderTransactionId),
  );
  const memoId = refund?.targetIds['bc.creditMemo.id'];
  const memo = memoId ? await deps.erp.getSalesCreditMemo(memoId) : undefined;
  if (memo?.status === 'Draft') return waitFor(`credit memo ${memo.number} is still a draft`);
  const line = { ...base, documentType: 'Refund' as const, amount: dec(movement.amount).toFixed(2) };
  if (memo && memo.status === 'Open')
    return {
      kind: 'ready',
      lines: [
        {
          ...line,
          appliesTo: { type: 'Credit Memo', number: memo.number },
          description: `Refund ${movement.orderName ?? ''} to ${memo.number}`,
        },
      ],
      appliedTo: [memo.number],
    };
  const payment = (await listRecordsInTrail(deps.db, order.linkGroup, CASH_FLOW)).find(
    (candidate) =>
      (candidate.payload as CashMovement).kind === 'payment' &&
      candidate.state === 'posted' &&
      candidate.targetIds['bc.cashReceipt.posted'] === 'true',
  );
  if (!payment)
    return waitFor(
      refund ? 'its credit memo is not posted and the order payment is not applied yet' : 'the order payment is not applied yet',
    );
  const paymentNumber = payment.targetIds['bc.cashReceipt.documentNumber']!;
  return {
    kind: 'ready',
    lines: [
      {
        ...line,
        appliesTo: { type: 'Payment', number: paymentNumber },
        description: `Refund ${movement.orderName ?? ''} of payment ${paymentNumber}`,
      },
    ],
    appliedTo: [paymentNumber],
  };
}

/** Waits quietly until the document should be there, then says so (the exception retries by itself). */
async function wait(deps: CashApplicationDeps, record: LedgerRecord, exception: ExceptionInput): Promise<void> {
  const overdue = deps.clock.now() - record.createdAt.getTime() > deps.config.invoiceWaitDays * DAY_MS;
  if (overdue) {
    await holdRecord(deps.db, record, [exception], ACTOR);
    return;
  }
  if (record.state === 'waiting') return;
  await inTransaction(deps.db, async (trx) => {
    if (record.state === 'received') await transitionRecord(trx, record.id, { to: 'validated', actor: ACTOR, reason: 'validated' });
    await transitionRecord(trx, record.id, {
      to: 'waiting',
      actor: ACTOR,
      reason: 'document_not_there_yet',
      detail: { why: exception.message },
    });
    await syncRecordExceptions(trx, record.id, [], ACTOR);
  });
}
