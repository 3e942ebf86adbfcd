/**
 * The refunds step: one Shopify refund becomes one BC sales credit memo, exactly once,
 * linked to the order and applied to its invoice. Same pattern as orders: intent and
 * reference in the ledger first, a lookup before any repeat, adopt what is found.
 */
import { documentCurrency } from '../shared/currency.ts';
import { isConnectorError } from '../../core/errors.ts';
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import type { ChannelRefund } from '../../core/domain/channel-refund.ts';
import type { ErpSalesCreditMemo } from '../../core/domain/erp.ts';
import { dec } from '../../core/money.ts';
import {
  addLink,
  findRecord,
  getRecord,
  raiseException,
  receiveRecord,
  syncRecordExceptions,
  transitionRecord,
  type ExceptionInput,
  type LedgerRecord,
} from '../../ledger/index.ts';
import { inTransaction } from '../../store/open-store.ts';
import { resolveItems } from '../orders/items.ts';
import { idOfCode } from '../orders/mappings.ts';
import { bcLocations } from '../orders/reference-data.ts';
import { REFUNDS_FLOW, refundsJobs, type RefundJob, type RefundsFlowDeps } from './deps.ts';
import { refundsException, type RefundsExceptionCode } from './exceptions.ts';
import { planCreditMemo, type PlannedCreditMemo } from './map-credit-memo.ts';

const ACTOR = 'refunds-flow';
/** Where the refunded order is, in the words of the exception finance reads. */
const orderWhereabouts: Partial<Record<LedgerRecord['state'], string>> = {
  received: 'it has just arrived',
  validated: 'it is about to post',
  waiting: 'it waits for its posting window',
  posting: 'it is being posted',
  exception: 'it is held by an exception of its own',
  posted: 'its Business Central order was removed',
};

export type RefundOutcome = 'posted' | 'adopted' | 'already-posted' | 'exception' | 'waiting' | 'skipped';

export async function importRefund(deps: RefundsFlowDeps, job: RefundJob): Promise<RefundOutcome> {
  let record = await getRecord(deps.db, job.recordId);
  if (!record) throw new Error(`refunds: there is no record ${job.recordId}`);
  if (record.state === 'posted') return 'already-posted';
  if (record.state === 'skipped') return 'skipped';
  const refund = await deps.channel.getRefund(record.sourceId);
  if (!refund) {
    await raise(deps, record, [
      refundsException('refund_not_found', `Shopify refund ${record.sourceRef ?? record.sourceId} could not be read from Shopify.`, {
        id: record.sourceId,
      }),
    ]);
    return 'exception';
  }
  ({ record } = await receiveRecord(deps.db, {
    flow: REFUNDS_FLOW,
    sourceSystem: 'shopify',
    sourceId: refund.id,
    payload: refund,
    actor: ACTOR,
  }));
  const reference = `${deps.config.referencePrefix}${refund.legacyId}`.toUpperCase().slice(0, 35);
  if (record.state === 'posting' && (await adopt(deps, record, refund, reference))) return 'adopted';

  const orderRecord = await findRecord(deps.db, { flow: 'orders', sourceSystem: 'shopify', sourceId: refund.orderId });
  if (orderRecord?.state === 'skipped') {
    await transitionRecord(deps.db, record.id, {
      to: 'skipped',
      actor: ACTOR,
      reason: 'order_never_posted',
      detail: { order: orderRecord.sourceRef },
    });
    return 'skipped';
  }
  if (!orderRecord || orderRecord.state !== 'posted' || !orderRecord.targetIds['bc.salesOrder.number']) {
    const name = orderRecord?.sourceRef ?? refund.orderId;
    await raise(deps, record, [
      refundsException(
        'order_not_in_bc',
        `Refund ${refund.legacyId} of order ${name} cannot be credited: the order is not in Business Central${orderRecord ? ` (${orderWhereabouts[orderRecord.state] ?? orderRecord.state})` : ' (LedgerBridge has not seen it)'}.`,
        { refund: refund.id, order: refund.orderId },
      ),
    ]);
    return 'exception';
  }
  if (record.linkGroup !== orderRecord.linkGroup)
    await addLink(deps.db, orderRecord.linkGroup, {
      system: 'shopify',
      kind: 'refund',
      externalId: refund.id,
      label: `refund ${refund.legacyId}`,
    });
  if (refund.money.state === 'pending') {
    if (record.state !== 'waiting') await moveToWaiting(deps, record);
    await deps.queue.enqueue<RefundJob>(
      refundsJobs.import,
      { recordId: record.id },
      { key: String(record.id), delayMs: deps.config.pendingRecheckMinutes * 60_000 },
    );
    return 'waiting';
  }

  const order = orderRecord.payload as ChannelOrder;
  const planned = await plan(deps, refund, order, orderRecord, reference);
  if (planned.ok === false) {
    await raise(deps, record, planned.exceptions);
    return 'exception';
  }
  if (planned.ok === 'nothing') {
    await transitionRecord(deps.db, record.id, {
      to: 'skipped',
      actor: ACTOR,
      reason: 'nothing_to_credit',
      detail: { reason: planned.reason },
    });
    return 'skipped';
  }
  record = await transitionRecord(deps.db, record.id, {
    to: 'posting',
    actor: ACTOR,
    reason: 'posting',
    externalRef: reference,
    countAttempt: true,
    detail: { lines: planned.plan.draft.lines.length, leftOut: planned.plan.leftOut },
  });
  let memo: ErpSalesCreditMemo;
  try {
    memo = (await deps.erp.createSalesCreditMemo(planned.plan.draft)).value;
  } catch (error) {
    if (isConnectorError(error) && error.outcomeUnknown && (await adopt(deps, record, refund, reference))) return 'adopted';
    if (isConnectorError(error) && !error.retryable) {
      await raise(deps, record, [
        refundsException('bc_rejected', `Business Central refused the credit memo for refund ${refund.legacyId}: ${error.message}`, {
          error: error.toJSON(),
          draft: planned.plan.draft,
        }),
      ]);
      return 'exception';
    }
    throw error;
  }
  await finish(deps, record, refund, memo, planned.plan);
  return 'posted';
}

