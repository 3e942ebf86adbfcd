/**
 * Where refunds enter the flow: the `refunds/create` webhook, or the poll reading the
 * refunds of orders changed since its cursor. The refund joins its order's trail.
 */
import type { ChannelRefundRef } from '../../core/domain/channel-refund.ts';
import { findRecord, getCursor, receiveRecord, setCursor } from '../../ledger/index.ts';
import { REFUNDS_FLOW, refundsJobs, type RefundJob, type RefundsFlowDeps } from './deps.ts';
import { inIntakeTransaction } from '../shared/flow-deps.ts';

export function takeInRefund(
  deps: Pick<RefundsFlowDeps, 'db' | 'queue'>,
  ref: ChannelRefundRef,
  actor: string,
): Promise<'new' | 'requeued' | 'finished'> {
  return inIntakeTransaction(deps, async (tx) => {
    const order = await findRecord(tx.db, { flow: 'orders', sourceSystem: 'shopify', sourceId: ref.orderId });
    const { record, created } = await receiveRecord(tx.db, {
      flow: REFUNDS_FLOW,
      sourceSystem: 'shopify',
      sourceId: ref.id,
      sourceRef: order?.sourceRef ? `${order.sourceRef} refund ${ref.legacyId}` : `refund ${ref.legacyId}`,
      actor,
      ...(order ? { linkGroup: order.linkGroup } : {}),
    });
    if (record.state === 'posted' || record.state === 'skipped') return 'finished';
    await tx.queue.enqueue<RefundJob>(refundsJobs.import, { recordId: record.id }, { key: String(record.id) });
    return created ? 'new' : 'requeued';
  });
}

const CURSOR = 'shopify.refunds.orders_updated_at';
const OVERLAP_MS = 10 * 60_000;
const FIRST_LOOKBACK_MS = 24 * 60 * 60_000;

/** The safety net: every refund of every order Shopify changed since the cursor. */
export async function pollRefunds(deps: RefundsFlowDeps): Promise<{ orders: number; refunds: number }> {
  const stored = await getCursor(deps.db, CURSOR);
  const cursorMs = stored ? Date.parse(stored) : deps.clock.now() - FIRST_LOOKBACK_MS;
  let highWater = cursorMs;
  let orders = 0;
  let refunds = 0;
  for await (const order of deps.channel.listOrdersUpdatedSince(new Date(cursorMs - OVERLAP_MS).toISOString())) {
    orders += 1;
    // The listing says the order has no refunds: nothing to ask (most orders; a point each).
    const refundsOfOrder = order.refundIds?.length === 0 ? [] : await deps.channel.listOrderRefunds(order.id);
    for (const refund of refundsOfOrder) {
      refunds += 1;
      await takeInRefund(
        deps,
        { id: refund.id, legacyId: refund.legacyId, orderId: refund.orderId, processedAt: refund.processedAt },
        'refunds-poll',
      );
    }
    highWater = Math.max(highWater, Date.parse(order.updatedAt));
  }
  await setCursor(deps.db, CURSOR, new Date(highWater).toISOString());
  return { orders, refunds };
}
