/**
 * Where refunds enter the flow: the `refunds/create` webhook, or the poll reading the
 * refunds of orders changed since its cursor. The refund joins its order's trail.
 */
import type { ChannelOrderRef } from '../../core/domain/channel-order.ts';
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
/** Changes younger than this are left to the webhooks and to Shopify's search index, as the orders poll does. */
const SETTLE_MS = 5 * 60_000;
const FIRST_LOOKBACK_MS = 24 * 60 * 60_000;

/**
 * The safety net, for one order a listing named: its refunds the ledger does not know yet are
 * taken in. The listing says which refunds an order has (up to two; none for most orders, at no
 * cost); with more, or when it does not say, they are read.
 */
export async function takeInRefundsOfListedOrder(deps: RefundsFlowDeps, order: ChannelOrderRef): Promise<number> {
  if (order.refundIds?.length === 0) return 0;
  if (order.refundIds) {
    const known = await Promise.all(
      order.refundIds.map((id) => findRecord(deps.db, { flow: REFUNDS_FLOW, sourceSystem: 'shopify', sourceId: id })),
    );
    if (known.every((record) => record?.state === 'posted' || record?.state === 'skipped')) return 0;
  }
  let taken = 0;
  for (const refund of await deps.channel.listOrderRefunds(order.id)) {
    taken += 1;
    await takeInRefund(
      deps,
      { id: refund.id, legacyId: refund.legacyId, orderId: refund.orderId, processedAt: refund.processedAt },
      'refunds-poll',
    );
  }
  return taken;
}

/**
 * The safety net's own listing, for a hub whose orders flow is off (otherwise the orders poll's
 * listing feeds `takeInRefundsOfListedOrder` and this job is not scheduled): every refund of every
 * order changed between the cursor and the settle time ago, each change listed once.
 */
export async function pollRefunds(deps: RefundsFlowDeps): Promise<{ orders: number; refunds: number }> {
  const stored = await getCursor(deps.db, CURSOR);
  const now = deps.clock.now();
  const from = stored ? Date.parse(stored) : now - FIRST_LOOKBACK_MS;
  const until = now - SETTLE_MS;
  if (until <= from) return { orders: 0, refunds: 0 };
  const cursor = new Date(until).toISOString();
  let orders = 0;
  let refunds = 0;
  for await (const order of deps.channel.listOrdersUpdatedSince(new Date(from).toISOString(), cursor)) {
    orders += 1;
    refunds += await takeInRefundsOfListedOrder(deps, order);
  }
  await setCursor(deps.db, CURSOR, cursor);
  return { orders, refunds };
}