async function plan(deps: RefundsFlowDeps, refund: ChannelRefund, order: ChannelOrder, orderRecord: LedgerRecord, reference: string) {
  const invoices = await deps.erp.findSalesInvoicesByOrderNumber(orderRecord.targetIds['bc.salesOrder.number']!);
  // Only an open invoice can take the memo: BC refuses to apply one to an invoice already paid
  // (cash application closes invoices), and the memo then stays open for the refund's cash.
  const invoice = invoices.find((candidate) => candidate.status !== 'Draft' && dec(candidate.remainingAmount).gt(0));
  const returned = {
    ...order,
    lines: order.lines
      .filter((line) => refund.lines.some((refunded) => refunded.lineItemId === line.id))
      .map((line) => ({ ...line, currentQuantity: line.quantity })),
  };
  const items = new Map(
    [...(await resolveItems({ erp: deps.erp, config: deps.orders }, returned))].filter(
      (entry): entry is [string, NonNullable<(typeof entry)[1]>] => entry[1] !== undefined,
    ),
  );
  const locations = await bcLocations(deps.erp, deps.clock);
  const names = new Map((await deps.channel.listLocations?.())?.map((location) => [location.id, location.name]) ?? []);
  const locationIdFor = (line: ChannelRefund['lines'][number]) => {
    const code =
      deps.config.returnLocationCode ??
      (line.locationId ? (deps.orders.locations[line.locationId] ?? deps.orders.locations[names.get(line.locationId) ?? '']) : undefined);
    return code ? idOfCode(locations, code) : undefined;
  };
  const result = planCreditMemo(refund, order, {
    reference,
    customerNumber: orderRecord.targetIds['bc.customer.number']!,
    pricesIncludeTax: order.taxesIncluded,
    ...documentCurrency(deps.localCurrency, refund.currency),
    invoiceId: invoice?.id,
    items,
    locationIdFor,
    accounts: {
      refund: deps.config.refundAccountNumber,
      adjustment: deps.config.adjustmentAccountNumber,
      shipping: deps.orders.shipping.accountNumber,
      giftCardLiability: deps.orders.giftCards.liabilityAccountNumber,
      giftCardTaxCode: deps.orders.giftCards.taxCode,
    },
  });
  if (result.ok === false) {
    const byCode = new Map<RefundsExceptionCode, string[]>();
    for (const issue of result.issues)
      byCode.set(issue.code as RefundsExceptionCode, [...(byCode.get(issue.code as RefundsExceptionCode) ?? []), issue.message]);
    return {
      ok: false as const,
      exceptions: [...byCode].map(([code, messages]) =>
        refundsException(code, `Refund ${refund.legacyId} of order ${order.name} cannot be credited: ${messages.join('; ')}.`, {
          refund: refund.id,
          issues: result.issues,
        }),
      ),
    };
  }
  return result;
}

