/**
 * What the six warehouse flows' modules share: the warehouse port of the connection set, BC on
 * the warehouse lane, one retry policy, and the operator's retry of a record by its job.
 * Without a warehouse none of them is defined and the hub works without one.
 */
import type { RecordRetrier } from '../../operations/local-operations.ts';
import { OperatorRefusal } from '../../operations/refusal.ts';
import type { JobQueue } from '../../queue/job-queue.ts';
import type { FlowContext } from './flow-module.ts';
import { retryPolicyOf } from './warehouse-records.ts';

export function warehouseWiringOf(context: FlowContext) {
  const { loaded, warehouse: port, store, queue, clock } = context;
  const warehouse = loaded.config.warehouse;
  if (!port || !warehouse) return undefined;
  return {
    port,
    warehouse,
    flows: loaded.config.flows,
    bc: context.connectors.bc.withLane('warehouse'),
    base: { db: store.db, queue, retry: retryPolicyOf(warehouse.retry), clock },
    retryOpenCron: loaded.config.flows.orders.retryOpenExceptionsCron,
    locationCode: warehouse.locationCode,
    loggerOf: (flow: string) => context.logger.child({ flow }),
  };
}

/** The operator's retry of a warehouse record: its job again, by record; no overrides. */
export function retryByRecord(queue: JobQueue, job: string): RecordRetrier {
  return async (recordId, { overrides }) => {
    if (overrides)
      throw new OperatorRefusal('invalid_request', 'warehouse flows take no overrides; fix the data in BC or at the warehouse and retry');
    return (await queue.enqueue(job, { recordId }, { key: String(recordId) })) !== null;
  };
}
