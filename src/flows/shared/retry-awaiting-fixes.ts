/**
 * Records held by exceptions that say "try again by yourself" (the fix happens in another
 * system: a new item in BC, an order that finally posts) go back to their flow's queue.
 */
import { listExceptions } from '../../ledger/index.ts';
import type { Executor } from '../../store/open-store.ts';
import type { Enqueuer } from './flow-deps.ts';

export async function requeueRecordsAwaitingFixes(db: Executor, queue: Enqueuer, flow: string, job: string): Promise<number> {
  const open = await listExceptions(db, { flow, autoRetry: true, limit: 1000 });
  const recordIds = [...new Set(open.map((exception) => exception.recordId).filter((id): id is number => id !== null))];
  for (const recordId of recordIds) await queue.enqueue(job, { recordId }, { key: String(recordId) });
  return recordIds.length;
}
