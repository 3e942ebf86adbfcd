/**
 * The polling safety net: asks Shopify for orders changed in a window behind now and feeds them
 * to the same intake as webhooks. A missed webhook costs the settle time plus one poll
 * interval, not an order.
 *
 * Every order a poll lists costs a Shopify cost point, and webhooks bring nearly all of them
 * first. So each poll lists the window from its cursor to `pollOverlapMinutes` ago, and the
 * cursor moves to the window's end: every change is listed once, after Shopify's search has
 * indexed it and its webhook has had time to arrive (an order updated during a poll or indexed
 * late is not skipped: it falls in a later window). The refunds flow reads the same listing
 * (`onOrderListed`), so an order's change is listed once for both.
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
  /** The end of the window listed (the cursor from now on). */
  cursor: string;
}

export async function pollOrders(deps: OrdersFlowDeps): Promise<PollResult> {
  const stored = await getCursor(deps.db, ORDERS_CURSOR);
  const now = deps.clock.now();
  const from = stored ? Date.parse(stored) : now - FIRST_POLL_LOOKBACK_MS;
  const until = now - deps.config.pollOverlapMinutes * 60_000;
  if (until <= from) return { seen: 0, new: 0, cursor: new Date(from).toISOString() };
  const cursor = new Date(until).toISOString();
  let seen = 0;
  let fresh = 0;
  for await (const ref of deps.channel.listOrdersUpdatedSince(new Date(from).toISOString(), cursor)) {
    seen += 1;
    if ((await takeInOrder(deps, ref, 'orders-poll')) === 'new') fresh += 1;
    await deps.onOrderListed?.(ref);
  }
  await setCursor(deps.db, ORDERS_CURSOR, cursor);
  if (fresh > 0) deps.logger.info({ seen, new: fresh }, 'polling found orders the webhooks had not brought');
  return { seen, new: fresh, cursor };
}
