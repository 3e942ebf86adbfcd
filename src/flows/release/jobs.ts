/** The release flow's jobs: send one order, poll BC (and auto-release), poll the warehouse's order updates, watch for unacknowledged orders. */
import type { JobQueue } from '../../queue/job-queue.ts';
import type { WarehousePort } from '../../connectors/warehouse/port.ts';
import { requeueRecordsAwaitingFixes } from '../shared/retry-awaiting-fixes.ts';
import { giveUpOnRecord } from '../shared/warehouse-records.ts';
import { RELEASE_FLOW, releaseJobs, type ReleaseFlowDeps, type ReleaseJob } from './deps.ts';
import { releaseException } from './exceptions.ts';
import { pollReleasedOrders, releasePostedOrders } from './intake.ts';
import { sendOrder } from './send-order.ts';
import { watchUnacknowledged } from './watch.ts';
import { pollWarehouseOrderUpdates } from './warehouse-status.ts';

export function defineReleaseJobs(
  queue: JobQueue,
  deps: ReleaseFlowDeps,
  warehouse: Pick<WarehousePort, 'listOrderUpdatesSince'>,
  retryOpenCron: string,
): void {
  queue.define<ReleaseJob>({
    name: releaseJobs.send,
    retry: deps.retry,
    keyOf: (job) => String(job.recordId),
    concurrency: 2,
    handler: async (job) => void (await sendOrder(deps, job)),
    onGiveUp: (job, error, decision) =>
      giveUpOnRecord(deps.db, job.recordId, error, decision, {
        actor: 'release-flow',
        what: (record) => `Order ${record.sourceRef ?? record.sourceId}`,
        refused: (message, evidence) => releaseException('warehouse_rejected', message, evidence),
        unreachable: (message, evidence) => releaseException('retries_exhausted', message, evidence),
      }),
  });
  queue.define({
    name: releaseJobs.poll,
    retry: deps.retry,
    handler: async () => {
      await releasePostedOrders(deps);
      await pollReleasedOrders(deps);
    },
  });
  queue.schedule(releaseJobs.poll, deps.config.pollCron);
  queue.define({
    name: releaseJobs.warehousePoll,
    retry: deps.retry,
    handler: async () => void (await pollWarehouseOrderUpdates({ ...deps, warehouse })),
  });
  queue.schedule(releaseJobs.warehousePoll, deps.config.pollCron);
  queue.define({ name: releaseJobs.watch, retry: deps.retry, handler: async () => void (await watchUnacknowledged(deps)) });
  queue.schedule(releaseJobs.watch, deps.config.watchCron);
  queue.define({
    name: releaseJobs.retryOpen,
    retry: deps.retry,
    handler: async () => void (await requeueRecordsAwaitingFixes(deps.db, deps.queue, RELEASE_FLOW, releaseJobs.send)),
  });
  queue.schedule(releaseJobs.retryOpen, retryOpenCron);
}
