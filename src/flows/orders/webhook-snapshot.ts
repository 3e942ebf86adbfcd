/**
 * An order as its newest webhook body in the inbox shows it (the REST body mapped by the Shopify
 * connector: lines, addresses, totals; no transactions and no fulfilment orders). Read instead
 * of asking Shopify where that is enough: an import that waited while Shopify updated the order,
 * and the inventory flow counting the units of orders not yet read.
 */
import { sameConnection } from '../../store/connection-scope.ts';
import { parseOrderWebhook } from '../../connectors/shopify/index.ts';
import type { RestOrderPart } from '../../connectors/shopify/map-rest-order.ts';
import { readInboxBody } from '../../ledger/inbox.ts';
import type { Store } from '../../store/open-store.ts';

/** `afterTheFirst`: only when the order had more than one webhook (the first travels with its import job). */
export async function newestOrderWebhookSnapshot(
  store: Store,
  orderId: string,
  { afterTheFirst = false }: { afterTheFirst?: boolean } = {},
): Promise<RestOrderPart | undefined> {
  const rows = await store.db
    .selectFrom('lb_inbox')
    .select(['body', 'body_encoding'])
    .where(sameConnection(store.db))
    .where('source', '=', 'shopify')
    .where('business_key', '=', orderId)
    .orderBy('id', 'desc')
    .limit(afterTheFirst ? 2 : 1)
    .execute();
  if (rows.length === 0 || (afterTheFirst && rows.length < 2)) return undefined;
  try {
    return parseOrderWebhook(readInboxBody(rows[0]!)).snapshot as RestOrderPart | undefined;
  } catch {
    return undefined;
  }
}
