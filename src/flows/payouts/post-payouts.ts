/**
 * The posting step: each paid payout becomes one balanced document in the hub's BC general
 * journal batch, exactly once. The record moves to `posting` with the document number (the
 * payout's deterministic reference) before any line is sent; the connector adopts lines an
 * earlier attempt left in the batch and recognises a document already posted by its G/L
 * entries, so a repeat after a crash or a lost answer writes nothing twice. Payouts are
 * posted one at a time because BC posts a batch whole.
 */
import type { ChannelBalanceTransaction, ChannelPayout } from '../../core/domain/channel-payout.ts';
import { isConnectorError } from '../../core/errors.ts';
import { collect } from '../../core/iterables.ts';
import { addLink, transitionRecord, type ExceptionInput, type LedgerRecord } from '../../ledger/index.ts';
import { inTransaction } from '../../store/open-store.ts';
import { listRecordsToWorkOn } from '../shared/pending-records.ts';
import { holdRecord } from '../shared/warehouse-records.ts';
import { PAYOUTS_FLOW, type PayoutsFlowDeps } from './deps.ts';
import { payoutsException, type PayoutsExceptionCode } from './exceptions.ts';
import { planPayoutJournal, type PlannedPayoutJournal } from './map-journal.ts';

const ACTOR = 'payouts-flow';

export type PayoutOutcome = 'posted' | 'in-batch' | 'held';

export async function postPayouts(deps: PayoutsFlowDeps): Promise<Record<PayoutOutcome, number>> {
  const counts: Record<PayoutOutcome, number> = { posted: 0, 'in-batch': 0, held: 0 };
  for (const record of await listRecordsToWorkOn(deps.db, PAYOUTS_FLOW, { states: ['received', 'validated', 'posting'] }))
    counts[await postPayout(deps, record)] += 1;
  return counts;
}

export async function postPayout(deps: PayoutsFlowDeps, record: LedgerRecord): Promise<PayoutOutcome> {
  const payout = record.payload as ChannelPayout;
  const transactions = await collect(deps.channel.listBalanceTransactions(payout.id));
  const prefix = deps.orderReferencePrefix;
  const planned = planPayoutJournal(payout, transactions, {
    ...deps.config,
    orderReference: (name) => `${prefix}${name.replace(/^#/, '')}`.toUpperCase(),
  });
  if (!planned.ok) {
    const byCode = new Map<PayoutsExceptionCode, string[]>();
    for (const issue of planned.issues) {
      const code = issue.code as PayoutsExceptionCode;
      byCode.set(code, [...(byCode.get(code) ?? []), issue.message]);
    }
    const exceptions = [...byCode].map(([code, messages]) =>
      payoutsException(code, `Payout ${payout.legacyId} of ${payout.net} ${payout.currency} was not posted: ${messages.join('; ')}.`, {
        payout,
        issues: planned.issues,
        transactions: transactions.length > 200 ? `${transactions.length} transactions` : transactions,
      }),
    );
    return hold(deps, record, exceptions);
  }
  const { plan } = planned;
  const journal = await deps.erp.findJournalByCode(deps.config.journalBatch);
  if (!journal)
    return hold(deps, record, [
      payoutsException(
        'journal_batch_missing',
        `Payout ${payout.legacyId} waits: Business Central has no general journal batch ${deps.config.journalBatch.toUpperCase()}.`,
        { batch: deps.config.journalBatch },
      ),
    ]);

  let current = record;
  if (current.state !== 'posting')
    current = await transitionRecord(deps.db, record.id, {
      to: 'posting',
      actor: ACTOR,
      reason: 'posting',
      externalRef: plan.documentNumber,
      countAttempt: true,
      detail: { batch: journal.code, lines: plan.lines.length, net: plan.totals.net },
    });
  let alreadyPosted: boolean;
  try {
    const result = await deps.erp.createJournalLines(journal.id, plan.lines);
    alreadyPosted = result.alreadyPosted.length === plan.lines.length;
  } catch (error) {
    if (isConnectorError(error) && !error.retryable)
      return hold(deps, current, [
        payoutsException(
          'bc_rejected',
          `Business Central refused the journal lines of payout ${payout.legacyId} (${plan.documentNumber}): ${error.message}`,
          { error: error.toJSON(), lines: plan.lines },
        ),
      ]);
    throw error;
  }
  let posted = alreadyPosted;
  if (deps.config.post && !posted) {
    try {
      await deps.erp.postJournal(journal.id);
      posted = true;
    } catch (error) {
      if (!isConnectorError(error) || error.retryable) throw error;
      return hold(deps, current, [
        payoutsException(
          'journal_not_posted',
          `Payout ${payout.legacyId} is in journal batch ${journal.code} as document ${plan.documentNumber}, but the batch did not post: ${error.message}`,
          { error: error.toJSON() },
        ),
      ]);
    }
  }
  await finish(deps, current, payout, transactions, plan, { batch: journal.code, posted });
  return posted ? 'posted' : 'in-batch';
}

async function finish(
  deps: PayoutsFlowDeps,
  record: LedgerRecord,
  payout: ChannelPayout,
  transactions: readonly ChannelBalanceTransaction[],
  plan: PlannedPayoutJournal,
  journal: { batch: string; posted: boolean },
): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    const done = await transitionRecord(trx, record.id, {
      to: 'posted',
      actor: ACTOR,
      reason: journal.posted ? 'payout_journal_posted' : 'payout_journal_in_batch',
      targetIds: {
        'bc.journal.batch': journal.batch,
        'bc.journal.documentNumber': plan.documentNumber,
        'bc.journal.posted': String(journal.posted),
      },
      postedSnapshot: { ...plan.totals, totalDebit: plan.totalDebit, lines: plan.lines.length, postingDate: plan.postingDate },
      detail: { net: plan.totals.net, lines: plan.lines.length, posted: journal.posted },
    });
    await addLink(trx, record.linkGroup, { system: 'shopify', kind: 'payout', externalId: payout.id, label: `payout ${payout.legacyId}` });
    await addLink(trx, record.linkGroup, {
      system: 'bc',
      kind: 'journal',
      externalId: `${journal.batch}/${plan.documentNumber}`,
      label: plan.documentNumber,
    });
    await deps.onPayoutPosted?.(trx, payout, transactions, done);
  });
  deps.logger.info(
    { payout: payout.legacyId, document: plan.documentNumber, posted: journal.posted },
    'payout journal in Business Central',
  );
}

async function hold(deps: PayoutsFlowDeps, record: LedgerRecord, exceptions: ExceptionInput[]): Promise<'held'> {
  await holdRecord(deps.db, record, exceptions, ACTOR);
  return 'held';
}
