/** The items flow's jobs: sync one item, poll BC, retry items waiting on a fix elsewhere. */
import type { JobQueue } from '../../queue/job-queue.ts';
import { requeueRecordsAwaitingFixes } from '../shared/retry-awaiting-fixes.ts';
import { giveUpOnRecord } from '../shared/warehouse-records.ts';
import { ITEMS_FLOW, itemsJobs, type ItemJob, type ItemsFlowDeps } from './deps.ts';
import { itemsException } from './exceptions.ts';
import { pollItems } from './intake.ts';
import { syncItem } from './sync-item.ts';

export function defineItemsJobs(queue: JobQueue, deps: ItemsFlowDeps, retryOpenCron: string): void {
  queue.define<ItemJob>({
    name: itemsJobs.sync,
    retry: deps.retry,
    keyOf: (job) => String(job.recordId),
    concurrency: 2,
    handler: async (job) => void (await syncItem(deps, job)),
    onGiveUp: (job, error, decision) =>
      giveUpOnRecord(deps.db, job.recordId, error, decision, {
        actor: 'items-flow',
        what: (record) => `Item ${record.sourceRef ?? record.sourceId}`,
        refused: (message, evidence) => itemsException('item_refused_by_warehouse', message, evidence),
        unreachable: (message, evidence) => itemsException('item_not_confirmed', message, evidence),
      }),
  });
  queue.define({ name: itemsJobs.poll, retry: deps.retry, handler: async () => void (await pollItems(deps)) });
  queue.schedule(itemsJobs.poll, deps.config.pollCron);
  queue.define({
    name: itemsJobs.retryOpen,
    retry: deps.retry,
    handler: async () => void (await requeueRecordsAwaitingFixes(deps.db, deps.queue, ITEMS_FLOW, itemsJobs.sync)),
  });
  queue.schedule(itemsJobs.retryOpen, retryOpenCron);
}
