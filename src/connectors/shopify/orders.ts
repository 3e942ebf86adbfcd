/**
 * Order reads: one order whole (header, lines, fulfilment orders, each its own document so
 * each stays far below the cost cap, and its refunds when it has any) or, from an order
 * webhook's body, only what the body lacks (order-supplements.ts); and the orders changed
 * since a time, for polling.
 */
import type { AnnouncedTransaction, ChannelFulfillmentOrder, ChannelOrder, ChannelOrderRef } from '../../core/domain/channel-order.ts';
import type { ShopifyGraphqlClient } from './client.ts';
import * as documents from './documents.ts';
import { shopifyError } from './errors.ts';
import { mapFulfillmentOrder, mapOrder } from './map-order.ts';
import type { RestOrderPart } from './map-rest-order.ts';
import { createOrderCompletion } from './order-supplements.ts';
import { collect, paginate } from './paging.ts';
import { createRefundReads } from './refunds.ts';
import * as schemas from './schemas.ts';

export interface OrderReads {
  /**
   * With an order webhook's snapshot (parseOrderWebhook), reads only what it lacks, batched with
   * other orders; the order's transactions not at all where those its webhooks announced
   * (readAnnouncedTransaction) are all its money.
   */
  getOrder(
    id: string,
    snapshot?: unknown,
    options?: { freshDetails?: boolean; announcedTransactions?: readonly AnnouncedTransaction[] },
  ): Promise<ChannelOrder | undefined>;
  /** An order read before, with its product details (barcode, customs data) read afresh; nothing else is read. */
  withFreshProductDetails(order: ChannelOrder): Promise<ChannelOrder>;
  /** The same with product details as recently read (a cache of a few minutes). */
  withProductDetails(order: ChannelOrder): Promise<ChannelOrder>;
  /** Orders changed after `since` and, when given, no later than `until`, oldest change first. */
  listOrdersUpdatedSince(since: string, until?: string): AsyncIterable<ChannelOrderRef>;
}

const isoTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** A snapshot as parseOrderWebhook makes it: the webhook body mapped (map-rest-order.ts). */
function isSnapshotOf(id: string, snapshot: unknown): snapshot is RestOrderPart {
  const part = snapshot as Partial<RestOrderPart> | undefined;
  return part?.id === id && Array.isArray(part.lines) && typeof part.updatedAt === 'string';
}

export function createOrderReads(client: ShopifyGraphqlClient, now: () => number = Date.now): OrderReads {
  const refundReads = createRefundReads(client);
  const { completeOrder, withFreshDetails, withCachedDetails } = createOrderCompletion(client, now);
  async function readLines(id: string): Promise<schemas.LineItem[]> {
    return collect(
      paginate(async (after) => {
        const { data } = await client.request(documents.orderLineItems, { id, after }, schemas.orderLineItemsResponse);
        if (!data.order) throw shopifyError('not_found', `order ${id} disappeared while its lines were read`);
        return data.order.lineItems;
      }),
    );
  }

  async function readFulfillmentOrders(id: string): Promise<ChannelFulfillmentOrder[]> {
    const orders = paginate(async (after) => {
      const { data } = await client.request(documents.orderFulfillmentOrders, { id, after }, schemas.orderFulfillmentOrdersResponse);
      return data.order?.fulfillmentOrders ?? { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } };
    });
    const result: ChannelFulfillmentOrder[] = [];
    for await (const order of orders) {
      const lines = await collect(
        paginate(async (after) => {
          const { data } = await client.request(
            documents.fulfillmentOrderLineItems,
            { id: order.id, after },
            schemas.fulfillmentOrderLineItemsResponse,
          );
          if (!data.fulfillmentOrder)
            throw shopifyError('not_found', `fulfillment order ${order.id} disappeared while its lines were read`);
          return data.fulfillmentOrder.lineItems;
        }, order.lineItems),
      );
      result.push(mapFulfillmentOrder(order, lines));
    }
    return result;
  }

  return {
    withFreshProductDetails: withFreshDetails,
    withProductDetails: withCachedDetails,
    async getOrder(id, snapshot, options) {
      if (isSnapshotOf(id, snapshot)) {
        const completion = await completeOrder(snapshot, options);
        if (completion.order || completion.reason === 'gone') return completion.order;
      }
      const { data } = await client.request(documents.orderHeader, { id }, schemas.orderHeaderResponse);
      if (!data.order) return undefined;
      // Refunds matter to the lines (see ChannelOrderLine.creditedQuantity); most orders have none.
      const [lines, fulfillmentOrders, refunds] = await Promise.all([
        readLines(id),
        readFulfillmentOrders(id),
        data.order.refunds.length > 0 ? refundReads.listOrderRefunds(id) : [],
      ]);
      return mapOrder(data.order, lines, fulfillmentOrders, refunds);
    },

    listOrdersUpdatedSince(since, until) {
      for (const time of until === undefined ? [since] : [since, until])
        if (!isoTimestamp.test(time))
          throw shopifyError('invalid_request', `listOrdersUpdatedSince needs ISO timestamps, got ${JSON.stringify(time)}`);
      const query = `updated_at:>'${since}'` + (until === undefined ? '' : ` AND updated_at:<='${until}'`);
      return (async function* () {
        const nodes = paginate(async (after) => {
          const { data } = await client.request(documents.ordersUpdatedSince, { query, after }, schemas.ordersUpdatedSinceResponse);
          return data.orders;
        });
        for await (const node of nodes) {
          const ref: ChannelOrderRef = { id: node.id, legacyId: node.legacyResourceId, name: node.name, updatedAt: node.updatedAt };
          // Three or more may be more than the listing holds: the refunds poll reads them all.
          yield node.refunds && node.refunds.length < 3 ? { ...ref, refundIds: node.refunds.map((refund) => refund.id) } : ref;
        }
      })();
    },
  };
}
