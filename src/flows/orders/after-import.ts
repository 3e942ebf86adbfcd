/**
 * A Shopify edit or cancellation of an order already in BC. While the BC order is not
 * released or shipped, it is replaced (an edit) or removed (a cancellation); afterwards (or
 * once BC has closed the order) the change becomes a conflict exception that says exactly
 * what changed.
 */
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import { dec } from '../../core/money.ts';
import { raiseException, receiveRecord, transitionRecord, type LedgerRecord } from '../../ledger/index.ts';
import { describeChanges, summariseOrder, type PostedSummary } from './changes.ts';
import { ORDERS_FLOW, SHOPIFY, type OrdersFlowDeps } from './deps.ts';
import { ordersException } from './exceptions.ts';
import { applyOverrides } from './overrides.ts';

const ACTOR = 'orders-flow';
/** Target id naming the BC order the hub is removing to replace or cancel it. */
const REMOVING_ORDER = 'bc.salesOrder.removing';

export type PostedOutcome = 'already-posted' | 'cancelled' | 'conflict' | 'reopened';

export async function handlePostedOrder(deps: OrdersFlowDeps, record: LedgerRecord, fetched: ChannelOrder): Promise<PostedOutcome> {
  await receiveRecord(deps.db, {
    flow: ORDERS_FLOW,
    sourceSystem: SHOPIFY,
    sourceId: fetched.id,
    sourceRef: fetched.name,
    payload: fetched,
    actor: ACTOR,
  });
  const before = record.postedSnapshot as PostedSummary | null;
  if (!before) return 'already-posted';
  const changes = describeChanges(before, summariseOrder(applyOverrides(fetched, record.overrides).order));
  if (changes.length === 0) return 'already-posted';

  const salesOrderId = record.targetIds['bc.salesOrder.id'];
  const current = salesOrderId ? await deps.erp.getSalesOrder(salesOrderId, { expandLines: true }) : undefined;
  // BC deletes a sales order once it is fully shipped and invoiced: an order that is gone and
  // that the hub did not remove itself is finished business, never a reason to create anew.
  const closed = salesOrderId !== undefined && !current && record.targetIds[REMOVING_ORDER] !== salesOrderId;
  const moved = current && (current.status !== 'Draft' || (current.lines ?? []).some((line) => !dec(line.shippedQuantity ?? '0').isZero()));
  if (closed || moved || !deps.erp.deleteSalesOrder) {
    const number = current?.number ?? record.targetIds['bc.salesOrder.number'];
    const why = closed
      ? `Business Central order ${number ?? salesOrderId} no longer exists (BC closes an order once it is fully shipped and invoiced)`
      : moved
        ? `Business Central order ${number} is already ${current.status === 'Draft' ? 'partly shipped' : 'released'}`
        : 'this hub cannot change BC orders (the connector has no delete)';
    await raiseException(
      deps.db,
      {
        ...ordersException('order_changed_after_release', `Order ${fetched.name} changed in Shopify, but ${why}: ${changes.join('; ')}.`, {
          changes,
          salesOrder: number,
        }),
        recordId: record.id,
      },
      ACTOR,
    );
    return 'conflict';
  }
  if (current) {
    // Note the removal before making it: a hub stopped in between finds the order gone and
    // knows it was its own doing, so it carries on instead of reporting a closed order.
    await transitionRecord(deps.db, record.id, {
      to: 'posted',
      actor: ACTOR,
      reason: 'removing_unreleased_bc_order',
      detail: { salesOrder: current.number, changes },
      targetIds: { [REMOVING_ORDER]: current.id },
    });
    await deps.erp.deleteSalesOrder(current.id, current.etag);
  }
  const previous = { salesOrder: record.targetIds['bc.salesOrder.number'], changes };
  if (fetched.cancelledAt) {
    await transitionRecord(deps.db, record.id, {
      to: 'skipped',
      actor: ACTOR,
      reason: 'cancelled_after_import',
      detail: previous,
      targetIds: {},
      replaceTargetIds: true,
    });
    return 'cancelled';
  }
  await transitionRecord(deps.db, record.id, {
    to: 'received',
    actor: ACTOR,
    reason: 'changed_in_shopify_before_release',
    detail: previous,
    targetIds: {},
    replaceTargetIds: true,
  });
  return 'reopened';
}
