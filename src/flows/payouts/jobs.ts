/** The payouts flow's jobs: poll Shopify for paid payouts, post them one at a time, look again at held ones. */
import { sameConnection } from '../../store/connection-scope.ts';
import type { JobQueue } from '../../queue/job-queue.ts';
import { mapRecordRow } from '../../ledger/map-rows.ts';
import { evidenceOf, holdRecord } from '../shared/warehouse-records.ts';
import { PAYOUTS_FLOW, payoutsJobs, type PayoutsFlowDeps } from './deps.ts';
import { payoutsException } from './exceptions.ts';
import { pollPayouts, queuePosting } from './intake.ts';
import { postPayouts } from './post-payouts.ts';

export function definePayoutsJobs(queue: JobQueue, deps: PayoutsFlowDeps, retryOpenCron: string): void {
  queue.define({
    name: payoutsJobs.post,
    retry: deps.retry,
    keyOf: () => 'payouts',
    handler: async () => void (await postPayouts(deps)),
    onGiveUp: async (_job, error, decision) => {
      // Whatever this run left in doubt is held; the next run looks the document up first.
      const rows = await deps.db
        .selectFrom('lb_record')
        .selectAll()
        .where(sameConnection(deps.db))
        .where('flow', '=', PAYOUTS_FLOW)
        .where('state', 'in', ['received', 'validated', 'posting'])
        .execute();
      for (const record of rows.map(mapRecordRow))
        await holdRecord(
          deps.db,
          record,
          [
            payoutsException(
              'retries_exhausted',
              `${record.sourceRef ?? record.sourceId} could not be posted: ${decision.reason}.`,
              evidenceOf(error, decision),
            ),
          ],
          'payouts-flow',
        );
    },
  });
  queue.define({ name: payoutsJobs.poll, retry: deps.retry, handler: async () => void (await pollPayouts(deps)) });
  queue.schedule(payoutsJobs.poll, deps.config.pollCron);
  queue.define({ name: payoutsJobs.retryOpen, retry: deps.retry, handler: () => queuePosting(deps) });
  queue.schedule(payoutsJobs.retryOpen, retryOpenCron);
}
