/**
 * What the month-end reconciliation reads from Shopify: every order changed since the start
 * of the period, with its total and its refunds, in one bulk operation (no cost bucket, no
 * paging, whatever the month's size). The reconciliation keeps the orders created in the
 * period and the refunds made in it.
 */
import type { BulkObject } from './bulk.ts';

export interface ReconciliationOrder {
  id: string;
  name: string;
  createdAt: string;
  cancelledAt: string | null;
  test: boolean;
  total: string;
  refunds: { id: string; legacyId: string; createdAt: string; refunded: string }[];
}

const isoTimestamp = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/;

export function reconciliationOrdersQuery(since: string): string {
  if (!isoTimestamp.test(since)) throw new Error(`an ISO date or time is needed, got ${JSON.stringify(since)}`);
  return `{
  orders(query: "updated_at:>='${since}'") {
    edges { node {
      id name createdAt cancelledAt test
      totalPriceSet { shopMoney { amount } }
      refunds { id legacyResourceId createdAt totalRefundedSet { shopMoney { amount } } }
    } }
  }
}`;
}

type Money = { shopMoney?: { amount?: string } } | null | undefined;
const amountOf = (money: Money) => money?.shopMoney?.amount ?? '0';

export async function* readReconciliationOrders(objects: AsyncIterable<BulkObject>): AsyncIterable<ReconciliationOrder> {
  for await (const object of objects) {
    if (object.typename !== 'Order') continue;
    const data = object.data as {
      id: string;
      name: string;
      createdAt: string;
      cancelledAt: string | null;
      test: boolean;
      totalPriceSet: Money;
      refunds?: { id: string; legacyResourceId: string; createdAt: string; totalRefundedSet: Money }[];
    };
    yield {
      id: data.id,
      name: data.name,
      createdAt: data.createdAt,
      cancelledAt: data.cancelledAt,
      test: data.test,
      total: amountOf(data.totalPriceSet),
      refunds: (data.refunds ?? []).map((refund) => ({
        id: refund.id,
        legacyId: refund.legacyResourceId,
        createdAt: refund.createdAt,
        refunded: amountOf(refund.totalRefundedSet),
      })),
    };
  }
}
