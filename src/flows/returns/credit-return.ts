/**
 * The returns step: an inspected return becomes one draft BC sales credit memo, exactly
 * once, linked to the original order (its trail, and its invoice when posted). The memo's
 * reference is written to the ledger before the create; the connector looks it up first and
 * adopts an earlier attempt's memo. The hub never posts it: finance reviews and posts.
 */
import type { ErpSalesCreditMemo, ErpSalesInvoice } from '../../core/domain/erp.ts';
import type { WarehouseReturn } from '../../core/domain/warehouse.ts';
import { isConnectorError } from '../../core/errors.ts';
import type { Issue } from '../../core/issues.ts';
import { addLink, findRecord, getRecord, transitionRecord, type ExceptionInput, type LedgerRecord } from '../../ledger/index.ts';
import { inTransaction } from '../../store/open-store.ts';
import { idOfCode } from '../orders/mappings.ts';
import { bcLocations } from '../orders/reference-data.ts';
import type { ReleaseSource } from '../release/deps.ts';
import type { ReleasedSnapshot } from '../release/send-order.ts';
import { holdRecord, listRecordsInTrail } from '../shared/warehouse-records.ts';
import { RETURNS_FLOW, type ReturnJob, type ReturnsFlowDeps } from './deps.ts';
import { returnsException, type ReturnsExceptionCode } from './exceptions.ts';
import { planReturnCreditMemo, pricedFromInvoiceLines, type PlannedCreditMemo, type PricedLine } from './plan-credit-memo.ts';

const ACTOR = 'returns-flow';

export type CreditOutcome = 'drafted' | 'adopted' | 'already-drafted' | 'waiting' | 'exception';

export async function creditReturn(deps: ReturnsFlowDeps, job: ReturnJob): Promise<CreditOutcome> {
  const record = await getRecord(deps.db, job.recordId);
  if (!record) throw new Error(`${RETURNS_FLOW}: there is no record ${job.recordId}`);
  if (record.state === 'posted') return 'already-drafted';
  const ret = record.payload as WarehouseReturn;
  if (ret.status !== 'inspected') return 'waiting';
  const reference = `${deps.config.referencePrefix}${ret.id}`.toUpperCase().slice(0, 35);
  if (record.state === 'posting') {
    const earlier = await findMemo(deps, reference);
    if (earlier) return (await finish(deps, record, ret, earlier, 'adopted'), 'adopted');
  }

  const release = ret.orderReference
    ? await findRecord(deps.db, { flow: 'release', sourceSystem: 'bc', sourceId: ret.orderReference.trim().toUpperCase() })
    : undefined;
  const snapshot = release?.postedSnapshot as ReleasedSnapshot | null | undefined;
  if (!release || release.state !== 'posted' || !snapshot) {
    const grades = ret.lines.map((line) => `${line.quantity} × ${line.sku} grade ${line.grade}`).join(', ');
    await holdRecord(
      deps.db,
      record,
      [
        returnsException(
          'return_unknown_order',
          `The warehouse inspected return ${ret.id} (${grades}) for ${ret.orderReference ? `order reference ${ret.orderReference}` : 'no order'}, which the hub never sent to the warehouse.`,
          { return: ret },
        ),
      ],
      ACTOR,
    );
    return 'exception';
  }
  const source = release.payload as ReleaseSource;
  const invoices = (await deps.erp.findSalesInvoicesByOrderNumber(source.number))
    .filter((invoice) => invoice.status !== 'Draft')
    .sort((a, b) => a.number.localeCompare(b.number));
  const locations = await bcLocations(deps.erp, deps.clock);
  const { plan, issues } = planReturnCreditMemo(ret, {
    reference,
    customerNumber: release.targetIds['bc.customer.number'] ?? snapshot.customerNumber,
    currencyCode: invoices[0]?.currencyCode ?? snapshot.currencyCode,
    localCurrency: deps.localCurrency,
    pricesIncludeTax: invoices[0]?.pricesIncludeTax ?? snapshot.pricesIncludeTax,
    ...(invoices[0] ? { invoiceId: invoices[0].id } : {}),
    priced: pricesOf(invoices, snapshot),
    alreadyCredited: await creditedBefore(deps, release, record),
    grades: deps.config.grades,
    ...(deps.config.writeOffAccountNumber ? { writeOffAccountNumber: deps.config.writeOffAccountNumber } : {}),
    locationId: (code) => idOfCode(locations, code),
    defaultLocationCode: deps.locationCode,
  });
  if (!plan) {
    await holdRecord(deps.db, record, exceptionsOf(ret, issues), ACTOR);
    return 'exception';
  }
  const posting = await transitionRecord(deps.db, record.id, {
    to: 'posting',
    actor: ACTOR,
    reason: 'drafting_credit_memo',
    externalRef: reference,
    countAttempt: true,
    detail: { lines: plan.draft.lines.length, restocked: plan.restocked, writtenOff: plan.writtenOff },
  });
  try {
    const result = await deps.erp.createSalesCreditMemo(plan.draft);
    await finish(deps, posting, ret, result.value, result.outcome === 'created' ? 'drafted' : 'adopted', plan, release);
    return result.outcome === 'created' ? 'drafted' : 'adopted';
  } catch (error) {
    if (isConnectorError(error) && error.outcomeUnknown) {
      const earlier = await findMemo(deps, reference);
      if (earlier) return (await finish(deps, posting, ret, earlier, 'adopted', plan, release), 'adopted');
    }
    if (isConnectorError(error) && !error.retryable) {
      await holdRecord(
        deps.db,
        posting,
        [
          returnsException('bc_rejected', `Business Central refused the credit memo for return ${ret.id}: ${error.message}`, {
            error: error.toJSON(),
            draft: plan.draft,
          }),
        ],
        ACTOR,
      );
      return 'exception';
    }
    throw error;
  }
}

