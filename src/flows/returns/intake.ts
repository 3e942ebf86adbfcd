/**
 * Where returns enter the flow: polled (Mintsoft has no return callbacks; each poll re-reads
 * the last days, so the same return comes again and again — one record). A return still
 * waiting for inspection waits; once inspected it is queued for its credit memo.
 */
import type { WarehouseReturn } from '../../core/domain/warehouse.ts';
import { findRecord, getCursor, receiveRecord, setCursor, transitionRecord } from '../../ledger/index.ts';
import { RETURNS_FLOW, returnsJobs, type ReturnJob, type ReturnsFlowDeps } from './deps.ts';
import { inIntakeTransaction } from '../shared/flow-deps.ts';

export const RETURNS_CURSOR = 'warehouse.returns';

export function takeInReturn(
  deps: Pick<ReturnsFlowDeps, 'db' | 'queue'>,
  ret: WarehouseReturn,
  actor: string,
): Promise<'new' | 'queued' | 'awaiting-inspection' | 'finished'> {
  return inIntakeTransaction(deps, async (tx) => {
    const release = ret.orderReference
      ? await findRecord(tx.db, { flow: 'release', sourceSystem: 'bc', sourceId: ret.orderReference.trim().toUpperCase() })
      : undefined;
    const { record, created } = await receiveRecord(tx.db, {
      flow: RETURNS_FLOW,
      sourceSystem: 'warehouse',
      sourceId: ret.id,
      sourceRef: ret.orderReference ? `${ret.orderReference.toUpperCase()} return ${ret.id}` : `return ${ret.id}`,
      payload: ret,
      actor,
      ...(release ? { linkGroup: release.linkGroup } : {}),
    });
    if (record.state === 'posted' || record.state === 'skipped') return 'finished';
    if (ret.status !== 'inspected') {
      if (record.state === 'received') {
        await transitionRecord(tx.db, record.id, { to: 'validated', actor, reason: 'return_received' });
        await transitionRecord(tx.db, record.id, { to: 'waiting', actor, reason: 'awaiting_inspection' });
      }
      return 'awaiting-inspection';
    }
    await tx.queue.enqueue<ReturnJob>(returnsJobs.credit, { recordId: record.id }, { key: String(record.id) });
    return created ? 'new' : 'queued';
  });
}

export async function pollReturns(deps: ReturnsFlowDeps): Promise<{ seen: number }> {
  let cursor = (await getCursor(deps.db, RETURNS_CURSOR)) ?? null;
  let seen = 0;
  for (let page = 0; page < 50; page += 1) {
    const result = await deps.warehouse.listReturnsSince(cursor);
    for (const ret of result.items) {
      seen += 1;
      await takeInReturn(deps, ret, 'returns-poll');
    }
    cursor = result.cursor;
    await setCursor(deps.db, RETURNS_CURSOR, cursor);
    if (!result.hasMore) break;
  }
  return { seen };
}