async function adopt(deps: RefundsFlowDeps, record: LedgerRecord, refund: ChannelRefund, reference: string): Promise<boolean> {
  const found = await deps.erp.findSalesCreditMemosByExternalDocumentNumber(reference);
  const memo = [...found].sort((a, b) => a.number.localeCompare(b.number))[0];
  if (!memo) return false;
  await finish(deps, record, refund, memo);
  return true;
}

/** Posts the memo when configured (once: a posted memo is not posted again), then records it. */
async function finish(
  deps: RefundsFlowDeps,
  record: LedgerRecord,
  refund: ChannelRefund,
  memo: ErpSalesCreditMemo,
  planned?: PlannedCreditMemo,
): Promise<void> {
  let current = memo;
  if (deps.config.post && current.status === 'Draft') {
    await deps.erp.postSalesCreditMemo(current.id);
    current = (await deps.erp.getSalesCreditMemo(current.id)) ?? current;
  }
  const mismatch = planned && dec(current.totalAmountIncludingTax).minus(planned.expectedTotal).abs().greaterThan(deps.config.tolerance);
  await inTransaction(deps.db, async (trx) => {
    await transitionRecord(trx, record.id, {
      to: 'posted',
      actor: ACTOR,
      reason: current.status === 'Draft' ? 'credit_memo_drafted' : 'credit_memo_posted',
      targetIds: {
        'bc.creditMemo.id': current.id,
        'bc.creditMemo.number': current.number,
        ...(current.invoiceNumber ? { 'bc.invoice.number': current.invoiceNumber } : {}),
      },
      detail: { total: current.totalAmountIncludingTax, refunded: refund.money.settled, status: current.status },
    });
    await addLink(trx, record.linkGroup, { system: 'shopify', kind: 'refund', externalId: refund.id, label: `refund ${refund.legacyId}` });
    await addLink(trx, record.linkGroup, { system: 'bc', kind: 'creditMemo', externalId: current.id, label: current.number });
    if (mismatch) {
      await raiseException(
        trx,
        {
          ...refundsException(
            'refund_amount_mismatch',
            `Credit memo ${current.number} for refund ${refund.legacyId} totals ${current.totalAmountIncludingTax}, but Shopify refunded ${planned.expectedTotal} for these lines.`,
            { memo: current, expected: planned.expectedTotal },
          ),
          recordId: record.id,
        },
        ACTOR,
      );
    }
  });
}

async function moveToWaiting(deps: RefundsFlowDeps, record: LedgerRecord) {
  if (record.state !== 'validated') await transitionRecord(deps.db, record.id, { to: 'validated', actor: ACTOR, reason: 'validated' });
  await transitionRecord(deps.db, record.id, { to: 'waiting', actor: ACTOR, reason: 'refund_money_pending' });
}

export async function raise(deps: RefundsFlowDeps, record: LedgerRecord, exceptions: ExceptionInput[]): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    await transitionRecord(trx, record.id, {
      to: 'exception',
      actor: ACTOR,
      reason: exceptions.map((exception) => exception.code).join(','),
      countAttempt: true,
    });
    await syncRecordExceptions(trx, record.id, exceptions, ACTOR);
  });
}