async function findMemo(deps: ReturnsFlowDeps, reference: string): Promise<ErpSalesCreditMemo | undefined> {
  return (await deps.erp.findSalesCreditMemosByExternalDocumentNumber(reference)).sort((a, b) => a.number.localeCompare(b.number))[0];
}

/** Prices the customer paid: posted invoice lines, else the order lines as released. */
function pricesOf(invoices: ErpSalesInvoice[], snapshot: ReleasedSnapshot): PricedLine[] {
  const invoiced = invoices.flatMap((invoice) => pricedFromInvoiceLines(invoice.lines ?? []));
  if (invoiced.length > 0) return invoiced;
  return snapshot.lines.map((line) => ({
    sku: line.sku,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    discountAmount: line.discountAmount,
  }));
}

/** Units earlier returns of the same order already credited. */
async function creditedBefore(deps: ReturnsFlowDeps, release: LedgerRecord, record: LedgerRecord): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  for (const other of await listRecordsInTrail(deps.db, release.linkGroup, RETURNS_FLOW)) {
    if (other.id === record.id || other.state !== 'posted') continue;
    for (const line of (other.payload as WarehouseReturn).lines)
      totals.set(line.sku.toUpperCase(), (totals.get(line.sku.toUpperCase()) ?? 0) + line.quantity);
  }
  return totals;
}

const issueCodes = new Set<string>([
  'return_line_not_on_order',
  'return_needs_decision',
  'account_not_configured',
] satisfies ReturnsExceptionCode[]);

function exceptionsOf(ret: WarehouseReturn, issues: Issue[]): ExceptionInput[] {
  const byCode = new Map<ReturnsExceptionCode, Issue[]>();
  for (const issue of issues) {
    const code = (issueCodes.has(issue.code) ? issue.code : 'bc_rejected') as ReturnsExceptionCode;
    byCode.set(code, [...(byCode.get(code) ?? []), issue]);
  }
  return [...byCode].map(([code, list]) =>
    returnsException(
      code,
      `Return ${ret.id}${ret.orderReference ? ` of ${ret.orderReference}` : ''} cannot be credited: ${list.map((issue) => issue.message).join('; ')}.`,
      { return: ret, issues: list },
    ),
  );
}

async function finish(
  deps: ReturnsFlowDeps,
  record: LedgerRecord,
  ret: WarehouseReturn,
  memo: ErpSalesCreditMemo,
  how: 'drafted' | 'adopted',
  plan?: PlannedCreditMemo,
  release?: LedgerRecord,
): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    await transitionRecord(trx, record.id, {
      to: 'posted',
      actor: ACTOR,
      reason: how === 'drafted' ? 'credit_memo_drafted' : 'credit_memo_adopted',
      targetIds: {
        'bc.creditMemo.id': memo.id,
        'bc.creditMemo.number': memo.number,
        ...(memo.invoiceNumber ? { 'bc.invoice.number': memo.invoiceNumber } : {}),
      },
      detail: {
        status: memo.status,
        total: memo.totalAmountIncludingTax,
        ...(plan ? { restocked: plan.restocked, writtenOff: plan.writtenOff } : {}),
      },
    });
    const trail = release?.linkGroup ?? record.linkGroup;
    await addLink(trx, trail, {
      system: 'warehouse',
      kind: 'return',
      externalId: `return:${ret.id}`,
      label: ret.rmaReference ?? `return ${ret.id}`,
    });
    await addLink(trx, trail, { system: 'bc', kind: 'creditMemo', externalId: memo.id, label: memo.number });
  });
  deps.logger.info({ return: ret.id, memo: memo.number, how }, 'draft credit memo for a warehouse return');
}
