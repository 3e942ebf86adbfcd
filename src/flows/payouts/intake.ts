/**
 * Where payouts enter the flow: a poll (Shopify sends no payout webhook) over the payouts
 * issued in the last `lookbackDays`. A paid payout becomes a record (one per payout id) and
 * the posting job is queued; a payout Shopify reports failed after its journal was posted is
 * an exception for finance.
 */
import type { ChannelPayout } from '../../core/domain/channel-payout.ts';
import { findRecord, raiseException, receiveRecord } from '../../ledger/index.ts';
import { inIntakeTransaction } from '../shared/flow-deps.ts';
import { PAYOUTS_FLOW, payoutsJobs, type PayoutsFlowDeps } from './deps.ts';
import { payoutsException } from './exceptions.ts';

const DAY_MS = 86_400_000;

export function payoutRef(payout: Pick<ChannelPayout, 'legacyId' | 'issuedAt'>): string {
  return `payout ${payout.legacyId} (${payout.issuedAt.slice(0, 10)})`;
}

export async function takeInPayout(
  deps: Pick<PayoutsFlowDeps, 'db' | 'queue'>,
  payout: ChannelPayout,
  actor: string,
): Promise<'new' | 'requeued' | 'finished' | 'not-paid'> {
  if (payout.status === 'FAILED' || payout.status === 'CANCELED') {
    const known = await findRecord(deps.db, { flow: PAYOUTS_FLOW, sourceSystem: 'shopify', sourceId: payout.id });
    if (known?.state === 'posted')
      await raiseException(
        deps.db,
        {
          ...payoutsException(
            'payout_reversed',
            `Shopify says payout ${payout.legacyId} of ${payout.net} ${payout.currency} is ${payout.status}, but its journal ${known.targetIds['bc.journal.documentNumber'] ?? ''} is posted in Business Central.`,
            { payout },
          ),
          recordId: known.id,
        },
        actor,
      );
    return 'not-paid';
  }
  if (payout.status !== 'PAID') return 'not-paid';
  return inIntakeTransaction(deps, async (tx) => {
    const { record, created } = await receiveRecord(tx.db, {
      flow: PAYOUTS_FLOW,
      sourceSystem: 'shopify',
      sourceId: payout.id,
      sourceRef: payoutRef(payout),
      payload: payout,
      actor,
    });
    if (record.state === 'posted' || record.state === 'skipped') return 'finished';
    await queuePosting(tx);
    return created ? 'new' : 'requeued';
  });
}

export async function queuePosting(deps: Pick<PayoutsFlowDeps, 'queue'>): Promise<void> {
  await deps.queue.enqueue(payoutsJobs.post, {}, { key: 'payouts' });
}

export async function pollPayouts(deps: PayoutsFlowDeps): Promise<{ seen: number; taken: number }> {
  const since = new Date(deps.clock.now() - deps.config.lookbackDays * DAY_MS).toISOString();
  let seen = 0;
  let taken = 0;
  for await (const payout of deps.channel.listPayouts({ since })) {
    seen += 1;
    const outcome = await takeInPayout(deps, payout, 'payouts-poll');
    if (outcome === 'new' || outcome === 'requeued') taken += 1;
  }
  return { seen, taken };
}
