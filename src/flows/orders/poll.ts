/**
 * The polling safety net: asks Shopify for orders changed since the cursor and feeds them to
 * the same intake as webhooks. A missed webhook costs one poll interval, not an order.
 *
 * Every order a poll lists costs a Shopify cost point, and webhooks bring nearly all of them
 * first, so the look behind the cursor (the overlap, for an order updated during a poll or
 * indexed late) is taken once per overlap window — a sweep — rather than on every poll: each
 * order is listed about twice in steady traffic instead of once per poll in the overlap
 * (eleven times with a poll a minute and ten minutes' overlap). An order the cursor skipped is
 * found by the next sweep, at most the overlap later.
 */
import { getCursor, setCursor } from '../../ledger/index.ts';
import type { OrdersFlowDeps } from './deps.ts';
import { takeInOrder } from './intake.ts';

export const ORDERS_CURSOR = 'shopify.orders.updated_at';
/** When the poll last looked the whole overlap back. */
export const ORDERS_SWEPT = 'shopify.orders.swept_at';
/** How far back the very first poll looks. */
const FIRST_POLL_LOOKBACK_MS = 24 * 60 * 60 * 1000;

export interface PollResult {
  seen: number;
  new: number;
  cursor: string;
  /** This poll looked the whole overlap back. */
  swept: boolean;
}

export async function pollOrders(deps: OrdersFlowDeps): Promise<PollResult> {
  const stored = await getCursor(deps.db, ORDERS_CURSOR);
  const cursorMs = stored ? Date.parse(stored) : deps.clock.now() - FIRST_POLL_LOOKBACK_MS;
  const overlapMs = deps.config.pollOverlapMinutes * 60_000;
  const sweptAt = await getCursor(deps.db, ORDERS_SWEPT);
  const swept = !sweptAt || deps.clock.now() - Date.parse(sweptAt) >= overlapMs;
  const since = new Date(cursorMs - (swept ? overlapMs : 0)).toISOString();
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
  if (swept) await setCursor(deps.db, ORDERS_SWEPT, new Date(deps.clock.now()).toISOString());
  if (fresh > 0) deps.logger.info({ seen, new: fresh, swept }, 'polling found orders the webhooks had not brought');
  return { seen, new: fresh, cursor, swept };
}
