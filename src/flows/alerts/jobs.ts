/** The alerts flow's jobs: look at exceptions and monitors, deliver each alert, send again what an outage held back. */
import type { JobQueue } from '../../queue/job-queue.ts';
import { getRecord } from '../../ledger/index.ts';
import { evidenceOf, holdRecord } from '../shared/warehouse-records.ts';
import { requeueRecordsAwaitingFixes } from '../shared/retry-awaiting-fixes.ts';
import { ALERTS_FLOW, alertsJobs, type AlertsFlowDeps, type DeliverJob } from './deps.ts';
import { deliverAlert } from './deliver.ts';
import { evaluateAlerts, listUnsentDeliveries } from './evaluate.ts';
import { alertsException } from './exceptions.ts';

export function defineAlertsJobs(queue: JobQueue, deps: AlertsFlowDeps): void {
  queue.define<DeliverJob>({
    name: alertsJobs.deliver,
    retry: deps.retry,
    keyOf: (job) => String(job.recordId),
    concurrency: 2,
    handler: async (job) => void (await deliverAlert(deps, job)),
    onGiveUp: async (job, error, decision) => {
      const record = await getRecord(deps.db, job.recordId);
      if (!record || record.state === 'posted') return;
      await holdRecord(
        deps.db,
        record,
        [
          alertsException(
            'alert_undelivered',
            `The alert "${record.sourceRef ?? record.sourceId}" could not be delivered: ${decision.reason}.`,
            evidenceOf(error, decision),
          ),
        ],
        'alerts-flow',
      );
    },
  });
  queue.define({ name: alertsJobs.evaluate, retry: deps.retry, handler: async () => void (await evaluateAlerts(deps)) });
  queue.schedule(alertsJobs.evaluate, deps.config.evaluateCron);
  queue.define({
    name: alertsJobs.retryOpen,
    retry: deps.retry,
    handler: async () => {
      await requeueRecordsAwaitingFixes(deps.db, deps.queue, ALERTS_FLOW, alertsJobs.deliver);
      // Deliveries whose job was lost with a crash before it ran are sent too.
      for (const recordId of await listUnsentDeliveries(deps))
        await deps.queue.enqueue<DeliverJob>(alertsJobs.deliver, { recordId }, { key: String(recordId) });
    },
  });
  queue.schedule(alertsJobs.retryOpen, '*/15 * * * *');
}
