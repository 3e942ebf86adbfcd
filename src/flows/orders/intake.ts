/**
 * Where orders enter the flow: a webhook or a poll names an order; the ledger gets (or
 * already has) its record, and an import job is queued for it. Both feeds converge here,
 * so a webhook and a poll finding the same order create one record and one BC order. A
 * posted order goes back to the flow only when it changed since the hub read it.
 */
import type { ChannelOrderRef } from '../../core/domain/channel-order.ts';
import { receiveRecord } from '../../ledger/index.ts';
import { ORDERS_FLOW, SHOPIFY, ordersJobs, type ImportJob, type OrdersFlowDeps } from './deps.ts';
import { inIntakeTransaction } from '../shared/flow-deps.ts';

export type IntakeOutcome = 'new' | 'requeued' | 'already-posted' | 'finished';

export function takeInOrder(deps: Pick<OrdersFlowDeps, 'db' | 'queue'>, ref: ChannelOrderRef, actor: string): Promise<IntakeOutcome> {
  return inIntakeTransaction(deps, async (tx) => {
    const { record, created } = await receiveRecord(tx.db, {
      flow: ORDERS_FLOW,
      sourceSystem: SHOPIFY,
      sourceId: ref.id,
      sourceRef: ref.name,
      actor,
    });
    if (record.state === 'skipped') return 'finished';
    // A posted order is looked at again only when Shopify changed it after the hub last read it.
    if (record.state === 'posted' && !isNewer(ref.updatedAt, record.payload)) return 'already-posted';
    // The webhook's snapshot travels with the job: the import then reads only what it lacks.
    const job: ImportJob = ref.snapshot === undefined ? { recordId: record.id } : { recordId: record.id, snapshot: ref.snapshot };
    await tx.queue.enqueue<ImportJob>(ordersJobs.import, job, { key: String(record.id) });
    return created ? 'new' : 'requeued';
  });
}

function isNewer(updatedAt: string, lastRead: unknown): boolean {
  const seen = (lastRead as { updatedAt?: string } | null)?.updatedAt;
  return !seen || Date.parse(updatedAt) > Date.parse(seen);
}
