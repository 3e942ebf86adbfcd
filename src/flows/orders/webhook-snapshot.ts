/**
 * What the inbox holds of an order, read instead of asking Shopify where that is enough: the
 * order as its newest webhook body shows it (the REST body mapped by the Shopify connector:
 * lines, addresses, totals; no transactions and no fulfilment orders) — for an import that
 * waited while Shopify updated the order, and the inventory flow counting the units of orders
 * not yet read — and the transactions its `order_transactions/create` webhooks announced.
 */
import type { AnnouncedTransaction } from '../../core/domain/channel-order.ts';
import { sameConnection } from '../../store/connection-scope.ts';
import { parseOrderWebhook, readAnnouncedTransaction } from '../../connectors/shopify/index.ts';
import type { RestOrderPart } from '../../connectors/shopify/map-rest-order.ts';
import { readInboxBody } from '../../ledger/inbox.ts';
import type { Store } from '../../store/open-store.ts';

/** The topics whose body is the order itself (the inbox keeps transactions under their order too). */
const ORDER_TOPICS = ['orders/create', 'orders/updated', 'orders/cancelled'];
export const ORDER_TRANSACTIONS_TOPIC = 'order_transactions/create';

/** The stored bodies of the order's Shopify webhooks of these topics, in arrival order or the reverse. */
function inboxBodies(store: Store, orderId: string, topics: readonly string[], order: 'asc' | 'desc', limit: number) {
  return store.db
    .selectFrom('lb_inbox')
    .select(['body', 'body_encoding'])
    .where(sameConnection(store.db))
    .where('source', '=', 'shopify')
    .where('business_key', '=', orderId)
    .where('topic', 'in', topics)
    .orderBy('id', order)
    .limit(limit)
    .execute();
}

/** `afterTheFirst`: only when the order had more than one webhook (the first travels with its import job). */
export async function newestOrderWebhookSnapshot(
  store: Store,
  orderId: string,
  { afterTheFirst = false }: { afterTheFirst?: boolean } = {},
): Promise<RestOrderPart | undefined> {
  const rows = await inboxBodies(store, orderId, ORDER_TOPICS, 'desc', afterTheFirst ? 2 : 1);
  if (rows.length === 0 || (afterTheFirst && rows.length < 2)) return undefined;
  try {
    return parseOrderWebhook(readInboxBody(rows[0]!)).snapshot as RestOrderPart | undefined;
  } catch {
    return undefined;
  }
}

/** The order's transactions as their webhooks announced them, oldest announcement first (bodies the hub cannot read are left out). */
export async function announcedOrderTransactions(store: Store, orderId: string): Promise<AnnouncedTransaction[]> {
  const rows = await inboxBodies(store, orderId, [ORDER_TRANSACTIONS_TOPIC], 'asc', 50);
  return rows.flatMap((row) => readAnnouncedTransaction(readInboxBody(row)) ?? []);
}
