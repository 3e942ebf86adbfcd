/** Cash application's jobs: apply what is ready (one batch, posted once), take in other gateways' money, look again on a schedule. */
import { listRecords } from '../../ledger/index.ts';
import type { JobQueue } from '../../queue/job-queue.ts';
import { evidenceOf, holdRecord } from '../shared/warehouse-records.ts';
import { applyCash } from './apply.ts';
import { CASH_FLOW, cashJobs, type CashApplicationDeps } from './deps.ts';
import { cashException } from './exceptions.ts';
import { pollOtherGateways } from './intake.ts';

export function defineCashApplicationJobs(queue: JobQueue, deps: CashApplicationDeps): void {
  queue.define({
    name: cashJobs.apply,
    retry: deps.retry,
    keyOf: () => 'cash',
    handler: async () => void (await applyCash(deps)),
    onGiveUp: async (_job, error, decision) => {
      const posting = await listRecords(deps.db, { flow: CASH_FLOW, states: ['posting'], limit: 10_000 });
      for (const record of posting)
        await holdRecord(
          deps.db,
          record,
          [
            cashException(
              'retries_exhausted',
              `${record.sourceRef ?? record.sourceId} could not be applied: ${decision.reason}.`,
              evidenceOf(error, decision),
            ),
          ],
          'cash-application',
        );
    },
  });
  queue.define({
    name: cashJobs.poll,
    retry: deps.retry,
    handler: async () => {
      await pollOtherGateways(deps);
      await queue.enqueue(cashJobs.apply, {}, { key: 'cash' });
    },
  });
  queue.schedule(cashJobs.poll, deps.config.pollCron);
}
