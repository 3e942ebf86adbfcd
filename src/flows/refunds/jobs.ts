/** The refunds flow's jobs: import one refund, poll, retry refunds waiting on a fix elsewhere. */
import { stoppedWorkException } from '../shared/exception-catalogue.ts';
import { isConnectorError } from '../../core/errors.ts';
import type { RetryDecision, RetryPolicy } from '../../core/retry.ts';
import { getRecord } from '../../ledger/index.ts';
import type { JobQueue } from '../../queue/job-queue.ts';
import { REFUNDS_FLOW, refundsJobs, type RefundJob, type RefundsFlowDeps } from './deps.ts';
import { refundsException } from './exceptions.ts';
import { importRefund, raise } from './import-refund.ts';
import { pollRefunds } from './intake.ts';
import { requeueRecordsAwaitingFixes } from '../shared/retry-awaiting-fixes.ts';

/**
 * `ownPoll`: the refunds poll lists orders itself. Off when the orders flow runs: its poll's
 * listing feeds the refunds safety net too (takeInRefundsOfListedOrder), one listing for both.
 */
export function defineRefundsJobs(
  queue: JobQueue,
  deps: RefundsFlowDeps,
  retry: RetryPolicy,
  retryOpenCron: string,
  { ownPoll }: { ownPoll: boolean } = { ownPoll: true },
): void {
  queue.define<RefundJob>({
    name: refundsJobs.import,
    retry,
    keyOf: (job) => String(job.recordId),
    handler: async (job) => {
      await importRefund(deps, job);
    },
    onGiveUp: (job, error, decision) => giveUp(deps, job, error, decision),
  });
  queue.define({ name: refundsJobs.poll, retry, handler: async () => void (await pollRefunds(deps)) });
  if (ownPoll) queue.schedule(refundsJobs.poll, deps.config.pollCron);
  queue.define({ name: refundsJobs.retryOpen, retry, handler: async () => void (await retryRefundsAwaitingFixes(deps)) });
  queue.schedule(refundsJobs.retryOpen, retryOpenCron);
}

async function giveUp(deps: RefundsFlowDeps, job: RefundJob, error: unknown, decision: RetryDecision): Promise<void> {
  const record = await getRecord(deps.db, job.recordId);
  if (!record || record.state === 'posted') return;
  const evidence = { reason: decision.reason, error: isConnectorError(error) ? error.toJSON() : { message: String(error) } };
  const what = record.sourceRef ?? record.sourceId;
  const exception = stoppedWorkException(REFUNDS_FLOW, decision, `The credit memo for ${what}`, evidence, () =>
    isConnectorError(error) && error.code === 'invalid_request'
      ? refundsException('bc_rejected', `The credit memo for ${what} was refused: ${error.message}`, evidence)
      : refundsException('retries_exhausted', `The credit memo for ${what} could not be created: ${decision.reason}.`, evidence),
  );
  await raise(deps, record, [exception]);
}

export function retryRefundsAwaitingFixes(deps: RefundsFlowDeps): Promise<number> {
  return requeueRecordsAwaitingFixes(deps.db, deps.queue, REFUNDS_FLOW, refundsJobs.import);
}
