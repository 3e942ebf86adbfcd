/**
 * Records held by exceptions that say "try again by yourself" (the fix happens in another
 * system: a new item in BC, an order that finally posts) go back to their flow's queue.
 */
import { listExceptions } from '../../ledger/index.ts';
import type { Executor } from '../../store/open-store.ts';
import type { Enqueuer } from './flow-deps.ts';

export interface RequeueOptions {
  /**
   * Back off: a record is tried again once its exception has gone unseen for half as long as it
   * has been open, at most this many minutes. For flows whose every try costs the other systems
   * something (an order's retry reads it from Shopify): a record nobody fixes for a day is tried
   * a few dozen times, not every few minutes. An operator's retry is always immediate.
   */
  backoffMaxMinutes?: number;
  /** Added to each job, to tell a scheduled retry from an operator's (e.g. the orders flow's `recheck`). */
  jobFields?: Record<string, unknown>;
}

export async function requeueRecordsAwaitingFixes(
  db: Executor,
  queue: Enqueuer,
  flow: string,
  job: string,
  options: RequeueOptions = {},
): Promise<number> {
  const open = await listExceptions(db, {
    flow,
    autoRetry: true,
    limit: 1000,
    ...(options.backoffMaxMinutes === undefined ? {} : { dueWithBackoffMinutes: options.backoffMaxMinutes }),
  });
  const recordIds = [...new Set(open.map((exception) => exception.recordId).filter((id): id is number => id !== null))];
  for (const recordId of recordIds) await queue.enqueue(job, { ...options.jobFields, recordId }, { key: String(recordId) });
  return recordIds.length;
}
