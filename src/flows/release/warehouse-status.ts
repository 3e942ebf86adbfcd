/**
 * What the warehouse says about an order after it has it: status changes and splits, by
 * callback or by polling, applied forward only (a late "released" never undoes "picking").
 * A troubled status (a hold, a query, a cancellation) becomes an exception for operations;
 * the query closes by itself when the order moves on.
 */
import { type WarehouseOrderStatus } from '../../core/domain/warehouse.ts';
import { addLink, findRecord, getCursor, listExceptions, raiseException, resolveException, setCursor } from '../../ledger/index.ts';
import { inTransaction } from '../../store/open-store.ts';
import type { WarehousePort } from '../../connectors/warehouse/port.ts';
import { noteOnRecord } from '../shared/warehouse-records.ts';
import { RELEASE_FLOW, releaseJobs, type ReleaseFlowDeps, type ReleaseJob } from './deps.ts';
import { releaseException } from './exceptions.ts';

const ACTOR = 'release-flow';

/** How far along a part is; statuses of equal rank may follow each other (a query resolved goes back to released). */
const rank: Record<WarehouseOrderStatus, number> = {
  released: 1,
  backordered: 1,
  on_hold: 1,
  exception: 1,
  picking: 2,
  packed: 3,
  despatched: 4,
  cancelled: 4,
  rejected: 4,
};

export interface StatusChange {
  orderReference: string;
  wmsOrderId: string;
  status: WarehouseOrderStatus;
  wmsStatus: string;
}

export type StatusOutcome = 'applied' | 'stale' | 'unknown-order' | 'requeued';

export async function applyWarehouseStatus(deps: Pick<ReleaseFlowDeps, 'db' | 'queue'>, change: StatusChange): Promise<StatusOutcome> {
  const record = await findRecord(deps.db, {
    flow: RELEASE_FLOW,
    sourceSystem: 'bc',
    sourceId: change.orderReference.trim().toUpperCase(),
  });
  if (!record) return 'unknown-order';
  if (record.state !== 'posted') {
    // The warehouse has the order although the hub has not recorded it: the send step adopts it.
    if (record.state !== 'skipped')
      await deps.queue.enqueue<ReleaseJob>(releaseJobs.send, { recordId: record.id }, { key: String(record.id) });
    return 'requeued';
  }
  const key = `warehouse.part.${change.wmsOrderId}`;
  const previous = record.targetIds[key] as WarehouseOrderStatus | undefined;
  if (previous && rank[change.status] < rank[previous]) return 'stale';
  if (previous === change.status) return 'stale';
  await inTransaction(deps.db, async (trx) => {
    await noteOnRecord(
      trx,
      record.id,
      { [key]: change.status },
      { actor: ACTOR, action: `warehouse_${change.status}`, detail: { wmsOrderId: change.wmsOrderId, wmsStatus: change.wmsStatus } },
    );
    await addLink(trx, record.linkGroup, {
      system: 'warehouse',
      kind: 'order',
      externalId: change.wmsOrderId,
      label: record.targetIds['warehouse.order.reference'] ?? change.orderReference,
    });
    const what = `Warehouse order ${change.orderReference} (part ${change.wmsOrderId})`;
    if (change.status === 'exception' || change.status === 'on_hold') {
      await raiseException(
        trx,
        { ...releaseException('warehouse_query', `${what} is ${change.wmsStatus} at the warehouse.`, change), recordId: record.id },
        ACTOR,
      );
    } else if (change.status === 'cancelled') {
      await raiseException(
        trx,
        { ...releaseException('cancelled_at_warehouse', `${what} was cancelled at the warehouse.`, change), recordId: record.id },
        ACTOR,
      );
    } else {
      for (const open of await listExceptions(trx, { recordId: record.id, status: 'open' })) {
        if (open.code === 'warehouse_query')
          await resolveException(trx, open.id, { by: ACTOR, note: `the warehouse moved the order on (${change.wmsStatus})` });
      }
    }
  });
  return 'applied';
}

/** A part the warehouse split off: it joins the order's trail. */
export async function applyWarehouseSplit(
  deps: Pick<ReleaseFlowDeps, 'db'>,
  split: { orderReference: string; wmsOrderId: string; newWmsOrderId: string },
): Promise<StatusOutcome> {
  const record = await findRecord(deps.db, { flow: RELEASE_FLOW, sourceSystem: 'bc', sourceId: split.orderReference.trim().toUpperCase() });
  if (!record) return 'unknown-order';
  await addLink(deps.db, record.linkGroup, {
    system: 'warehouse',
    kind: 'order',
    externalId: split.newWmsOrderId,
    label: split.orderReference,
  });
  return 'applied';
}

export const ORDER_UPDATES_CURSOR = 'warehouse.orders.updates';

/** The polling safety net behind status callbacks. */
export async function pollWarehouseOrderUpdates(
  deps: Pick<ReleaseFlowDeps, 'db' | 'queue'> & { warehouse: Pick<WarehousePort, 'listOrderUpdatesSince'> },
): Promise<number> {
  let cursor = (await getCursor(deps.db, ORDER_UPDATES_CURSOR)) ?? null;
  let applied = 0;
  for (let page = 0; page < 50; page += 1) {
    const result = await deps.warehouse.listOrderUpdatesSince(cursor);
    for (const update of result.items) {
      const outcome = await applyWarehouseStatus(deps, {
        orderReference: update.orderReference,
        wmsOrderId: update.part.wmsOrderId,
        status: update.part.status,
        wmsStatus: update.part.wmsStatus,
      });
      if (outcome === 'applied') applied += 1;
    }
    cursor = result.cursor;
    await setCursor(deps.db, ORDER_UPDATES_CURSOR, cursor);
    if (!result.hasMore) break;
  }
  return applied;
}
