/**
 * The orders flow's jobs: import one order, poll, retry records waiting on someone else's
 * fix, and release the posting window. When an import gives up, the record becomes an
 * exception with the last error as evidence: work never just disappears.
 */
import { stoppedWorkException } from '../shared/exception-catalogue.ts';
import { isConnectorError } from '../../core/errors.ts';
import type { RetryDecision } from '../../core/retry.ts';
import { getRecord, listRecords, raiseException } from '../../ledger/index.ts';
import type { JobQueue } from '../../queue/job-queue.ts';
import { ORDERS_FLOW, ordersJobs, type ImportJob, type OrdersFlowDeps } from './deps.ts';
import { ordersException } from './exceptions.ts';
import { importOrder, raise } from './import-order.ts';
import { pollOrders } from './poll.ts';
import { requeueRecordsAwaitingFixes } from '../shared/retry-awaiting-fixes.ts';

export function defineOrdersJobs(queue: JobQueue, deps: OrdersFlowDeps): void {
  const { retry } = deps.config;
  const policy = { maxAttempts: retry.maxAttempts, baseDelayMs: retry.baseDelaySeconds * 1000, maxDelayMs: retry.maxDelaySeconds * 1000 };

  queue.define<ImportJob>({
    name: ordersJobs.import,
    retry: policy,
    keyOf: (job) => String(job.recordId),
    concurrency: deps.config.concurrency,
    handler: async (job) => {
      await importOrder(deps, job);
    },
    onGiveUp: (job, error, decision) => giveUp(deps, job, error, decision),
  });

  queue.define({
    name: ordersJobs.poll,
    retry: policy,
    handler: async () => {
      await pollOrders(deps);
    },
  });
  queue.schedule(ordersJobs.poll, deps.config.pollCron);

  queue.define({
    name: ordersJobs.retryOpen,
    retry: policy,
    handler: async () => {
      await retryRecordsAwaitingFixes(deps);
    },
  });
  queue.schedule(ordersJobs.retryOpen, deps.config.retryOpenExceptionsCron);

  if (deps.config.posting.mode === 'scheduled') {
    queue.define({
      name: ordersJobs.postWindow,
      retry: policy,
      handler: async () => {
        await releasePostingWindow(deps);
      },
    });
    queue.schedule(ordersJobs.postWindow, deps.config.posting.cron);
  }
}

export async function giveUp(deps: OrdersFlowDeps, job: ImportJob, error: unknown, decision: RetryDecision): Promise<void> {
  const record = await getRecord(deps.db, job.recordId);
  if (!record) return;
  const what = record.sourceRef ?? record.sourceId;
  const evidence = { reason: decision.reason, error: isConnectorError(error) ? error.toJSON() : { message: String(error) } };
  if (record.state === 'posted') {
    // A change to an order already in BC that could not be made: the order stays posted, and
    // someone must know its BC order may be out of date (it was silent before).
    await raiseException(
      deps.db,
      {
        ...stoppedWorkException(ORDERS_FLOW, decision, `A change to order ${what}`, evidence, () =>
          ordersException(
            'retries_exhausted',
            `Order ${what} changed in Shopify, but the change could not be made in Business Central: ${decision.reason}. Compare the BC order with Shopify, then retry the order.`,
            evidence,
          ),
        ),
        recordId: record.id,
      },
      'orders-flow',
    );
    return;
  }
  const exception = stoppedWorkException(ORDERS_FLOW, decision, `Order ${what}`, evidence, () =>
    isConnectorError(error) && !error.retryable && error.code === 'invalid_request'
      ? ordersException('bc_rejected', `Order ${what} was refused: ${error.message}`, evidence)
      : ordersException('retries_exhausted', `Order ${what} could not be posted: ${decision.reason}.`, evidence),
  );
  await raise(deps, record, [exception]);
}

/** A held order nobody fixes is tried at most this often (see RequeueOptions.backoffMaxMinutes). */
export const HELD_ORDER_RETRY_MAX_MINUTES = 30;

/** Re-queues records whose open exceptions say "try again by yourself", backing off as they stay open. */
export function retryRecordsAwaitingFixes(deps: OrdersFlowDeps): Promise<number> {
  return requeueRecordsAwaitingFixes(deps.db, deps.queue, ORDERS_FLOW, ordersJobs.import, {
    backoffMaxMinutes: HELD_ORDER_RETRY_MAX_MINUTES,
    jobFields: { recheck: true } satisfies Partial<ImportJob>,
  });
}

/** Scheduled posting: the window opened, post everything that waited for it. */
export async function releasePostingWindow(deps: OrdersFlowDeps): Promise<number> {
  const waiting = await listRecords(deps.db, { flow: ORDERS_FLOW, states: ['waiting'], limit: 10_000 });
  for (const record of waiting) {
    // Its own key: an ordinary retry already queued for the record must not swallow the release.
    await deps.queue.enqueue<ImportJob>(ordersJobs.import, { recordId: record.id, windowOpen: true }, { key: `window:${record.id}` });
  }
  return waiting.length;
}
