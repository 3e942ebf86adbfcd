/** The receipts flow's jobs: sync one purchase order, poll BC's purchase orders, poll the warehouse's ASNs, retry held ones. */
import type { JobQueue } from '../../queue/job-queue.ts';
import { requeueRecordsAwaitingFixes } from '../shared/retry-awaiting-fixes.ts';
import { giveUpOnRecord } from '../shared/warehouse-records.ts';
import { RECEIPTS_FLOW, receiptsJobs, type ReceiptJob, type ReceiptsFlowDeps } from './deps.ts';
import { receiptsException } from './exceptions.ts';
import { pollAsns, pollPurchaseOrders } from './intake.ts';
import { syncReceipt } from './sync-receipt.ts';

export function defineReceiptsJobs(queue: JobQueue, deps: ReceiptsFlowDeps, retryOpenCron: string): void {
  queue.define<ReceiptJob>({
    name: receiptsJobs.sync,
    retry: deps.retry,
    keyOf: (job) => String(job.recordId),
    handler: async (job) => void (await syncReceipt(deps, job)),
    onGiveUp: (job, error, decision) =>
      giveUpOnRecord(deps.db, job.recordId, error, decision, {
        actor: 'receipts-flow',
        what: (record) => `Purchase order ${record.sourceRef ?? record.sourceId}`,
        refused: (message, evidence) => receiptsException('bc_rejected', message, evidence),
        unreachable: (message, evidence) => receiptsException('retries_exhausted', message, evidence),
      }),
  });
  queue.define({ name: receiptsJobs.poll, retry: deps.retry, handler: async () => void (await pollPurchaseOrders(deps)) });
  queue.schedule(receiptsJobs.poll, deps.config.pollCron);
  queue.define({ name: receiptsJobs.asnPoll, retry: deps.retry, handler: async () => void (await pollAsns(deps)) });
  queue.schedule(receiptsJobs.asnPoll, deps.config.asnPollCron);
  queue.define({
    name: receiptsJobs.retryOpen,
    retry: deps.retry,
    handler: async () => void (await requeueRecordsAwaitingFixes(deps.db, deps.queue, RECEIPTS_FLOW, receiptsJobs.sync)),
  });
  queue.schedule(receiptsJobs.retryOpen, retryOpenCron);
}
