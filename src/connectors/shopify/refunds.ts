/**
 * Refund reads: one refund whole, or every refund of an order. The refunds flow builds a
 * credit memo from these; it takes the money from `money.settled`, never from the order's
 * refunded total (which leaves out money still pending).
 */
import type { ChannelRefund } from '../../core/domain/channel-refund.ts';
import type { ShopifyGraphqlClient } from './client.ts';
import { orderRefundIds, refundById, refundLineItemsPage } from './refund-documents.ts';
import { shopifyError } from './errors.ts';
import { mapRefund } from './map-refund.ts';
import { collect, paginate } from './paging.ts';
import { orderRefundIdsResponse, refundByIdResponse, refundLineItemsPageResponse } from './refund-schemas.ts';

export interface RefundReads {
  /** The refund, or undefined when Shopify has none with that id. */
  getRefund(id: string): Promise<ChannelRefund | undefined>;
  /** Every refund of the order, oldest first; an unknown order has none. */
  listOrderRefunds(orderId: string): Promise<ChannelRefund[]>;
}

export function createRefundReads(client: ShopifyGraphqlClient): RefundReads {
  async function getRefund(id: string): Promise<ChannelRefund | undefined> {
    const { data } = await client.request(refundById, { id }, refundByIdResponse);
    if (!data.refund) return undefined;
    const first = data.refund.refundLineItems;
    const lines = await collect(
      paginate(async (after) => {
        const page = await client.request(refundLineItemsPage, { id, after }, refundLineItemsPageResponse);
        if (!page.data.refund) throw shopifyError('not_found', `refund ${id} disappeared while its lines were read`);
        return page.data.refund.refundLineItems;
      }, first),
    );
    return mapRefund(data.refund, lines);
  }

  return {
    getRefund,
    async listOrderRefunds(orderId) {
      const { data } = await client.request(orderRefundIds, { id: orderId }, orderRefundIdsResponse);
      const refunds: ChannelRefund[] = [];
      for (const { id } of data.order?.refunds ?? []) {
        const refund = await getRefund(id);
        if (refund) refunds.push(refund);
      }
      return refunds.sort((a, b) => (a.processedAt < b.processedAt ? -1 : a.processedAt > b.processedAt ? 1 : 0));
    },
  };
}
