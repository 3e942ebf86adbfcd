/**
 * The polling safety net: asks Shopify for orders changed since the cursor (minus an
 * overlap, so an order updated during the last poll is not missed) and feeds them to the
 * same intake as webhooks. A missed webhook costs one poll interval, not an order.
 */
import { getCursor, setCursor } from '../../ledger/index.ts';
import type { OrdersFlowDeps } from './deps.ts';
import { takeInOrder } from './intake.ts';

export const ORDERS_CURSOR = 'shopify.orders.updated_at';
/** How far back the very first poll looks. */
const FIRST_POLL_LOOKBACK_MS = 24 * 60 * 60 * 1000;

export interface PollResult {
  seen: number;
  new: number;
  cursor: string;
}

export async function pollOrders(deps: OrdersFlowDeps): Promise<PollResult> {
  const stored = await getCursor(deps.db, ORDERS_CURSOR);
  const cursorMs = stored ? Date.parse(stored) : deps.clock.now() - FIRST_POLL_LOOKBACK_MS;
  const since = new Date(cursorMs - deps.config.pollOverlapMinutes * 60_000).toISOString();
  let highWater = cursorMs;
  let seen = 0;
  let fresh = 0;
  for await (const ref of deps.channel.listOrdersUpdatedSince(since)) {
    seen += 1;
    if ((await takeInOrder(deps, ref, 'orders-poll')) === 'new') fresh += 1;
    highWater = Math.max(highWater, Date.parse(ref.updatedAt));
  }
  const cursor = new Date(highWater).toISOString();
  await setCursor(deps.db, ORDERS_CURSOR, cursor);
  if (fresh > 0) deps.logger.info({ seen, new: fresh }, 'polling found orders the webhooks had not brought');
  return { seen, new: fresh, cursor };
}
