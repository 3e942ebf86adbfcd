/**
 * Where inbound work enters the flow: released BC purchase orders due at the warehouse (the
 * poll), and the warehouse's booked-in ASNs (callback or poll). One record per purchase
 * order carries both: the ASN made from it, then what BC received from the bookings.
 */
import type { WarehouseAsn } from '../../core/domain/warehouse.ts';
import { findRecord, getCursor, receiveRecord, setCursor, transitionRecord } from '../../ledger/index.ts';
import { RECEIPTS_FLOW, receiptsJobs, type PurchaseOrderSource, type ReceiptJob, type ReceiptsFlowDeps } from './deps.ts';
import { totalReceived } from './plan.ts';
import { inIntakeTransaction } from '../shared/flow-deps.ts';

export const ASNS_CURSOR = 'warehouse.asns';

async function queueSync(deps: Pick<ReceiptsFlowDeps, 'queue'>, recordId: number): Promise<void> {
  await deps.queue.enqueue<ReceiptJob>(receiptsJobs.sync, { recordId }, { key: String(recordId) });
}

/** Released purchase orders not yet fully received become records (one ASN each). */
export async function pollPurchaseOrders(deps: ReceiptsFlowDeps): Promise<{ seen: number; queued: number }> {
  let queued = 0;
  const orders = (await deps.erp.listPurchaseOrders({ releasedOnly: true })).filter((order) => !order.fullyReceived);
  for (const order of orders) {
    const source: PurchaseOrderSource = { purchaseOrderId: order.id, number: order.number, vendor: order.vendorName || order.vendorNumber };
    const wasQueued = await inIntakeTransaction(deps, async (tx) => {
      const { record } = await receiveRecord(tx.db, {
        flow: RECEIPTS_FLOW,
        sourceSystem: 'bc',
        sourceId: order.number.toUpperCase(),
        sourceRef: order.number,
        payload: source,
        actor: 'receipts-poll',
      });
      if (record.state === 'posted' || record.state === 'skipped' || record.state === 'exception') return false;
      await queueSync(tx, record.id);
      return true;
    });
    if (wasQueued) queued += 1;
  }
  return { seen: orders.length, queued };
}

/**
 * An ASN changed at the warehouse. Goods booked in that BC has not been told of reopen the
 * purchase order's record; the same booking heard twice (callback and poll) changes nothing.
 */
export function takeInAsn(
  deps: Pick<ReceiptsFlowDeps, 'db' | 'queue'>,
  asn: WarehouseAsn,
  actor: string,
): Promise<'queued' | 'unchanged' | 'nothing-booked' | 'unknown-asn'> {
  return inIntakeTransaction(deps, async (tx) => {
    const booked = totalReceived(asn);
    if (booked === 0 && asn.status !== 'received' && asn.status !== 'cancelled') return 'nothing-booked';
    const record = await findRecord(tx.db, { flow: RECEIPTS_FLOW, sourceSystem: 'bc', sourceId: asn.reference.trim().toUpperCase() });
    if (!record) {
      // Not the hub's: keep it as its own record so the booking is seen and owned.
      const { record: orphan } = await receiveRecord(tx.db, {
        flow: RECEIPTS_FLOW,
        sourceSystem: 'warehouse',
        sourceId: asn.reference.trim().toUpperCase(),
        sourceRef: asn.reference,
        payload: asn,
        actor,
      });
      if (orphan.state === 'received' || orphan.state === 'exception') await queueSync(tx, orphan.id);
      return 'unknown-asn';
    }
    const seen = `${asn.status}:${booked}`;
    if (record.targetIds['warehouse.asn.booked'] === seen && record.state === 'posted') return 'unchanged';
    if (record.state === 'posted')
      await transitionRecord(tx.db, record.id, {
        to: 'received',
        actor,
        reason: 'asn_booked_in',
        detail: { status: asn.status, received: booked },
      });
    await queueSync(tx, record.id);
    return 'queued';
  });
}

/** The polling safety net behind the booked-in callback. */
export async function pollAsns(deps: ReceiptsFlowDeps): Promise<{ seen: number }> {
  let cursor = (await getCursor(deps.db, ASNS_CURSOR)) ?? null;
  let seen = 0;
  for (let page = 0; page < 50; page += 1) {
    const result = await deps.warehouse.listAsnsSince(cursor);
    for (const asn of result.items) {
      seen += 1;
      await takeInAsn(deps, asn, 'receipts-asn-poll');
    }
    cursor = result.cursor;
    await setCursor(deps.db, ASNS_CURSOR, cursor);
    if (!result.hasMore) break;
  }
  return { seen };
}
