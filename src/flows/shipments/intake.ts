/**
 * Where shipments enter the flow: the warehouse's despatch callback or the poll. Both give
 * the same shipment id for the same despatched part, so either (or both, twice, late) make
 * one record. Work is queued per warehouse order, so one order's shipments post in turn.
 */
import type { WarehouseShipment } from '../../core/domain/warehouse.ts';
import { findRecord, getCursor, receiveRecord, setCursor } from '../../ledger/index.ts';
import { SHIPMENTS_FLOW, shipmentsJobs, type ShipmentJob, type ShipmentsFlowDeps } from './deps.ts';
import { inIntakeTransaction } from '../shared/flow-deps.ts';

export const SHIPMENTS_CURSOR = 'warehouse.shipments';

/** The reference under which an order's shipment records are kept and queued. */
export function shipmentReference(shipment: Pick<WarehouseShipment, 'orderReference'>): string {
  return shipment.orderReference.trim().toUpperCase();
}

export function takeInShipment(
  deps: Pick<ShipmentsFlowDeps, 'db' | 'queue'>,
  shipment: WarehouseShipment,
  actor: string,
): Promise<'new' | 'requeued' | 'finished'> {
  return inIntakeTransaction(deps, async (tx) => {
    const reference = shipmentReference(shipment);
    // The shipment joins its order's trail when the hub knows the order (else it is matched later).
    const release = await findRecord(tx.db, { flow: 'release', sourceSystem: 'bc', sourceId: reference });
    const { record, created } = await receiveRecord(tx.db, {
      flow: SHIPMENTS_FLOW,
      sourceSystem: 'warehouse',
      sourceId: shipment.id,
      sourceRef: reference,
      payload: shipment,
      actor,
      ...(release ? { linkGroup: release.linkGroup } : {}),
    });
    // A repeated or late confirmation of a shipment already posted changes nothing.
    if (record.state === 'posted' || record.state === 'skipped') return 'finished';
    await queueShipments(tx, reference);
    return created ? 'new' : 'requeued';
  });
}

export async function queueShipments(deps: Pick<ShipmentsFlowDeps, 'queue'>, reference: string): Promise<void> {
  await deps.queue.enqueue<ShipmentJob>(shipmentsJobs.post, { reference }, { key: reference });
}

/** The polling safety net: every despatched part since the cursor. */
export async function pollShipments(deps: ShipmentsFlowDeps): Promise<{ seen: number; new: number }> {
  let cursor = (await getCursor(deps.db, SHIPMENTS_CURSOR)) ?? null;
  let seen = 0;
  let fresh = 0;
  for (let page = 0; page < 50; page += 1) {
    const result = await deps.warehouse.listShipmentsSince(cursor);
    for (const shipment of result.items) {
      seen += 1;
      if ((await takeInShipment(deps, shipment, 'shipments-poll')) === 'new') fresh += 1;
    }
    cursor = result.cursor;
    await setCursor(deps.db, SHIPMENTS_CURSOR, cursor);
    if (!result.hasMore) break;
  }
  if (fresh > 0) deps.logger.info({ seen, new: fresh }, 'polling found shipments no callback had brought');
  return { seen, new: fresh };
}
