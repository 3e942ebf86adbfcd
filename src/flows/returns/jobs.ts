/** The returns flow's jobs: draft one credit memo, poll the warehouse, retry returns waiting on a fix elsewhere. */
import type { JobQueue } from '../../queue/job-queue.ts';
import { requeueRecordsAwaitingFixes } from '../shared/retry-awaiting-fixes.ts';
import { giveUpOnRecord } from '../shared/warehouse-records.ts';
import { creditReturn } from './credit-return.ts';
import { RETURNS_FLOW, returnsJobs, type ReturnJob, type ReturnsFlowDeps } from './deps.ts';
import { returnsException } from './exceptions.ts';
import { pollReturns } from './intake.ts';

export function defineReturnsJobs(queue: JobQueue, deps: ReturnsFlowDeps, retryOpenCron: string): void {
  queue.define<ReturnJob>({
    name: returnsJobs.credit,
    retry: deps.retry,
    keyOf: (job) => String(job.recordId),
    handler: async (job) => void (await creditReturn(deps, job)),
    onGiveUp: (job, error, decision) =>
      giveUpOnRecord(deps.db, job.recordId, error, decision, {
        actor: 'returns-flow',
        what: (record) => `Return ${record.sourceRef ?? record.sourceId}`,
        refused: (message, evidence) => returnsException('bc_rejected', message, evidence),
        unreachable: (message, evidence) => returnsException('retries_exhausted', message, evidence),
      }),
  });
  queue.define({ name: returnsJobs.poll, retry: deps.retry, handler: async () => void (await pollReturns(deps)) });
  queue.schedule(returnsJobs.poll, deps.config.pollCron);
  queue.define({
    name: returnsJobs.retryOpen,
    retry: deps.retry,
    handler: async () => void (await requeueRecordsAwaitingFixes(deps.db, deps.queue, RETURNS_FLOW, returnsJobs.credit)),
  });
  queue.schedule(returnsJobs.retryOpen, retryOpenCron);
}
