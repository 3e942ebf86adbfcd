/**
 * The shipments flow's jobs: post one warehouse order's shipments, poll the warehouse, retry
 * shipments waiting on a fix elsewhere (an orphan whose order arrives later). A job that
 * gives up holds each unfinished shipment of its order as an exception.
 */
import { stoppedWorkException } from '../shared/exception-catalogue.ts';
import { isConnectorError } from '../../core/errors.ts';
import type { RetryDecision } from '../../core/retry.ts';
import { getRecord, listExceptions } from '../../ledger/index.ts';
import type { JobQueue } from '../../queue/job-queue.ts';
import { evidenceOf, holdRecord, listRecordsByRef } from '../shared/warehouse-records.ts';
import { SHIPMENTS_FLOW, shipmentsJobs, type ShipmentJob, type ShipmentsFlowDeps } from './deps.ts';
import { shipmentsException } from './exceptions.ts';
import { pollShipments, queueShipments } from './intake.ts';
import { postShipments } from './post-shipment.ts';

export function defineShipmentsJobs(queue: JobQueue, deps: ShipmentsFlowDeps, retryOpenCron: string): void {
  queue.define<ShipmentJob>({
    name: shipmentsJobs.post,
    retry: deps.retry,
    keyOf: (job) => job.reference,
    concurrency: 2,
    handler: async (job) => void (await postShipments(deps, job)),
    onGiveUp: (job, error, decision) => giveUp(deps, job, error, decision),
  });
  queue.define({ name: shipmentsJobs.poll, retry: deps.retry, handler: async () => void (await pollShipments(deps)) });
  queue.schedule(shipmentsJobs.poll, deps.config.pollCron);
  queue.define({ name: shipmentsJobs.retryOpen, retry: deps.retry, handler: async () => void (await retryShipmentsAwaitingFixes(deps)) });
  queue.schedule(shipmentsJobs.retryOpen, retryOpenCron);
}

async function giveUp(deps: ShipmentsFlowDeps, job: ShipmentJob, error: unknown, decision: RetryDecision): Promise<void> {
  const evidence = evidenceOf(error, decision);
  for (const record of await listRecordsByRef(deps.db, SHIPMENTS_FLOW, job.reference)) {
    if (record.state === 'posted' || record.state === 'skipped' || record.state === 'exception') continue;
    const what = `Shipment ${record.sourceId} of ${job.reference}`;
    const exception = stoppedWorkException(SHIPMENTS_FLOW, decision, what, evidence, () =>
      isConnectorError(error) && !error.retryable
        ? shipmentsException(
            'bc_shipment_refused',
            `Shipment ${record.sourceId} of ${job.reference} could not be posted: ${error.message}`,
            evidence,
          )
        : shipmentsException(
            'retries_exhausted',
            `Shipment ${record.sourceId} of ${job.reference} could not be posted: ${decision.reason}.`,
            evidence,
          ),
    );
    await holdRecord(deps.db, record, [exception], 'shipments-flow');
  }
}

/** Orders whose shipments wait on a fix elsewhere go back to the queue, once per order. */
export async function retryShipmentsAwaitingFixes(deps: Pick<ShipmentsFlowDeps, 'db' | 'queue'>): Promise<number> {
  const open = await listExceptions(deps.db, { flow: SHIPMENTS_FLOW, autoRetry: true, limit: 1000 });
  const references = new Set<string>();
  for (const recordId of new Set(open.map((exception) => exception.recordId).filter((id): id is number => id !== null))) {
    const record = await getRecord(deps.db, recordId);
    if (record?.sourceRef) references.add(record.sourceRef);
  }
  for (const reference of references) await queueShipments(deps, reference);
  return references.size;
}
