/**
 * Refund documents. A refund is read whole in one document (lines, shipping, adjustments,
 * transactions, each a small first page); the rare refund of more than 30 lines reads the
 * rest with RefundLineItemsPage. Amounts are taken in shop money only.
 */
import { define, orderTransactionFragment, shopMoneyFragment } from './graphql-document.ts';

const refundLine = `
fragment RefundLineFields on RefundLineItem {
  id quantity restockType restocked
  location { id }
  lineItem { id sku }
  priceSet { ...ShopMoney }
  subtotalSet { ...ShopMoney }
  totalTaxSet { ...ShopMoney }
}`;

export const refundById = define(
  'RefundById',
  'query',
  480,
  `
query RefundById($id: ID!) {
  refund(id: $id) {
    id legacyResourceId createdAt processedAt updatedAt note
    order { id currencyCode }
    return { id }
    totalRefundedSet { ...ShopMoney }
    refundLineItems(first: 30) {
      pageInfo { hasNextPage endCursor }
      nodes { ...RefundLineFields }
    }
    refundShippingLines(first: 5) {
      nodes {
        id
        shippingLine { id }
        subtotalAmountSet { ...ShopMoney }
        taxAmountSet { ...ShopMoney }
      }
    }
    orderAdjustments(first: 10) {
      nodes { id reason amountSet { ...ShopMoney } taxAmountSet { ...ShopMoney } }
    }
    transactions(first: 20) {
      nodes { ...OrderTransactionFields }
    }
  }
}
${refundLine}
${orderTransactionFragment}
${shopMoneyFragment}`,
);

export const refundLineItemsPage = define(
  'RefundLineItemsPage',
  'query',
  560,
  `
query RefundLineItemsPage($id: ID!, $after: String) {
  refund(id: $id) {
    id
    refundLineItems(first: 60, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { ...RefundLineFields }
    }
  }
}
${refundLine}
${shopMoneyFragment}`,
);

/** The ids of an order's refunds; each is then read whole with RefundById. */
export const orderRefundIds = define(
  'OrderRefundIds',
  'query',
  105,
  `
query OrderRefundIds($id: ID!) {
  order(id: $id) {
    id
    refunds(first: 100) { id }
  }
}`,
);

export const refundDocuments = [refundById, refundLineItemsPage, orderRefundIds];
