/**
 * Where orders enter the flow: a webhook or a poll names an order; the ledger gets (or
 * already has) its record, and an import job is queued for it. Both feeds converge here,
 * so a webhook and a poll finding the same order create one record and one BC order.
 */
import type { ChannelOrderRef } from '../../core/domain/channel-order.js';
import { receiveRecord } from '../../ledger/index.js';
import { ORDERS_FLOW, SHOPIFY, ordersJobs, type ImportJob, type OrdersFlowDeps } from './deps.js';

export type IntakeOutcome = 'new' | 'requeued' | 'already-posted' | 'finished';

export async function takeInOrder(deps: Pick<OrdersFlowDeps, 'db' | 'queue'>, ref: ChannelOrderRef, actor: string): Promise<IntakeOutcome> {
  const { record, created } = await receiveRecord(deps.db, {
    flow: ORDERS_FLOW,
    sourceSystem: SHOPIFY,
    sourceId: ref.id,
    sourceRef: ref.name,
    actor,
  });
  if (record.state === 'posted') return 'already-posted';
  if (record.state === 'skipped') return 'finished';
  await deps.queue.enqueue<ImportJob>(ordersJobs.import, { recordId: record.id }, { key: String(record.id) });
  return created ? 'new' : 'requeued';
}
